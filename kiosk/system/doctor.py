"""``kiosk doctor``: check a machine before it becomes a kiosk; a clear pass/fail list.

Each check is a small function returning :class:`Check`; nothing here raises. The
WebEngine check runs ``kiosk self-test`` in a child process, so a crash there is a FAIL
line, not the end of the doctor.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from kiosk import paths
from kiosk.system.check import Check

MIN_FREE_DISK_MB = 500


def check_user() -> Check:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return Check("FAIL", "unprivileged user", "running as root; run the kiosk as the dedicated `kiosk` user")
    return Check("PASS", "unprivileged user", f"uid {os.geteuid()}" if hasattr(os, "geteuid") else "")


def check_sandbox() -> Check:
    from kiosk import env

    if env.sandbox_disabled():
        return Check("FAIL", "Chromium sandbox", "disabled by QTWEBENGINE_DISABLE_SANDBOX (tests and demos only)")
    return Check("PASS", "Chromium sandbox", "on")


def check_display() -> Check:
    from kiosk import env

    problem = env.display_problem()
    if problem:
        return Check("WARN", "display", problem)
    where = os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM", "")
    return Check("PASS", "display", where or "native")


def check_qt_plugins() -> list[Check]:
    from PySide6.QtCore import QLibraryInfo

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    platforms = sorted(p.name for p in (plugins / "platforms").glob("*") if p.is_file())
    keyboard = list((plugins / "platforminputcontexts").glob("*virtualkeyboard*"))
    wanted = {"linux": "xcb", "win32": "qwindows"}.get(sys.platform, "")
    return [
        Check(
            "PASS" if any(wanted in name for name in platforms) else "FAIL",
            "Qt platform plugins",
            ", ".join(platforms) or f"none in {plugins / 'platforms'}",
        ),
        Check(
            "PASS" if keyboard else "FAIL",
            "Qt Virtual Keyboard plugin",
            keyboard[0].name if keyboard else f"missing in {plugins / 'platforminputcontexts'}",
        ),
    ]


def self_test_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, "self-test"]
    return [sys.executable, "-m", "kiosk", "self-test"]


def check_web_engine(timeout: float = 120.0) -> Check:
    try:
        done = subprocess.run(self_test_command(), capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Check("FAIL", "WebEngine start (self-test)", f"no result within {timeout:.0f} s")
    except OSError as exc:
        return Check("FAIL", "WebEngine start (self-test)", str(exc))
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode == 0:
        return Check("PASS", "WebEngine start (self-test)", lines[-1] if lines else "")
    failed = next((line for line in lines if line.startswith("FAIL")), None)
    detail = failed or (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
    return Check("FAIL", "WebEngine start (self-test)", detail)


def check_config(path: Path) -> tuple[Check, object | None]:
    from kiosk.config import ConfigError, load_config

    try:
        config = load_config(path)
    except ConfigError as exc:
        return Check("FAIL", "config", f"{path}: {len(exc.errors)} problem(s), first: {exc.errors[0]}"), None
    return Check("PASS", "config", f"{path} (config_version {config.config_version})"), config


def check_services(config, head: Callable[[str, float], int] | None = None) -> list[Check]:
    from kiosk.system.connectivity import probe

    checks = []
    for service in config.services:
        result = probe([service.url], config.network.timeout_seconds, head)
        checks.append(
            Check("PASS" if result.online else "WARN", f"service {service.id} reachable", result.detail or "")
        )
    return checks


def check_display_power(config) -> Check:
    """Which backend switches the display off outside hours, and whether its tool is there."""
    import shutil

    from kiosk.system.display import choose_backend

    schedule = config.schedule
    backend = choose_backend(schedule.display, schedule.display_output)
    uses = schedule.display_off or schedule.outside == "display_off"
    tool = {"x11": "xset", "wayland": "wlr-randr"}.get(backend.name)
    if tool and shutil.which(tool) is None:
        detail = f"{backend.name}: {tool} not found; the window blanks instead"
        return Check("WARN" if uses else "PASS", "display power", detail)
    if backend.name == "none":
        detail = "none: the window blanks itself black (the monitor stays powered)"
        return Check("WARN" if uses else "PASS", "display power", detail)
    return Check("PASS", "display power", f"{backend.name}" + ("" if uses else " (not used: no display_off)"))


def check_disk(path: Path) -> Check:
    probe_path = path
    while not probe_path.exists() and probe_path != probe_path.parent:
        probe_path = probe_path.parent
    free_mb = shutil.disk_usage(probe_path).free / 1024**2
    status = "PASS" if free_mb >= MIN_FREE_DISK_MB else "FAIL"
    return Check(status, "free disk", f"{free_mb:.0f} MB at {probe_path} (need {MIN_FREE_DISK_MB} MB)")


def check_writable(name: str, directory: Path) -> Check:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Check("FAIL", f"{name} dir writable", f"{directory}: {exc.strerror or exc}")
    return Check("PASS", f"{name} dir writable", str(directory))


def check_key_hooks() -> Check:
    from kiosk.lockdown.os_keys import OS_BLOCKED_KEYS, UNSUPPORTED_REASONS

    if sys.platform in OS_BLOCKED_KEYS:
        return Check("PASS", "OS key hooks", f"supported here ({len(OS_BLOCKED_KEYS[sys.platform])} combinations)")
    reason = UNSUPPORTED_REASONS.get(sys.platform, "not supported on this platform")
    return Check("WARN", "OS key hooks", reason)


def check_speech() -> list[Check]:
    """The speech-dispatcher the kiosk speaks through (asked, not started: the kiosk starts
    one that outlives it, the doctor must not) and a voice for each of the kiosk's languages."""
    from kiosk.system.speech_service import service_status
    from kiosk.system.speech_voices import CHECK_NAME, engine_name, query_locale_names, voices_check

    checks = []
    service = service_status()
    if service.status != "skipped":
        sound = f"; sound server {service.sound_server}" if service.sound_server else "; no sound server answers"
        status = "FAIL" if service.status == "failed" else "PASS" if service.sound_server else "WARN"
        checks.append(Check(status, "speech service", f"{service.status}: {service.detail}{sound}"))
    names, problem = query_locale_names()
    if problem:
        return [*checks, Check("FAIL", CHECK_NAME, problem)]
    return [*checks, voices_check(names, engine_name())]


