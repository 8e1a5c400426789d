"""Process exit codes, one table for the CLI, the kiosk and ``kiosk supervise``.

The supervisor reads them: OK stops it, RESTART restarts without back-off, anything
else is a failure that restarts with back-off.
"""

OK = 0  # also "closed on purpose" (admin panel Exit): the supervisor stops too
FAILED = 1  # self-test or doctor found a failure
CONFIG = 2  # the config has problems (printed one per line)
CRASH_LOOP = 3  # renderers kept crashing or hanging: a fresh process may help
ENVIRONMENT = 4  # nowhere to draw, or root with the sandbox on
RESTART = 75  # the kiosk asks to be restarted (admin panel); EX_TEMPFAIL
