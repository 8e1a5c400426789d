"""The running kiosk's metrics endpoint (issue 18): what a visitor does shows up in the
next scrape, the screen gauge follows the window, a refused config is counted."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.qt.test_runtime import runtime_factory  # noqa: F401 - the fixture
from tests.support.listeners import free_port
from tests.support.web import ALLOWED, demo_config_text, wait_for_url

pytestmark = pytest.mark.web


def scrape(port: int) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    return {m[1]: float(m[2]) for m in re.finditer(r"^(\w+(?:\{[^}]*\})?) (\S+)$", text, re.MULTILINE)}


def test_a_session_seen_through_the_endpoint(qtbot, runtime_factory, sites) -> None:  # noqa: F811
    port = free_port()
    text = demo_config_text(sites.port).replace("[kiosk]\n", '[kiosk]\nid = "jastkow"\ngmina = "Jastków"\n')
    runtime = runtime_factory(text + f'[metrics]\nlisten = "127.0.0.1:{port}"\n')
    qtbot.waitUntil(lambda: runtime.monitoring is not None)
    before = scrape(port)
    assert before['infomat_screen{screen="home"}'] == 1
    assert before['infomat_sessions_total{reason="visitor"}'] == 0  # positive control below raises it
    assert any(k.startswith('infomat_kiosk_info{gmina="Jastków",kiosk_id="jastkow"') for k in before)
    assert any(k.startswith("infomat_config_info{sha256=") for k in before)

    sites.route(ALLOWED, "/", "<p>ePUAP</p>")
    window = runtime.window
    window.home.tiles[0].click()
    wait_for_url(qtbot, window.current_page(), ALLOWED)
    qtbot.waitUntil(lambda: scrape(port)['infomat_screen{screen="service"}'] == 1, timeout=4000)
    during = scrape(port)
    assert during['infomat_service_opens_total{service="epuap"}'] == 1
    assert during["infomat_sessions_started_total"] == 1
    assert during["infomat_last_input_timestamp_seconds"] >= 0
    window.end_session("visitor")
    after = scrape(port)
    assert after['infomat_sessions_total{reason="visitor"}'] == 1
    assert after["infomat_session_duration_seconds_count"] == 1
    qtbot.waitUntil(lambda: scrape(port)['infomat_screen{screen="home"}'] == 1, timeout=4000)


def test_a_refused_config_is_counted_and_a_good_one_clears_it(qtbot, runtime_factory, sites) -> None:  # noqa: F811
    port = free_port()
    good = demo_config_text(sites.port, f'[metrics]\nlisten = "127.0.0.1:{port}"\n')
    runtime = runtime_factory(good)
    qtbot.waitUntil(lambda: runtime.monitoring is not None)
    first_sha = next(k for k in scrape(port) if k.startswith("infomat_config_info"))
    runtime_factory.path.write_text(good.replace("idle_seconds = 120", 'idle_seconds = "dużo"'), encoding="utf-8")
    assert runtime.watcher.check() is None
    refused = scrape(port)
    assert refused["infomat_config_reload_failures_total"] == 1 and refused["infomat_config_last_reload_success"] == 0
    runtime_factory.path.write_text(good.replace('name = "Test kiosk"', 'name = "Nowy"'), encoding="utf-8")
    assert runtime.watcher.check() is not None
    qtbot.waitUntil(lambda: runtime.pending is None)
    fixed = scrape(port)
    assert fixed["infomat_config_last_reload_success"] == 1
    assert next(k for k in fixed if k.startswith("infomat_config_info")) != first_sha  # the new file's digest


def test_an_alert_and_the_hours_reach_the_screen_and_the_endpoint(qtbot, runtime_factory, sites) -> None:  # noqa: F811
    """The runtime gives each window its schedule after the first paint; the screen gauge
    and the schedule gauges follow it (a closed, dark kiosk under a severe alert)."""
    import datetime as dt

    port = free_port()
    today = dt.date.today()
    closed = f"[{today}, {today + dt.timedelta(days=1)}]"  # closed now, whatever the day
    extra = (
        f'[schedule]\noutside = "display_off"\ndisplay = "none"\nclosed = {closed}\n'
        '[schedule.hours]\nmon = "7:30-15:30"\n'
        '[[alerts]]\nid = "rcb-1"\nseverity = "severe"\nheadline = "Powódź"\nexpires = 2099-01-01T00:00:00\n'
        '[[alerts]]\nid = "rcb-2"\nseverity = "minor"\nheadline = "Utrudnienia"\nexpires = 2099-01-01T00:00:00\n'
    )
    runtime = runtime_factory(demo_config_text(sites.port, extra) + f'[metrics]\nlisten = "127.0.0.1:{port}"\n')
    qtbot.waitUntil(
        lambda: getattr(runtime.window, "schedule_part", None) is not None and runtime.monitoring is not None
    )
    part = runtime.window.schedule_part
    qtbot.waitUntil(lambda: part.alert_screen.isVisible())
    qtbot.waitUntil(lambda: scrape(port)['infomat_screen{screen="alert"}'] == 1, timeout=4000)
    seen = scrape(port)
    assert seen['infomat_alerts_in_force{severity="severe"}'] == 1
    assert seen['infomat_alerts_in_force{severity="minor"}'] == 1
    assert seen["infomat_display_on"] == 1  # the alert turns the display on
    assert seen["infomat_schedule_open"] == 0
    assert "Hours and screen" in dict(runtime.window.admin_part.info().rows)  # the technician's language: en
