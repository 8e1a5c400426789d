"""PySide6 behaviour the design works around. These tests tell you when it changes.

- An event filter on the QApplication segfaults once a QWebEngineView exists (DESIGN.md),
  which is why input is watched on the top-level QWindow instead.
- PySide6 6.12.0 drops a reference to ``None`` on every void call, which aborts Python
  < 3.12 after a few thousand calls (measured); pyproject.toml keeps it out.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

APP_FILTER_SCRIPT = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, os.getcwd())
    import tests.conftest
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtWidgets import QApplication
    from PySide6.QtWebEngineWidgets import QWebEngineView
    app = QApplication(["x"])
    class Filter(QObject):
        def eventFilter(self, obj, event):
            return False
    keep = Filter()
    app.installEventFilter(keep)
    view = QWebEngineView()
    view.setHtml("<p>x</p>")
    view.show()
    QTimer.singleShot(3000, app.quit)
    app.exec()
    print("survived")
    """
)


@pytest.mark.timeout(120)
def test_application_event_filter_with_webengine_still_crashes() -> None:
    result = subprocess.run([sys.executable, "-c", APP_FILTER_SCRIPT], capture_output=True, text=True, timeout=90)
    assert result.returncode <= 0, f"the probe itself failed:\n{result.stderr[-2000:]}"
    crashed = result.returncode < 0  # killed by a signal (SIGSEGV)
    assert crashed, "an app-wide event filter works with QtWebEngine now: the QWindow filter could be simplified"


def test_void_calls_do_not_drop_references_to_none(qapp) -> None:
    """PySide6 6.12.0 decremented None's refcount on every void call (setText, hide, …):
    on Python < 3.12 that aborts the kiosk within minutes. pyproject.toml excludes it."""
    label = QLabel()
    # Earlier tests' deferred deletions and garbage also hold None: let them go first, and
    # make the loop long enough that the leak (one per call: 2,000 here) dwarfs them.
    QCoreApplication.processEvents()
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
        label.hide()
    QCoreApplication.processEvents()
    gc.collect()
    assert before - sys.getrefcount(None) < 200, "this PySide6 leaks None references: do not use it on Python < 3.12"


def shiboken_parent(widget) -> str:
    import shiboken6

    return next((line for line in shiboken6.dump(widget).splitlines() if line.startswith("parent")), "")


def test_a_widget_returned_by_next_in_focus_chain_becomes_the_askers_child(qapp) -> None:
    """PySide6's return-value heuristic: ``a.nextInFocusChain()`` records its result as a's
    child. kiosk/ui/widgets/focus.py therefore never walks the chain (a walk round the
    window leaked wrappers at every wipe: tests/qt/test_wipe.py)."""
    from PySide6.QtWidgets import QLineEdit, QWidget

    window = QWidget()
    first, second = QLineEdit(window), QLineEdit(window)
    assert "QWidget" in shiboken_parent(second)  # control: its real parent
    assert first.nextInFocusChain() is second
    assert "QLineEdit" in shiboken_parent(second), "the heuristic is gone: focus.tab_chain could walk the chain again"
