"""Touch targets and text that does not clip, in both orientations and at 200 % text."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.config import load_config
from kiosk.paths import app_root
from kiosk.ui.home.home import HomeShape, home_shape
from kiosk.ui.home.panels import panel_columns
from kiosk.ui.widgets.touch import TouchCard, WrappingButton
from kiosk.ui.window.window import KioskWindow

MIN_TARGET = 44


def interactive(widget: QWidget) -> list[QWidget]:
    found = widget.findChildren(QAbstractButton) + widget.findChildren(TouchCard)
    return [w for w in found if w.isVisibleTo(widget.window())]


@pytest.fixture(params=[(1920, 1080), (1080, 1920), (1366, 768)], ids=["landscape", "portrait", "1366x768"])
def demo_window(request, qtbot, tmp_path):
    window = KioskWindow(load_config(app_root() / "config" / "kiosk.toml"), cache_dir=tmp_path)
    qtbot.addWidget(window)
    window.resize(*request.param)
    window.show()
    qtbot.waitExposed(window)
    # Settled as a visitor finds it: the rest of the offices and the web engine come after the first paint.
    qtbot.waitUntil(lambda: window.browser.view is not None and window.panels.complete)
    yield window
    window.shutdown()


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_every_touch_target_is_at_least_44_px(qtbot, demo_window, scale: float) -> None:
    demo_window.choose(demo_window.choices.with_text_scale(scale))
    qtbot.wait(50)
    for screen in (demo_window.home, demo_window.browser):
        demo_window.stack.setCurrentWidget(screen)
        qtbot.wait(50)
        targets = interactive(screen)
        assert targets
        small = [
            (w.objectName() or type(w).__name__, w.width(), w.height())
            for w in targets
            if w.width() < MIN_TARGET or w.height() < MIN_TARGET
        ]
        assert small == []


@pytest.mark.parametrize("high_contrast", [False, True])
def test_no_label_clips_its_text_at_200_percent(qtbot, demo_window, high_contrast: bool) -> None:
    demo_window.choose(demo_window.choices.with_high_contrast(high_contrast))
    demo_window.choose(demo_window.choices.with_text_scale(2.0))
    qtbot.wait(100)
    clipped = []
    for label in demo_window.home.findChildren(QLabel):
        if not label.isVisibleTo(demo_window) or not label.text() or (label.pixmap() and not label.pixmap().isNull()):
            continue
        needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        if label.height() + 1 < needed or (not label.wordWrap() and label.width() + 1 < label.sizeHint().width()):
            clipped.append((label.text()[:40], label.size().toTuple(), needed))
    assert clipped == []


@pytest.mark.parametrize("session", [False, True], ids=["no session", "session"])
@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_no_button_is_narrower_than_its_text(qtbot, demo_window, scale: float, session: bool) -> None:
    """A button's text does not wrap: squeezed, "Tekst: 200 %" lost its end in portrait."""
    demo_window.choose(demo_window.choices.with_text_scale(scale))
    demo_window.home.set_session_active(session)  # "Zakończ sesję" joins the header's row
    qtbot.wait(100)
    home = demo_window.home
    header_buttons = [home.text_size_button, home.contrast_button, *home.language_buttons.values()]
    header_buttons += [home.end_button] if session else []
    assert all(button.isVisibleTo(demo_window) for button in header_buttons)  # placed, not lost
    squeezed = [
        (button.text(), button.width(), button.sizeHint().width())
        for button in demo_window.home.findChildren(QAbstractButton)
        if button.isVisibleTo(demo_window)
        and not isinstance(button, WrappingButton)  # its text wraps by design ("Wszystkie urzędy (17) ▾")
        and button.text()
        and button.width() < button.sizeHint().width()
    ]
    assert squeezed == []


