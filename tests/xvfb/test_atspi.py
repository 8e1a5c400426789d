"""What a screen reader finds (issue 29, 2): every control of the real window on the
AT-SPI bus — the tree Orca reads — has a role, a name in the visitor's language, an
action and keyboard focus, at 1920×1080 and 1080×1920, in pl/en/uk; the tiles are push
buttons named with their service; the web page's own fields are in the tree.

The kiosk runs in a child process: AT-SPI asks the application over D-Bus, so it must
not be the test process, which is busy reading the answers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.child_window import ChildWindow

pytestmark = [pytest.mark.web, pytest.mark.xvfb]

WALKER = Path(__file__).resolve().parents[1] / "support" / "atspi_walk.py"
SYSTEM_PYTHON = "/usr/bin/python3"
CONTROLS = {"push button", "toggle button", "check box", "radio button", "link"}
ACTIONS = {"Press", "Toggle", "Click", "click", "press", "activate"}
NAMES = {  # a control and a tile, as each language names them
    "pl": ("Kontrast", "Profil Zaufany"),
    "en": ("Contrast", "Trusted Profile"),
    "uk": ("Контраст", "Довірений профіль"),
}


def _atspi_available() -> str | None:
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        return "needs at-spi2-core (Debian)"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True)
    if probe.returncode != 0:
        return "needs python3-pyatspi (Debian) for the system python3"
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "needs a session bus (the Xvfb pass gives the test process one)"
    return None


def walk(app: str = "kiosk_child") -> list[dict]:
    done = subprocess.run([SYSTEM_PYTHON, str(WALKER), app], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)["nodes"]


@pytest.fixture
def child(tmp_path):
    problem = _atspi_available()
    if problem:
        pytest.skip(problem)
    walk("activate-the-bus")  # the a11y bus before the kiosk: Qt's bridge looks for it at start
    children: list[ChildWindow] = []

    def start(*args: str) -> ChildWindow:
        env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_QPA_PLATFORM="xcb")
        window = ChildWindow(*args, env=env, log=tmp_path / f"child-{len(children)}.log")
        children.append(window)
        window.wait_ready()
        return window

    yield start
    for window in children:
        window.close()


def showing_controls(nodes: list[dict]) -> list[dict]:
    return [node for node in nodes if node["role"] in CONTROLS and node["showing"]]


@pytest.mark.parametrize("size", ["1920x1080", "1080x1920"])
def test_every_control_has_a_role_a_name_an_action_and_focus(child, size: str) -> None:
    if shutil.which("xdotool") is None:
        pytest.skip("needs the Xvfb pass")
    window = child("--demo", "--size", size)
    for language, (contrast, tile) in NAMES.items():
        window.send(f"lang {language}")
        nodes = walk()
        controls = showing_controls(nodes)
        # Positive control: the header's controls and the tiles are all there.
        names = {node["name"] for node in controls}
        assert contrast in names and tile in names, (language, sorted(names))
        assert len(controls) >= 12, (language, len(controls))
        lacking = [
            (node["role"], node["name"], node["actions"], node["focusable"])
            for node in controls
            if not node["name"].strip() or not ACTIONS & set(node["actions"]) or not node["focusable"]
        ]
        assert lacking == [], (language, size, lacking)
        tiles = [node for node in controls if node["name"] == tile]
        assert tiles[0]["role"] == "push button" and tiles[0]["description"], tiles  # with its description
        chosen = [node for node in nodes if node["role"] == "check box" and node["checked"]]
        assert any(node["name"] in ("Polski", "English", "Українська") for node in chosen)  # the language: a state


def test_the_web_page_fields_are_in_the_tree(child) -> None:
    window = child("--size", "1280x900")
    assert window.send("form")["ok"]
    for _ in range(40):
        nodes = walk()
        fields = [node for node in nodes if node["name"] == "Numer PESEL" and node["role"] in ("entry", "text")]
        if fields:
            break
    assert fields and fields[0]["focusable"], [n for n in nodes if n["role"] in ("document web", "entry", "text")]
    assert any(node["role"] == "document web" and node["name"] == "Formularz" for node in nodes)
