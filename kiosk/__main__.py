"""``python -m kiosk`` (and the bundle's entry point): same as the ``kiosk`` command."""

import gc

# No cyclic garbage collection while the kiosk starts: ~70 collections ran before the
# first paint (18-25 ms, measured with gc.callbacks). kiosk.app enables it again right
# after the home screen has painted; every other subcommand at once (kiosk.cli).
gc.disable()

from kiosk.cli import main  # noqa: E402

raise SystemExit(main())
