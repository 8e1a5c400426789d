"""Nothing but the kiosk's own window becomes a window while the screens are built.

``setVisible(True)`` on a widget that has no parent yet makes it a native window of its
own: on screen it flashed in the corner before the home screen, and was made (with its
GPU surface, kiosk/env.py) only to be destroyed when placed (seen under Xvfb, Qt 6.11).
Widgets are shown or hidden where they are placed (kiosk/ui/widgets/shown.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

EVERYTHING_ON = "[help]\nenabled = true\n"


def test_only_the_kiosk_window_is_ever_shown_as_a_window(make_window, monkeypatch) -> None:
    windows: list[str] = []
    original = QWidget.setVisible

    def watched(widget: QWidget, visible: bool) -> None:
        if visible and widget.parentWidget() is None:
            windows.append(type(widget).__name__ + ":" + widget.objectName())
        original(widget, visible)

    monkeypatch.setattr(QWidget, "setVisible", watched)
    window = make_window(EVERYTHING_ON)  # shown, its later screens and web engine built
    window.choose(window.choices.with_language("en"))
    assert window.home.speech_button.isVisible() and window.home.footer.isVisible()
    window.setVisible(True)  # positive control: a call from Python is seen
    assert windows == ["KioskWindow:KioskWindow"]
