"""A speech-dispatcher that the kiosk can talk to, and that outlives the kiosk.

Qt TextToSpeech's ``speechd`` engine talks to speech-dispatcher over a Unix socket. With
no daemon there, libspeechd *autospawns* one from the kiosk's process, and that one is
tied to the kiosk: its idle timeout ends it a few seconds after the kiosk's connection
goes, and after a crash of the kiosk (SIGKILL, as the supervisor or the kernel ends a
hung or bloated kiosk) the next kiosk's speech stayed silent (measured, Debian 12,
speech-dispatcher 0.11.4). A daemon that outlives the kiosk also saves the next kiosk
the start-up time.

So before the window starts (or in a worker thread; never on the UI thread: starting
takes about a second) :func:`ensure_speech_service` makes sure one answers:

1. find the socket: ``SPEECHD_ADDRESS=unix_socket:PATH`` if set, else speech-dispatcher's
   default ``$XDG_RUNTIME_DIR/speech-dispatcher/speechd.sock`` (without XDG_RUNTIME_DIR,
   ``$XDG_CACHE_HOME`` or ``~/.cache`` in its place, as GLib does);
2. connect and ask SSIP ``HELP``: an answer means *running*;
3. a socket file nobody listens on (connection refused: the daemon died) is removed;
4. start ``speech-dispatcher -d -t 0`` on that socket: ``-d`` forks a daemon whose parent
   is init, not the kiosk, so neither the supervisor (which ends the kiosk's whole process
   tree) nor a crash of the kiosk takes it along; ``-t 0`` switches its idle timeout off;
   ``start_new_session`` keeps it out of the kiosk's session and process group;
5. wait (bounded) until the socket answers, and say what happened.

speech-dispatcher must start *after* the sound server: it opens its audio output
(PulseAudio, or PipeWire's pulse socket) once. :func:`sound_server_socket` tells whether
that socket answers, and the result carries it, so a silent kiosk can be explained.
Nothing here raises; every outcome is a :class:`SpeechService`.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.technician import TN_

log = logging.getLogger("kiosk.speech")

Say = Callable[..., str]  # kiosk.core.technician.tech for the technician, english for the log


def english(text: str, /, **fields: object) -> str:
    """A text as written (the log's language), its placeholders filled."""
    return text.format(**fields) if fields else text


ADDRESS_VARIABLE = "SPEECHD_ADDRESS"
START_TIMEOUT_SECONDS = 3.0
PROBE_TIMEOUT_SECONDS = 1.0

ANSWERS = "answers"
REFUSED = "refused"  # a socket file with no listener: the daemon died, the file stayed
MISSING = "missing"


@dataclass(frozen=True)
class SpeechService:
    status: str  # running | started | failed | skipped (| stopped: service_status only)
    detail: str
    socket: Path | None = None
    pid: int | None = None  # the daemon's process id (its pid file), when it answers
    seconds: float = 0.0  # how long ensure_speech_service took
    sound_server: Path | None = None  # the PulseAudio/PipeWire socket that answered, if any

    @property
    def ok(self) -> bool:
        return self.status in ("running", "started")


def socket_path(env: Mapping[str, str] | None = None) -> Path | None:
    """Where speech-dispatcher listens (its own default rules); None for an inet address."""
    env = os.environ if env is None else env
    address = env.get(ADDRESS_VARIABLE, "").strip()
    if address:
        method, _, rest = address.partition(":")
        if method != "unix_socket":
            return None
        if rest and rest != "default":
            return Path(rest)
    runtime = env.get("XDG_RUNTIME_DIR") or env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(runtime) / "speech-dispatcher" / "speechd.sock"


def sound_server_socket(env: Mapping[str, str] | None = None) -> Path | None:
    """The PulseAudio (or pipewire-pulse) socket, if one answers a connect."""
    env = os.environ if env is None else env
    server = env.get("PULSE_SERVER", "").strip()
    if server:
        candidates = [Path(server.removeprefix("unix:"))] if server.startswith(("unix:", "/")) else []
    elif env.get("XDG_RUNTIME_DIR"):
        candidates = [Path(env["XDG_RUNTIME_DIR"]) / "pulse" / "native"]
    else:
        candidates = []
    for path in candidates:
        with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(PROBE_TIMEOUT_SECONDS)
            sock.connect(str(path))
            return path
    return None


def probe(path: Path, timeout: float = PROBE_TIMEOUT_SECONDS, say: Say = english) -> tuple[str, int | None]:
    """(``answers`` | ``refused`` | ``missing`` | an error text by ``say``, the daemon's pid if
    known). ``answers`` only when the listener speaks SSIP: ``HELP`` gets a ``2xx`` final line."""
    if not path.exists():
        return MISSING, None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(str(path))
        sock.sendall(b"HELP\r\n")
        data = b""
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                return say(TN_("closed the connection without an SSIP answer")), None
            data += chunk
            final = [line for line in data.split(b"\r\n") if len(line) > 3 and line[3:4] == b" "]
            if final:
                if final[0][:1] != b"2":
                    return say(TN_("SSIP answer {answer}"), answer=repr(final[0][:40])), None
                return ANSWERS, _daemon_pid(path)
    except ConnectionRefusedError:
        return REFUSED, None
    except TimeoutError:
        return say(TN_("no SSIP answer within {seconds} s"), seconds=f"{timeout:.1f}"), None
    except OSError as exc:
        if exc.errno == errno.ECONNREFUSED:
            return REFUSED, None
        return say(TN_("{path}: {error}"), path=path, error=exc.strerror or exc), None
    finally:
        sock.close()


def pid_file(path: Path) -> Path:
    """speech-dispatcher's pid file for the daemon on ``path`` (its default place, beside
    the default socket; passed with ``-P`` so daemons on other sockets do not share it)."""
    return path.parent / "pid" / "speech-dispatcher.pid"


def _daemon_pid(path: Path) -> int | None:
    """The daemon's process id from its pid file, if that process is alive (SO_PEERCRED
    names the process that called listen(), which ``-d`` leaves before it forks)."""
    try:
        pid = int(pid_file(path).read_text().split()[0])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return None
    return pid


def service_status(env: Mapping[str, str] | None = None, say: Say = english) -> SpeechService:
    """Whether a speech-dispatcher answers now, starting nothing (``kiosk doctor``): status
    ``running``, ``stopped`` (the kiosk starts one), ``failed`` (it could not) or ``skipped``;
    the detail in ``say``'s language."""
    started = time.monotonic()
    env = dict(os.environ if env is None else env)
    sound = sound_server_socket(env)
    if not sys.platform.startswith("linux"):
        return SpeechService("skipped", say(TN_("not Linux")), sound_server=sound)
    path = socket_path(env)
    if path is None:
        address = f"{ADDRESS_VARIABLE}={env.get(ADDRESS_VARIABLE)!r}"
        return SpeechService("failed", say(TN_("{address}: only unix_socket is handled"), address=address))
    state, pid = probe(path, say=say)
    took = time.monotonic() - started
    if state == ANSWERS:
        return SpeechService("running", say(TN_("answers on {path}"), path=path), path, pid, took, sound)
    if shutil.which("speech-dispatcher", path=env.get("PATH")) is None:
        missing = say(TN_("speech-dispatcher is not installed (Debian: speech-dispatcher-espeak-ng)"))
        return SpeechService("failed", missing, path, None, took, sound)
    why = say(TN_("a stale socket")) if state == REFUSED else say(TN_("no socket")) if state == MISSING else state
    detail = say(TN_("not running ({why} at {path}); the kiosk starts it"), why=why, path=path)
    return SpeechService("stopped", detail, path, None, took, sound)


def ensure_speech_service(
    timeout: float = START_TIMEOUT_SECONDS, env: Mapping[str, str] | None = None
) -> SpeechService:
    """Make sure a speech-dispatcher answers on the kiosk's socket; start one that outlives
    the kiosk if not. Blocks up to ``timeout`` seconds (plus a probe): call it before the
    window starts or from a worker thread. ``env``: the environment the daemon gets (and
    whose SPEECHD_ADDRESS / XDG_RUNTIME_DIR / PULSE_SERVER count), default os.environ."""
    started = time.monotonic()
    env = dict(os.environ if env is None else env)

    def done(status: str, detail: str, path: Path | None = None, pid: int | None = None) -> SpeechService:
        result = SpeechService(status, detail, path, pid, time.monotonic() - started, sound_server_socket(env))
        (log.info if result.ok or status == "skipped" else log.warning)(
            "speech service %s: %s (%.2f s)", status, detail, result.seconds
        )
        return result

    if not sys.platform.startswith("linux"):
        return done("skipped", "not Linux: Qt TextToSpeech uses the system's own voices")
    path = socket_path(env)
    if path is None:
        return done("failed", f"{ADDRESS_VARIABLE}={env.get(ADDRESS_VARIABLE)!r}: only unix_socket is handled")
    state, pid = probe(path)
    if state == ANSWERS:
        return done("running", f"answers on {path}", path, pid)
    if state == REFUSED:  # nobody listens: the file of a daemon that died (0.11.4 replaces it too; older ones?)
        try:
            path.unlink()
        except OSError as exc:
            return done("failed", f"stale socket {path} cannot be removed: {exc.strerror or exc}", path)
        log.info("removed the stale speech-dispatcher socket %s", path)
    elif state != MISSING:
        return done("failed", state, path)
    binary = shutil.which("speech-dispatcher", path=env.get("PATH"))
    if binary is None:
        return done("failed", "speech-dispatcher is not installed (Debian: speech-dispatcher-espeak-ng)")
    try:
        pid_file(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # and the socket's folder
    except OSError as exc:
        return done("failed", f"{path.parent}: {exc.strerror or exc}", path)
    problem = _start(binary, path, env, timeout)
    if problem:
        return done("failed", problem, path)
    end = started + timeout
    while True:
        state, pid = probe(path)
        if state == ANSWERS:
            return done("started", f"speech-dispatcher started on {path}", path, pid)
        if time.monotonic() >= end:
            silent = f"speech-dispatcher started but {path} did not answer within {timeout:.0f} s ({state})"
            return done("failed", silent, path)
        time.sleep(0.05)


def _start(binary: str, path: Path, env: dict[str, str], timeout: float) -> str:
    """Run ``speech-dispatcher -d``: its first process forks the daemon and exits. The
    daemon's stderr goes to a temporary file, not a pipe it would hold open."""
    command = [binary, "-d", "-t", "0", "-c", "unix_socket", "-S", str(path), "-P", str(pid_file(path))]
    with tempfile.TemporaryFile() as errors:
        try:
            launcher = subprocess.Popen(
                command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors,
                start_new_session=True, close_fds=True,
            )  # fmt: skip
        except OSError as exc:
            return f"{binary}: {exc.strerror or exc}"
        try:
            code = launcher.wait(timeout)
        except subprocess.TimeoutExpired:
            launcher.kill()
            launcher.wait()
            return f"speech-dispatcher -d did not detach within {timeout:.0f} s"
        if code != 0:
            errors.seek(0)
            lines = [line for line in errors.read().decode("utf-8", "replace").splitlines() if line.strip()]
            return f"speech-dispatcher exited with code {code}" + (f": {lines[-1].strip()}" if lines else "")
    return ""
