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
from kiosk.core.technician import TN_, tech, tech_n
from kiosk.system.check import Check

MIN_FREE_DISK_MB = 500


def check_user() -> Check:
    name = tech("unprivileged user")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return Check("FAIL", name, tech("running as root; run the kiosk as the dedicated `kiosk` user"))
    return Check("PASS", name, tech("uid {uid}", uid=os.geteuid()) if hasattr(os, "geteuid") else "")


def check_sandbox() -> Check:
    from kiosk import env

    name = tech("Chromium sandbox")
    if env.sandbox_disabled():
        return Check("FAIL", name, tech("disabled by QTWEBENGINE_DISABLE_SANDBOX (tests and demos only)"))
    return Check("PASS", name, tech("on"))


def check_display() -> Check:
    from kiosk.system.display import display_problem

    problem = display_problem()
    if problem:
        return Check("WARN", tech("display"), problem)
    where = os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM", "")
    return Check("PASS", tech("display"), tech("{where}", where=where) if where else tech("native"))


def check_qt_plugins() -> list[Check]:
    from PySide6.QtCore import QLibraryInfo

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    platforms = sorted(p.name for p in (plugins / "platforms").glob("*") if p.is_file())
    keyboard = list((plugins / "platforminputcontexts").glob("*virtualkeyboard*"))
    wanted = {"linux": "xcb", "win32": "qwindows"}.get(sys.platform, "")
    return [
        Check(
            "PASS" if any(wanted in name for name in platforms) else "FAIL",
            tech("Qt platform plugins"),
            tech("{plugins}", plugins=", ".join(platforms))
            if platforms
            else tech("none in {folder}", folder=plugins / "platforms"),
        ),
        Check(
            "PASS" if keyboard else "FAIL",
            tech("Qt Virtual Keyboard plugin"),
            tech("{plugin}", plugin=keyboard[0].name)
            if keyboard
            else tech("missing in {folder}", folder=plugins / "platforminputcontexts"),
        ),
    ]


def self_test_command() -> list[str]:
    """``kiosk self-test`` in the doctor's own language (its last line becomes the doctor's)."""
    from kiosk.core.technician import language

    base = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "kiosk"]
    return [*base, "self-test", "--lang", language()]