def check_printer(config) -> list[Check]:
    """[printing] printer: the CUPS queue exists, is enabled and accepting, and nothing
    stops it (paper, jam, offline: the same look as infomat_printer_up). Nothing without one."""
    name = config.printing.printer
    if not name:
        return []
    if sys.platform == "win32":
        return [Check("WARN", "printer", f"{name}: Windows printers are not checked yet")]
    from kiosk.web.printing import CupsQueue

    if not CupsQueue.available():
        return [Check("FAIL", "printer", "lp and lpstat missing: install the Debian package cups-client")]
    state = CupsQueue(name).state()
    if state.up:
        return [Check("PASS", "printer", f"{name}: enabled and accepting jobs")]
    return [Check("FAIL", "printer", f"{name}: {', '.join(state.reasons) or 'down'} ({state.detail})")]


def run_doctor(config_path: Path, web_engine: bool = True) -> list[Check]:
    """Every check, in the order a technician would fix them."""
    checks = [check_user(), check_sandbox(), check_display(), *check_qt_plugins()]
    from kiosk.system.doctor_fleet_clock import check_clock, check_county, machine_time_zone, ntp_synchronised

    config_check, local = check_config(config_path)
    checks.append(config_check)
    checks += check_clock(machine_time_zone(), ntp_synchronised())
    if web_engine:
        checks.append(check_web_engine())
    if local is not None:
        from kiosk.fleet.in_force import config_in_force

        checks += check_county(local)
        config = config_in_force(local).config  # the services the kiosk really opens
        checks += check_services(config)
        checks.append(check_display_power(config))
        checks += check_printer(config)
    checks.append(check_disk(paths.data_dir()))
    for name, directory in (("log", paths.log_dir()), ("cache", paths.cache_dir()), ("stats", paths.data_dir())):
        checks.append(check_writable(name, directory))
    checks.append(check_key_hooks())
    checks += check_speech()
    return checks
