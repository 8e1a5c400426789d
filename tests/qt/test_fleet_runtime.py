"""The running kiosk and the county file: a new release is polled, applied between
visitors only, kept, and used again at the next start with the network gone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.app import KioskRuntime
from kiosk.config import load_config
from kiosk.core import technician
from kiosk.fleet.feed import FIRST_POLL_MAX_SECONDS, JITTER
from kiosk.stats.store import StatsStore
from tests.support.county import CountyServer, minisign_keypair, minisign_sign, needs_minisign
from tests.support.web import ALLOWED, demo_config_text, wait_for_url

pytestmark = [pytest.mark.web, needs_minisign]


@pytest.fixture
def county(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the kiosk's release store
    server = CountyServer(tmp_path / "county")
    server.key = minisign_keypair(tmp_path / "keys")
    yield server
    server.close()


def publish(county: CountyServer, sites, tmp_path: Path, serial: int) -> None:
    expires = (dt.datetime.now().astimezone() + dt.timedelta(days=7)).isoformat(timespec="seconds")
    text = (
        f"[release]\nserial = {serial}\nexpires = {expires}\n"
        + demo_config_text(sites.port)
        + (f'\n[kiosks.k1]\nkiosk = {{ name = "Kiosk k1, serial {serial}" }}\n')
    )
    path = tmp_path / f"county-{serial}.toml"
    path.write_text(text, encoding="utf-8")
    county.publish(path.read_bytes(), minisign_sign(path, county.key))


def take_release(qtbot, runtime, county: CountyServer, sites, tmp_path: Path, serial: int) -> None:
    """Publish release ``serial``, poll, and wait until the kiosk runs it."""
    publish(county, sites, tmp_path, serial)
    runtime.county.poll_now()
    qtbot.waitUntil(lambda: runtime.window.config.kiosk.name == f"Kiosk k1, serial {serial}", timeout=10000)


@pytest.fixture
def start_kiosk(qtbot, tmp_path: Path, county):
    runtimes: list[KioskRuntime] = []
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[kiosk]\nid = "k1"\nname = "Lokalny"\nlockdown = false\n\n[fleet]\n'
        f'config_url = "{county.url}"\npublic_keys = ["{county.key.public}"]\nca_file = "{county.ca}"\n'
        "poll_seconds = 60\ntimeout_seconds = 3\n",
        encoding="utf-8",
    )

    def start() -> KioskRuntime:
        runtime = KioskRuntime(load_config(path), StatsStore(None))
        runtimes.append(runtime)
        qtbot.waitUntil(lambda: runtime.window.browser.view is not None)
        return runtime

    yield start
    for runtime in runtimes:
        runtime.shutdown()
        runtime.window.deleteLater()


def test_a_release_is_polled_and_applied_between_visitors_only(qtbot, start_kiosk, county, sites, tmp_path) -> None:
    runtime = start_kiosk()
    assert runtime.window.config.kiosk.name == "Lokalny"  # nothing received yet
    # Intervals as set: a CoarseTimer may fire up to 5 % late, so remainingTime() says more (Qt docs).
    assert runtime.county._timer.isActive() and runtime.county._timer.interval() <= FIRST_POLL_MAX_SECONDS * 1000

    take_release(qtbot, runtime, county, sites, tmp_path, 1)
    interval = runtime.county._timer.interval() / 1000
    assert 60 * (1 - JITTER) <= interval <= 60 * (1 + JITTER)  # the next poll within poll_seconds ± 10 %
    assert "serial 1" in dict(runtime.window.admin_part.info().rows)["County configuration"]

    first = runtime.window
    sites.route(ALLOWED, "/", "<p>usługa</p>")
    assert first.open("epuap")  # a visitor is in a session
    publish(county, sites, tmp_path, 2)
    runtime.county.poll_now()
    qtbot.waitUntil(lambda: runtime.county.last is not None and runtime.county.last.serial == 2, timeout=10000)
    assert runtime.window is first and runtime.pending is not None  # the visitor is not interrupted
    assert first.config.kiosk.name == "Kiosk k1, serial 1"
    first.end_session("visitor")
    qtbot.waitUntil(lambda: runtime.window is not first)
    assert runtime.window.config.kiosk.name == "Kiosk k1, serial 2"
    assert runtime.window.config.kiosk.id == "k1"


def test_a_refused_release_is_shown_and_the_last_good_stays(qtbot, start_kiosk, county, sites, tmp_path) -> None:
    runtime = start_kiosk()
    take_release(qtbot, runtime, county, sites, tmp_path, 3)
    publish(county, sites, tmp_path, 2)  # an older release replayed
    runtime.county.poll_now()
    qtbot.waitUntil(lambda: runtime.county.last.kind == "refused", timeout=10000)
    status = dict(runtime.window.admin_part.info().rows)["County configuration"]
    assert "serial 3" in status and "REFUSED" in status and "serial 2 is not newer than 3" in status
    technician.set_language("pl")  # a Polish technician (LANG=pl_PL…): the reason too is Polish (issue 33)
    status = dict(runtime.window.admin_part.info().rows)["Konfiguracja powiatu"]
    assert status.endswith("ODRZUCONO — wydanie 2 nie jest nowsze niż obowiązujące 3") and "wydanie 3;" in status
    assert runtime.window.config.kiosk.name == "Kiosk k1, serial 3"


def test_a_restart_without_network_runs_the_last_good_release(qtbot, start_kiosk, county, sites, tmp_path) -> None:
    runtime = start_kiosk()
    take_release(qtbot, runtime, county, sites, tmp_path, 5)
    runtime.shutdown()
    county.close()  # the county's server is gone

    again = start_kiosk()
    assert again.window.config.kiosk.name == "Kiosk k1, serial 5"
    assert again.county.in_force.serial == 5
    sites.route(ALLOWED, "/", "<p>offline start</p>")
    assert again.window.open("epuap")  # the county's services and policy are in force
    wait_for_url(qtbot, again.window.current_page(), ALLOWED)


def test_a_release_stored_by_kiosk_fleet_pull_is_taken_at_the_next_poll(qtbot, start_kiosk, county, sites, tmp_path):
    from kiosk.fleet.pull import pull

    runtime = start_kiosk()
    publish(county, sites, tmp_path, 4)
    assert pull(runtime.county.fleet, runtime.county.store).kind == "applied"  # what the CLI does
    runtime.county.poll_now()  # the server now answers 304: nothing new to it
    qtbot.waitUntil(lambda: runtime.window.config.kiosk.name == "Kiosk k1, serial 4", timeout=10000)
    assert runtime.county.last.kind == "unchanged"


def test_the_local_metrics_endpoint_survives_a_release(qtbot, county, sites, tmp_path, caplog) -> None:
    """Issue 27, 1: the county file has no [metrics]; the kiosk's own does; after the
    release the endpoint still answers, on the same address (it closed before)."""
    import urllib.request

    from tests.support.listeners import free_port

    port = free_port()
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'[kiosk]\nid = "k1"\nname = "Lokalny"\nlockdown = false\n[metrics]\nlisten = "127.0.0.1:{port}"\n\n[fleet]\n'
        f'config_url = "{county.url}"\npublic_keys = ["{county.key.public}"]\nca_file = "{county.ca}"\n'
        "poll_seconds = 60\ntimeout_seconds = 3\n",
        encoding="utf-8",
    )
    runtime = KioskRuntime(load_config(path), StatsStore(None))
    try:
        scrape = lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=3).read().decode()  # noqa: E731
        qtbot.waitUntil(lambda: runtime.monitoring is not None, timeout=10000)
        assert "infomat_build_info" in scrape()  # positive control: served before the release
        take_release(qtbot, runtime, county, sites, tmp_path, 1)
        qtbot.waitUntil(lambda: "infomat_fleet_serial 1.0" in scrape(), timeout=10000)
        assert runtime.config.metrics.listen == f"127.0.0.1:{port}"
        assert "metrics: the endpoint" not in caplog.text
    finally:
        runtime.shutdown()
        runtime.window.deleteLater()
