"""``kiosk supervise``: run the kiosk as a child process and keep it alive.

One pure function, :func:`decide`, turns what the supervisor observes (exit code,
heartbeat age, process-tree memory, whether a visitor is in a session, the time of
day) into an action; :class:`Supervisor` only observes, acts and logs. Every restart is
logged with its reason.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import psutil

from kiosk import exit_codes
from kiosk.metrics.restarts import RESTARTS_ENV, format_restarts
from kiosk.system.health import tree_memory_mb
from kiosk.system.heartbeat import HEARTBEAT_ENV, read_heartbeat

log = logging.getLogger("kiosk.supervisor")

EXIT_RESTART = exit_codes.RESTART  # restart without back-off
EXIT_STOP = exit_codes.OK  # closed on purpose (admin panel "Exit"): the supervisor stops too

STARTUP_GRACE_SECONDS = 30.0
POLL_SECONDS = 0.25
MEMORY_EVERY_SECONDS = 10.0  # reading every process's smaps is not free
TERMINATE_WAIT_SECONDS = 5.0


class Action(Enum):
    KEEP = "keep"
    RESTART = "restart"
    STOP = "stop"


NIGHTLY_JITTER_SECONDS = 120.0  # the random delay of a nightly restart: up to two minutes
NIGHTLY_MIN_UPTIME = dt.timedelta(hours=1)  # started later than this before: no restart tonight
NIGHTLY_WINDOW = dt.timedelta(hours=1)  # a visitor still there after this: not tonight


@dataclass(frozen=True)
class Limits:
    heartbeat_seconds: float = 15.0
    memory_soft_mb: float = 1500.0
    memory_hard_mb: float = 3000.0
    nightly_restart: dt.time | None = None
    startup_grace_seconds: float = STARTUP_GRACE_SECONDS


@dataclass(frozen=True)
class Observation:
    """One look at the child. ``exit_code`` is None while it runs."""

    exit_code: int | None
    uptime: float
    heartbeat_age: float | None  # None: no heartbeat since this child started
    in_session: bool
    memory_mb: float
    now: dt.datetime
    nightly_done_on: dt.date | None = None
    nightly_delay: float = 0.0  # this night's random delay, seconds


@dataclass(frozen=True)
class Decision:
    action: Action
    reason: str = ""
    crash: bool = False  # counts towards back-off
    hung: bool = False  # a hung (or stopped) process cannot act on SIGTERM: kill at once
    nightly: bool = False  # the day's planned restart: not again until tomorrow
    kind: str = ""  # why, as one word (kiosk/metrics/restarts.py RESTART_REASONS)


KEEP = Decision(Action.KEEP)


def decide(seen: Observation, limits: Limits) -> Decision:
    """What to do about the child right now."""
    if seen.exit_code is not None:
        if seen.exit_code == EXIT_STOP:
            return Decision(Action.STOP, "the kiosk was closed on purpose (exit code 0)")
        if seen.exit_code == EXIT_RESTART:
            return Decision(Action.RESTART, "the kiosk asked for a restart", kind="requested")
        how = f"killed by signal {-seen.exit_code}" if seen.exit_code < 0 else f"exit code {seen.exit_code}"
        kind = "crash_loop" if seen.exit_code == exit_codes.CRASH_LOOP else "crash"
        return Decision(Action.RESTART, f"the kiosk exited abnormally ({how})", crash=True, kind=kind)
    if seen.heartbeat_age is None:
        if seen.uptime > max(limits.startup_grace_seconds, limits.heartbeat_seconds):
            reason = f"no heartbeat {seen.uptime:.0f} s after start (hung at start-up)"
            return Decision(Action.RESTART, reason, crash=True, hung=True, kind="hang")
    elif seen.heartbeat_age > limits.heartbeat_seconds:
        why = f"no heartbeat for {seen.heartbeat_age:.0f} s (hung)"
        return Decision(Action.RESTART, why, crash=True, hung=True, kind="hang")
    if seen.memory_mb > limits.memory_hard_mb:
        return Decision(
            Action.RESTART,
            f"memory {seen.memory_mb:.0f} MB above the hard limit {limits.memory_hard_mb:.0f} MB",
            kind="memory",
        )
    if seen.in_session:
        return KEEP
    if seen.memory_mb > limits.memory_soft_mb:
        return Decision(
            Action.RESTART,
            f"memory {seen.memory_mb:.0f} MB above the soft limit {limits.memory_soft_mb:.0f} MB (between visitors)",
            kind="memory",
        )
    if limits.nightly_restart is not None and seen.nightly_done_on != seen.now.date():
        # Like Chrome OS's scheduled reboot: at the time plus this night's random delay (16
        # kiosks do not restart together), skipped when the kiosk started less than an hour
        # before, never caught up (a machine that was off, or a visitor past the window).
        due = dt.datetime.combine(seen.now.date(), limits.nightly_restart) + dt.timedelta(seconds=seen.nightly_delay)
        started = seen.now - dt.timedelta(seconds=seen.uptime)
        if due <= seen.now < due + NIGHTLY_WINDOW and started <= due - NIGHTLY_MIN_UPTIME:
            why = f"nightly restart ({limits.nightly_restart:%H:%M} + {seen.nightly_delay:.0f} s)"
            return Decision(Action.RESTART, why, nightly=True, kind="nightly")
    return KEEP


@dataclass
class Backoff:
    """Delay before a restart: immediate for the first ``free`` crashes in ``window``
    seconds, then doubling from 2 s up to ``cap`` — a crash loop must not spin the CPU."""

    free: int = 3
    window: float = 300.0
    cap: float = 60.0
    crashes: list[float] = field(default_factory=list)

    def delay_after_crash(self, now: float) -> float:
        self.crashes = [t for t in self.crashes if now - t < self.window] + [now]
        excess = len(self.crashes) - self.free
        return 0.0 if excess <= 0 else min(self.cap, 2.0**excess)


class Supervisor:
    """Starts ``command``, watches it, restarts it per :func:`decide`."""

    def __init__(
        self,
        command: Sequence[str],
        limits: Limits,
        heartbeat_file: Path | None = None,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self.command = list(command)
        self.limits = limits
        self.heartbeat_file = heartbeat_file or Path(tempfile.gettempdir()) / f"infomat-heartbeat-{os.getpid()}.json"
        self._clock = clock
        self.backoff = Backoff()
        self.child: subprocess.Popen[bytes] | None = None
        self._started = 0.0
        self._nightly_done_on: dt.date | None = None
        self._nightly_delay: tuple[dt.date | None, float] = (None, 0.0)
        self._stopping = False
        self._memory: tuple[float, float] = (0.0, 0.0)  # (taken at, MB)
        # The heartbeat's age is measured on the supervisor's own monotonic clock, from
        # when the file's content last changed: a wall-clock jump (NTP after boot, a wrong
        # RTC) must neither fake a hang nor hide one.
        self._beat: tuple[float, float] | None = None  # (kiosk's timestamp, seen at monotonic)
        self.restarts: dict[str, int] = {}  # by Decision.kind, handed to each kiosk started

    def start_child(self) -> None:
        self.heartbeat_file.unlink(missing_ok=True)
        child_env = dict(os.environ, **{HEARTBEAT_ENV: str(self.heartbeat_file)})
        child_env[RESTARTS_ENV] = format_restarts(self.restarts)
        self.child = subprocess.Popen(self.command, env=child_env)
        self._started = time.monotonic()
        self._memory = (0.0, 0.0)
        self._beat = None
        log.info("started the kiosk (pid %d)", self.child.pid)

    def observe(self) -> Observation:
        assert self.child is not None
        exit_code = self.child.poll()
        beat = read_heartbeat(self.heartbeat_file)
        fresh = beat if beat is not None and beat.pid == self.child.pid else None
        now = time.monotonic()
        if fresh is not None and (self._beat is None or self._beat[0] != fresh.time):
            self._beat = (fresh.time, now)
        return Observation(
            exit_code=exit_code,
            uptime=now - self._started,
            heartbeat_age=None if self._beat is None else now - self._beat[1],
            in_session=bool(fresh and fresh.in_session),
            memory_mb=0.0 if exit_code is not None else self._memory_mb(),
            now=self._clock(),
            nightly_done_on=self._nightly_done_on,
            nightly_delay=self._nightly_delay_for(self._clock().date()),
        )

    def _nightly_delay_for(self, day: dt.date) -> float:
        """One random delay per night, kept for the whole night."""
        if self._nightly_delay[0] != day:
            self._nightly_delay = (day, random.uniform(0.0, NIGHTLY_JITTER_SECONDS))
        return self._nightly_delay[1]

    def _memory_mb(self) -> float:
        assert self.child is not None
        taken_at, value = self._memory
        if time.monotonic() - taken_at >= MEMORY_EVERY_SECONDS:
            value = tree_memory_mb(self.child.pid)
            self._memory = (time.monotonic(), value)
        return value

    def stop_child(self, graceful: bool = True) -> None:
        """SIGTERM the whole tree, SIGKILL what is left after a few seconds (at once if
        not ``graceful``)."""
        if self.child is None or self.child.poll() is not None:
            return
        try:
            tree = [psutil.Process(self.child.pid), *psutil.Process(self.child.pid).children(recursive=True)]
        except psutil.Error:
            tree = []
        if graceful:
            for process in tree:
                with contextlib.suppress(psutil.Error):
                    process.send_signal(signal.SIGTERM)
            _, alive = psutil.wait_procs(tree, timeout=TERMINATE_WAIT_SECONDS)
        else:
            alive = tree
        for process in alive:
            with contextlib.suppress(psutil.Error):
                process.kill()
        self.child.wait()

    def step(self) -> Decision:
        """Observe once and act; returns the decision taken."""
        seen = self.observe()
        decision = decide(seen, self.limits)
        if decision.action is Action.KEEP:
            return decision
        if decision.action is Action.STOP:
            log.info("%s; the supervisor stops", decision.reason)
            return decision
        log.warning("restarting the kiosk: %s", decision.reason)
        self.restarts[decision.kind or "crash"] = self.restarts.get(decision.kind or "crash", 0) + 1
        if decision.nightly:
            self._nightly_done_on = seen.now.date()
        self.stop_child(graceful=not decision.hung)
        delay = self.backoff.delay_after_crash(time.monotonic()) if decision.crash else 0.0
        if delay:
            log.warning("the kiosk is crash-looping: waiting %.0f s before the next start", delay)
            self._sleep(delay)
        if not self._stopping:
            self.start_child()
        return decision

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self._stopping and time.monotonic() < end:
            time.sleep(min(POLL_SECONDS, end - time.monotonic()))

    def run(self) -> int:
        """Until the kiosk is closed on purpose or the supervisor is told to stop."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_signal)
        self.start_child()
        try:
            while not self._stopping:
                if self.step().action is Action.STOP:
                    return 0
                self._sleep(POLL_SECONDS)
        finally:
            self.stop_child()
            self.heartbeat_file.unlink(missing_ok=True)
        return 0

    def _on_signal(self, signum: int, _frame: object) -> None:
        log.info("supervisor got signal %d: stopping the kiosk", signum)
        self._stopping = True


def kiosk_command(config: Path | None, extra: Sequence[str] = ()) -> list[str]:
    """How to start ``kiosk run`` from here: the frozen executable or this Python."""
    base = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "kiosk"]
    command = [*base, "run"]
    if config is not None:
        command += ["--config", str(config)]
    return command + list(extra)
