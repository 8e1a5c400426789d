"""The kiosk under a real wlroots compositor (issue 27, 5): Debian's cage on its headless
backend, the kiosk as an unprivileged user as deploy/linux runs it (cage refuses root),
a service page with a focused field — the screen (grim) shows the page and the kiosk's
in-window keyboard, which Qt warned about under Wayland ("qtvirtualkeyboard currently is
not supported at client-side"): it is shown.

The headless backend's pixman renderer shows a fullscreen client black (a plain QLabel
too: direct scan-out of the client buffer, which screencopy does not see), so the kiosk
runs windowed here, on a window it fits to the 1280×720 output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.support.server import SiteServer

pytestmark = pytest.mark.web

NOBODY = 65534
FORM = "<!doctype html><title>Wniosek</title><p style='font-size:40px'>Wniosek</p><input id=f autofocus>"


def _system_python_matches() -> bool:
    """The kiosk user cannot reach a virtualenv under /root: the test runs the system
    Python of the same minor version with the virtualenv's packages on its path."""
    python = Path("/usr/bin/python3")
    if not python.exists():
        return False
    done = subprocess.run([str(python), "-c", "import sys; print(sys.version_info[:2])"],
                          capture_output=True, text=True)  # fmt: skip
    return done.stdout.strip() == str(sys.version_info[:2])


needs = pytest.mark.skipif(
    os.geteuid() != 0
    or not all(shutil.which(tool) for tool in ("cage", "grim", "setpriv"))
    or not _system_python_matches(),
    reason="needs root (to run the kiosk as nobody), Debian cage and grim, and /usr/bin/python3 of this version",
)


def screenshot(runtime: Path, target: Path) -> tuple[int, list[int]] | None:
    """grim through the compositor's screencopy: (distinct colours, row brightness) or None."""
    from PySide6.QtGui import QImage

    done = subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "env",
         f"XDG_RUNTIME_DIR={runtime}", "WAYLAND_DISPLAY=wayland-0", "grim", str(target)],
        capture_output=True, timeout=30,
    )  # fmt: skip
    if done.returncode != 0:
        return None
    image = QImage(str(target))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)}
    rows = [sum(image.pixelColor(x, y).lightness() for x in range(0, image.width(), 16)) // (image.width() // 16)
            for y in range(image.height())]  # fmt: skip
    return len(colours), rows


def readable_by_the_kiosk_user(packages: str, repo: Path) -> bool:
    """The checkout and its packages must be readable by an unprivileged user (a clone
    under a private folder such as /root is not)."""
    done = subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "env", "-i",
         f"PYTHONPATH={packages}:{repo}", "/usr/bin/python3", "-c", "import PySide6.QtWidgets, kiosk.app"],
        capture_output=True, timeout=60,
    )  # fmt: skip
    return done.returncode == 0


@needs
def test_the_kiosk_paints_under_cage_with_its_keyboard_for_a_focused_field() -> None:
    packages = next(p for p in sys.path if p.endswith("site-packages"))
    repo = Path(__file__).resolve().parents[2]
    if not readable_by_the_kiosk_user(packages, repo):
        pytest.skip(f"{repo} or {packages} is not readable by an unprivileged user")
    site = SiteServer()
    site.route("localhost", "/", FORM)
    folder = Path(tempfile.mkdtemp(prefix="infomat-cage-"))
    process = None
    try:
        folder.chmod(0o755)
        home, runtime = folder / "home", folder / "xdg"
        for path in (home, runtime):
            path.mkdir(mode=0o700)
            os.chown(path, NOBODY, NOBODY)
        config = folder / "kiosk.toml"
        config.write_text(
            '[kiosk]\nname = "Infomat pod cage"\nlockdown = false\n[stats]\nenabled = false\n'
            f'[[services]]\nid = "form"\ntitle = "Wniosek"\nurl = "http://localhost:{site.port}/"\n'
            'allow = ["localhost"]\n',
            encoding="utf-8",
        )
        config.chmod(0o644)
        log = folder / "cage.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "env", "-i",
                 "PATH=/usr/bin:/bin", f"HOME={home}", f"XDG_RUNTIME_DIR={runtime}",
                 "WLR_BACKENDS=headless", "WLR_LIBINPUT_NO_DEVICES=1", "WLR_RENDERER=pixman",
                 "cage", "-d", "--", "env", "QT_QPA_PLATFORM=wayland", "QTWEBENGINE_DISABLE_SANDBOX=1",
                 f"PYTHONPATH={packages}:{repo}", "/usr/bin/python3", "-m", "kiosk", "run",
                 "--config", str(config), "--open", "form"],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        shot, seen = home / "screen.png", None  # grim writes as the kiosk user
        end = time.monotonic() + 90
        while time.monotonic() < end:
            assert process.poll() is None, log.read_text(errors="replace")[-3000:]
            seen = screenshot(runtime, shot) if (runtime / "wayland-0").exists() else None
            if seen is not None and seen[0] > 20 and any(r.path == "/" for r in site.hits("localhost")):
                rows = seen[1]
                page, keyboard = rows[len(rows) // 3 : len(rows) // 2], rows[-len(rows) // 4 :]
                if min(page) > 200 and sum(keyboard) / len(keyboard) < 90:  # white page, dark keys below
                    break
            time.sleep(1.0)
        else:
            said = [line for line in log.read_text(errors="replace").splitlines() if "output test" not in line]
            last = seen and seen[0]
            pytest.fail(f"no page with the keyboard under cage (last: {last} colours):\n" + "\n".join(said[-30:]))
        kept = Path(os.environ.get("INFOMAT_SCREENSHOTS", folder)) / "cage-keyboard.png"
        if kept != shot:
            shutil.copy(shot, kept)
    finally:
        if process is not None:
            os.killpg(process.pid, 15)
            process.wait(timeout=30)
        site.close()
        shutil.rmtree(folder, ignore_errors=True)
