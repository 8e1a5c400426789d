"""``python -m kiosk``, the ``kiosk`` command and the bundle's entry point."""

import gc

# No cyclic garbage collection while the kiosk starts: ~70 collections ran before the
# first paint (18-25 ms, measured with gc.callbacks). kiosk.app enables it again right
# after the home screen has painted; every other subcommand at once (kiosk.commands.entry).
gc.disable()


def entry() -> int:
    from kiosk.commands.entry import main
    from kiosk.env import use_county_time_zone

    use_county_time_zone()  # before anything reads the clock
    return main()


if __name__ == "__main__":
    raise SystemExit(entry())