@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_nothing_runs_off_the_right_edge(qtbot, demo_window, scale: float) -> None:
    """A button's text does not wrap: three panel columns at 150 % once pushed the page
    wider than a 1366 px screen, cutting the right-hand tiles (no scrollbar sideways)."""
    demo_window.choose(demo_window.choices.with_text_scale(scale))
    qtbot.wait(100)
    viewport = demo_window.home.scroll.viewport()
    assert demo_window.home.body.width() <= viewport.width()
    cards = demo_window.home.tiles + demo_window.panels.cards
    right = viewport.mapTo(demo_window, viewport.rect().topRight()).x()
    beyond = [type(c).__name__ for c in cards if c.mapTo(demo_window, c.rect().topRight()).x() > right]
    assert beyond == []


@pytest.mark.parametrize("language", ["pl", "en", "uk"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_no_word_of_a_tile_is_wider_than_its_tile(qtbot, demo_window, language: str, scale: float) -> None:
    """A long word ("транспортного") cannot wrap: the columns must leave room for it."""
    from PySide6.QtGui import QFontMetrics

    demo_window.choose(demo_window.choices.with_language(language).with_text_scale(scale))
    qtbot.wait(100)
    cut = []
    for tile in demo_window.home.tiles:
        for label in (tile.title, tile.description):
            if not label.isVisibleTo(demo_window) or not label.text():
                continue
            metrics = QFontMetrics(label.font())
            widest = max(label.text().split(), key=metrics.horizontalAdvance)
            if metrics.horizontalAdvance(widest) > label.contentsRect().width():
                cut.append((widest, metrics.horizontalAdvance(widest), label.contentsRect().width()))
    assert cut == []


def test_a_text_size_chosen_away_from_home_reaches_the_tiles(qtbot, demo_window) -> None:
    """The home screen is hidden in the stack while a service page shows; its tiles must
    still take the new size's columns (a wide word cannot wrap)."""
    demo_window.stack.setCurrentWidget(demo_window.browser)
    demo_window.choose(demo_window.choices.with_text_scale(2.0))
    demo_window.stack.setCurrentWidget(demo_window.home)
    qtbot.wait(50)
    home = demo_window.home
    assert home._columns == home_shape(home.width(), home.height(), 2.0).columns


def test_home_has_kinetic_touch_scrolling(qtbot, demo_window) -> None:
    """Touch-first: no scrollbar hunting. (The gesture is attached right after the first
    paint.) Synthesised mouse drags proved timing-dependent under load, so this checks
    that the kinetic scroller is attached to the viewport and moves the page."""
    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QScroller

    viewport = demo_window.home.scroll.viewport()
    bar = demo_window.home.scroll.verticalScrollBar()
    assert QScroller.hasScroller(viewport)  # False until grabGesture() (checked)
    assert bar.maximum() > 0 and bar.value() == 0
    QScroller.scroller(viewport).scrollTo(QPointF(0, 300), 0)
    qtbot.waitUntil(lambda: bar.value() > 200, timeout=3000)


def first_screen(window: KioskWindow):
    """The part of the home screen a visitor sees without scrolling, in window coordinates."""
    viewport = window.home.scroll.viewport()
    top_left = viewport.mapTo(window, viewport.rect().topLeft())
    return viewport.rect().translated(top_left)


def inside_first_screen(window: KioskWindow, widget: QWidget) -> bool:
    rect = widget.rect().translated(widget.mapTo(window, widget.rect().topLeft()))
    return first_screen(window).contains(rect)


@pytest.mark.parametrize(
    "size",
    [(1920, 1080), (1080, 1920), (1366, 768), (1280, 1024)],
    ids=["landscape", "portrait", "1366x768", "1280x1024"],
)
def test_the_first_screen_shows_tiles_news_events_and_offices(qtbot, tmp_path, size) -> None:
    """Every listed size, the older, lower infomaty included: the tiles and the first news
    item, event and office without scrolling; the cue exactly when more follows below."""
    window = KioskWindow(load_config(app_root() / "config" / "kiosk.toml"), cache_dir=tmp_path)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.browser.view is not None and window.panels.complete)
    try:
        panels = window.panels

        def outside() -> list[str]:
            firsts = {
                "tiles": window.home.tiles,
                "news": [panels.news.rows.itemAt(0).widget()],
                "event": [panels.calendar.rows.itemAt(0).widget()],
                "office": [panels.offices.rows.itemAt(0).widget()],
            }
            return [name for name, shown in firsts.items() if not all(inside_first_screen(window, w) for w in shown)]

        # rows added after the first paint get their place a moment later
        qtbot.waitUntil(lambda: outside() == [], timeout=3000)
        assert outside() == [], f"{size}: below the fold: {outside()}"
        bar = window.home.scroll.verticalScrollBar()
        more = window.home.footer.more_button
        assert more.isVisible() == (bar.maximum() > 40)  # the cue when there is more
        more.click()  # a real control: a page further down
        assert bar.value() > 0
    finally:
        window.shutdown()


@pytest.mark.parametrize(
    ("size", "scale", "expected"),
    [
        ((1920, 1080), 1.0, HomeShape(4, False)),
        ((1366, 768), 1.0, HomeShape(4, True)),
        ((1280, 1024), 1.0, HomeShape(3, True)),
        ((1366, 768), 2.0, HomeShape(2, True)),
        ((1080, 1920), 1.0, HomeShape(2, False)),
        ((1080, 1920), 2.0, HomeShape(1, False)),
    ],
)
def test_home_shape_per_size(size, scale, expected) -> None:
    assert home_shape(*size, scale) == expected


@pytest.mark.parametrize(
    ("size", "scale", "expected"),
    [
        ((1920, 1080), 2.0, 3),
        ((1366, 768), 1.0, 3),
        ((1366, 768), 1.5, 2),
        ((1080, 1920), 1.0, 2),
        ((800, 1280), 1.0, 1),
    ],
)
def test_panel_columns_leave_room_for_large_text(size, scale, expected) -> None:
    assert panel_columns(*size, scale) == expected


def test_offices_show_the_own_gmina_first_and_expand_on_a_tap(qtbot, tmp_path) -> None:
    demo = load_config(app_root() / "config" / "kiosk.toml")
    config = demo.model_copy(update={"kiosk": demo.kiosk.model_copy(update={"gmina": "Niemce"})})
    config._source = demo.source
    window = KioskWindow(config, cache_dir=tmp_path)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitUntil(lambda: window.browser.view is not None and window.panels.complete)
    try:
        card = window.panels.offices

        def names() -> list[str]:
            return [card.rows.itemAt(i).widget().findChildren(QLabel)[0].text() for i in range(card.rows.count())]

        assert "Niemce" in names()[0] and len(names()) == 3
        assert card.toggle.isVisible() and f"({len(config.content.offices)})" in card.toggle.text()
        card.toggle.click()
        qtbot.waitUntil(lambda: card.rows.count() == len(config.content.offices))
        window.home.reset_view()  # the next visitor: folded again
        assert card.rows.count() == 3 and not card.expanded
    finally:
        window.shutdown()


def test_button_groups_flow_onto_the_next_row_only_when_they_do_not_fit() -> None:
    from kiosk.ui.widgets.control_rows import GROUP_GAP, flow

    assert flow([400, 300, 250], 1000) == [[0, 1, 2]]
    assert flow([400, 300, 250], 949 + GROUP_GAP) == [[0, 1], [2]]
    assert flow([600, 372, 335], 750) == [[0], [1, 2]]
    assert flow([1200], 1000) == [[0]]  # too wide alone: its own row, never an empty one
    assert flow([900, 0], 910) == [[0, 1]]  # a hidden group (no session) waits in the last row


def test_every_screen_names_languages_one_way(qtbot, make_window) -> None:
    """Issue 29, 5: PL/EN/UA on home, Polski/English/Українська on the closed and alert
    screens. Now the same short labels everywhere, each language's own name for screen readers."""
    from kiosk.system.display import DisplayPower
    from kiosk.ui.screens.schedule_part import SchedulePart

    window = make_window()
    part = SchedulePart(window, display=DisplayPower("none"))
    rows = [window.home.language_buttons, part.closed_screen.language_buttons, part.alert_screen.language_buttons]
    named = [{code: (b.text(), b.accessibleName()) for code, b in row.items()} for row in rows]
    assert named[0] == {"pl": ("PL", "Polski"), "en": ("EN", "English"), "uk": ("UA", "Українська")}
    assert named[1] == named[0] and named[2] == named[0]
