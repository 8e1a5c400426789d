"""What the real window counts, and that the home screen, the admin panel and the
`kiosk stats` command read the same store after every session (issue 17)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from kiosk.commands.entry import main
from kiosk.stats.store import StatsStore
from kiosk.web.events import LoadProblem
from tests.qt.test_admin import Clock
from tests.support.web import ALLOWED, EVIL, wait_for_url, wait_loaded

pytestmark = pytest.mark.web


def exported(path: Path, tmp_path: Path) -> dict[str, str]:
    today = dt.date.today().isoformat()
    out = tmp_path / "raport.csv"
    argv = ["stats", "export", "--stats", str(path), "--from", today, "--to", today, "--output", str(out)]
    assert main([*argv, "--machine-names"]) == 0  # the columns scripts read
    with out.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle, delimiter=";"))
    return row


def admin_counts(window) -> str:
    window.admin_part.open_panel()
    grid = window.admin_part.panel.grid
    shown = {
        grid.itemAtPosition(row, 0).widget().text(): grid.itemAtPosition(row, 1).widget().text()
        for row in range(grid.rowCount())
        if grid.itemAtPosition(row, 0) is not None
    }
    window.admin_part.panel.close_button.click()
    return shown["Sessions today / this month / in total"]  # the technician's language: LANG=C in tests


def test_a_session_is_counted_with_what_the_visitor_used_and_shown_everywhere(qtbot, make_window, sites, tmp_path):
    path = tmp_path / "stats.sqlite3"
    store = StatsStore(path, kiosk_id="jastkow")
    clock = Clock()
    window = make_window(stats=store, monotonic=clock)
    card = window.panels.counters
    assert card.today.text() == "Sesje dzisiaj: 0" and admin_counts(window) == "0 / 0 / 0"

    sites.route(ALLOWED, "/", f"<a href='http://{EVIL}:{sites.port}/'>obca strona</a>")
    window.home.tiles[0].click()  # ePUAP: the session starts
    page = window.current_page()
    wait_for_url(qtbot, page, ALLOWED)
    wait_loaded(qtbot, page)
    window.choose(window.choices.with_language("uk").with_text_scale(1.5).with_high_contrast(True))
    page.runJavaScript("document.querySelector('a').click()")
    qtbot.waitUntil(lambda: window.browser.showing_problem() == LoadProblem.BLOCKED, timeout=8000)
    clock.now += 95  # the visitor read for a minute and a half
    window.end_session("visitor")

    row = exported(path, tmp_path)
    assert row["kiosk_id"] == "jastkow" and row["date"] == dt.date.today().isoformat()
    assert row["session_time"] == "0:02"  # 95 s, as a report reads it
    texts = ("kiosk_id", "date", "kiosk_name", "session_time")
    counted = {k: int(v) for k, v in row.items() if k not in texts and int(v)}
    assert counted == {
        "sessions_started": 1, "sessions": 1, "sessions_visitor": 1, "session_seconds": 95, "duration_1_5_min": 1,
        "services_opened": 1, "service_epuap": 1, "blocked_navigations": 1,
        "language_pl": 1, "language_uk": 1, "text_150": 1, "high_contrast": 1,
    }  # fmt: skip
    # The home screen the next visitor sees, and the technician's panel: the same store.
    assert card.today.text() == "Sesje dzisiaj: 1" and card.total.text() == "Sesje łącznie: 1"
    assert admin_counts(window) == "1 / 1 / 1"

    window.home.tiles[1].click()  # a second visitor, who leaves it to the idle timer
    window.end_session("idle")
    assert card.today.text() == "Sesje dzisiaj: 2" and admin_counts(window) == "2 / 2 / 2"
    assert store.reasons() == {"visitor": 1, "idle": 1}
    assert exported(path, tmp_path)["sessions_started"] == "2"