def check_web_engine(timeout: float = 120.0) -> Check:
    name = tech("WebEngine start (self-test)")
    try:
        done = subprocess.run(self_test_command(), capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Check("FAIL", name, tech("no result within {seconds} s", seconds=f"{timeout:.0f}"))
    except OSError as exc:
        return Check("FAIL", name, tech("cannot start the self-test: {error}", error=exc))
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode == 0:
        return Check("PASS", name, tech("{line}", line=lines[-1]) if lines else "")
    failed = next((line for line in lines if line.startswith("FAIL")), None)
    if failed:
        return Check("FAIL", name, tech("{line}", line=failed))  # the self-test's own words
    last = (done.stderr.strip().splitlines() or [""])[-1]
    return Check("FAIL", name, tech("exit code {code}: {error}", code=done.returncode, error=last))


def check_config(path: Path) -> tuple[Check, object | None]:
    from kiosk.config import ConfigError, load_config

    try:
        config = load_config(path)
    except ConfigError as exc:
        problems = tech_n("{n} problem", "{n} problems", len(exc.errors))
        detail = tech("{path}: {problems}, first: {first}", path=path, problems=problems, first=exc.errors[0])
        return Check("FAIL", tech("config"), detail), None
    detail = tech("{path} (config_version {version})", path=path, version=config.config_version)
    return Check("PASS", tech("config"), detail), config


def check_services(config, head: Callable[[str, float], int] | None = None) -> list[Check]:
    from kiosk.system.connectivity import probe

    checks = []
    for service in config.services:
        result = probe([service.url], config.network.timeout_seconds, head)
        name = tech("service {id} reachable", id=service.id)
        checks.append(Check("PASS" if result.online else "WARN", name, result.say()))
    return checks


def check_display_power(config) -> Check:
    """Which backend switches the display off outside hours, and whether its tool is there."""
    import shutil

    from kiosk.system.display import choose_backend

    schedule = config.schedule
    backend = choose_backend(schedule.display, schedule.display_output)
    uses = schedule.display_off or schedule.outside == "display_off"
    tool = {"x11": "xset", "wayland": "wlr-randr"}.get(backend.name)
    name = tech("display power")
    if tool and shutil.which(tool) is None:
        detail = tech("{backend}: {tool} not found; the window blanks instead", backend=backend.name, tool=tool)
        return Check("WARN" if uses else "PASS", name, detail)
    if backend.name == "none":
        detail = tech("none: the window blanks itself black (the monitor stays powered)")
        return Check("WARN" if uses else "PASS", name, detail)
    if uses:
        return Check("PASS", name, tech("{backend}", backend=backend.name))
    return Check("PASS", name, tech("{backend} (not used: no display_off)", backend=backend.name))


def check_disk(path: Path) -> Check:
    probe_path = path
    while not probe_path.exists() and probe_path != probe_path.parent:
        probe_path = probe_path.parent
    free_mb = shutil.disk_usage(probe_path).free / 1024**2
    status = "PASS" if free_mb >= MIN_FREE_DISK_MB else "FAIL"
    detail = tech("{free} MB at {path} (need {need} MB)", free=f"{free_mb:.0f}", path=probe_path, need=MIN_FREE_DISK_MB)
    return Check(status, tech("free disk"), detail)


#: The kiosk's own folders the doctor writes a test file into.
FOLDERS = {"log": TN_("log dir writable"), "cache": TN_("cache dir writable"), "stats": TN_("stats dir writable")}


def check_writable(name: str, directory: Path) -> Check:
    title = tech(FOLDERS[name]) if name in FOLDERS else tech("{name} dir writable", name=name)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Check("FAIL", title, tech("{folder}: {error}", folder=directory, error=exc.strerror or exc))
    return Check("PASS", title, tech("{folder}", folder=directory))


def check_key_hooks() -> Check:
    from kiosk.lockdown.os_keys import OS_BLOCKED_KEYS, UNSUPPORTED_REASONS

    name = tech("OS key hooks")
    if sys.platform in OS_BLOCKED_KEYS:
        count = len(OS_BLOCKED_KEYS[sys.platform])
        return Check(
            "PASS", name, tech_n("supported here ({n} combination)", "supported here ({n} combinations)", count)
        )
    return Check("WARN", name, tech(UNSUPPORTED_REASONS.get(sys.platform, TN_("not supported on this platform"))))


def check_speech() -> list[Check]:
    """The speech-dispatcher the kiosk speaks through (asked, not started: the kiosk starts
    one that outlives it, the doctor must not) and a voice for each of the kiosk's languages."""
    from kiosk.system.speech_service import service_status
    from kiosk.system.speech_voices import CHECK_NAME, engine_name, query_locale_names, voices_check

    checks = []
    service = service_status(say=tech)
    if service.status != "skipped":
        state = tech(SERVICE_STATES.get(service.status, service.status))
        detail = (
            tech("{state}: {detail}; sound server {socket}", state=state, detail=service.detail,
                 socket=service.sound_server)
            if service.sound_server
            else tech("{state}: {detail}; no sound server answers", state=state, detail=service.detail)
        )  # fmt: skip
        status = "FAIL" if service.status == "failed" else "PASS" if service.sound_server else "WARN"
        checks.append(Check(status, tech("speech service"), detail))
    names, problem = query_locale_names()
    if problem:
        return [*checks, Check("FAIL", tech(CHECK_NAME), problem)]
    return [*checks, voices_check(names, engine_name())]


SERVICE_STATES = {"running": TN_("running"), "stopped": TN_("stopped"), "failed": TN_("failed")}


def check_printer(config, platform: str = sys.platform) -> list[Check]:
    """[printing] printer: the queue exists and nothing stops it (paper, jam, offline: the
    same look as infomat_printer_up) — CUPS on Linux, the Windows spooler through Qt's
    QPrinterInfo (kiosk/web/spoolers.py). Nothing without a printer."""
    name = config.printing.printer
    if not name:
        return []
    title = tech("printer")
    from kiosk.web.printing import CupsQueue
    from kiosk.web.spoolers import CUPS_BACKEND, open_spooler, spooler_kind

    if spooler_kind(platform) == CUPS_BACKEND and not CupsQueue.available():
        return [Check("FAIL", title, tech("lp and lpstat missing: install the Debian package cups-client"))]
    if spooler_kind(platform) != CUPS_BACKEND:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(["kiosk-doctor"])  # noqa: F841 - QPrinterInfo needs one
    state = open_spooler(name, platform).state()
    if state.up:
        return [Check("PASS", title, tech("{queue}: enabled and accepting jobs", queue=name))]
    reasons = ", ".join(state.reasons) or tech("down")  # the spooler's own words (media-empty …): greppable
    return [
        Check("FAIL", title, tech("{queue}: {reasons} ({detail})", queue=name, reasons=reasons, detail=state.detail))
    ]


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
