"""The one table of keys the kiosk swallows inside the app. Pure data, no Qt import.

Keys are named like Qt's key names without the ``Key_`` prefix; modifiers are
``ctrl``, ``alt``, ``shift``, ``meta``. A visitor types text and uses Tab, arrows,
Enter, Backspace, Ctrl+C/V/X/A/Z inside fields; everything a browser or desktop would
turn into a way out is listed here.
"""

from __future__ import annotations

from dataclasses import dataclass

# Browser shortcuts: new/close windows and tabs, open, print, save, address bar, view
# source, history, downloads, quit, devtools, find, bookmarks, reload variants.
_CTRL_LETTERS = "N T W O P S L U H J Q D E F G K R"
_CTRL_SHIFT_LETTERS = "I J C N T W Q B O P S Delete"

# Any combination with these keys is swallowed (function and launch/media keys).
ALWAYS_BLOCKED = frozenset(
    [f"F{i}" for i in range(1, 25)]
    + [
        "Back",
        "Forward",
        "Refresh",
        "Stop",
        "Search",
        "Favorites",
        "HomePage",
        "OpenUrl",
        "LaunchMail",
        "LaunchMedia",
        "Launch0",
        "Launch1",
        "Launch2",
        "Launch3",
        "Launch4",
        "Launch5",
        "Launch6",
        "Launch7",
        "Launch8",
        "Launch9",
        "LaunchA",
        "LaunchB",
        "Explorer",
        "Calculator",
        "Terminal",
        "WWW",
        "Mail",
        "Documents",
        "Tools",
        "MediaPlay",
        "MediaStop",
        "MediaPrevious",
        "MediaNext",
        "MediaRecord",
        "Menu",
        "Print",
        "SysReq",
        "Sleep",
        "PowerOff",
        "WakeUp",
        "Suspend",
        "Hibernate",
        "LogOff",
        "Super_L",
        "Super_R",
        "Meta",
        "Help",
        "Settings",
        "ContextMenu",
    ]
)


@dataclass(frozen=True)
class KeyCombo:
    key: str
    ctrl: bool = False
    alt: bool = False
    shift: bool = False
    meta: bool = False


def _table() -> frozenset[KeyCombo]:
    combos = {KeyCombo(letter, ctrl=True) for letter in _CTRL_LETTERS.split()}
    combos |= {KeyCombo(letter, ctrl=True, shift=True) for letter in _CTRL_SHIFT_LETTERS.split()}
    combos |= {
        KeyCombo("Left", alt=True),  # history back
        KeyCombo("Right", alt=True),  # history forward
        KeyCombo("Home", alt=True),
        KeyCombo("F4", alt=True),  # close window
        KeyCombo("Tab", alt=True),
        KeyCombo("Tab", alt=True, shift=True),
        KeyCombo("Escape", alt=True),
        KeyCombo("Escape", ctrl=True),  # Start menu
        KeyCombo("Escape", ctrl=True, shift=True),  # task manager
        KeyCombo("Space", alt=True),  # window menu
        KeyCombo("Tab", ctrl=True),  # next tab
        KeyCombo("Tab", ctrl=True, shift=True),
        KeyCombo("PageUp", ctrl=True),
        KeyCombo("PageDown", ctrl=True),
        KeyCombo("Delete", ctrl=True, alt=True),
        KeyCombo("Backspace", ctrl=True, alt=True),  # X zap
    }
    combos |= {KeyCombo(str(n), ctrl=True) for n in range(10)}  # switch tab
    combos |= {KeyCombo(str(n), alt=True) for n in range(10)}
    combos |= {KeyCombo(f"F{n}", ctrl=True, alt=True) for n in range(1, 13)}  # VT switch
    return frozenset(combos)


BLOCKED_COMBOS = _table()


def is_blocked(combo: KeyCombo) -> bool:
    """True when the kiosk must swallow this key press."""
    if combo.key in ALWAYS_BLOCKED or combo.meta:
        return True
    return combo in BLOCKED_COMBOS
