"""The content service against a real local server: cache first, network in a worker."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from kiosk.config import parse_config
from kiosk.content.cache import Cached, ContentCache
from kiosk.content.news import NewsItem
from kiosk.content.service import ContentService
from tests.support.server import Response, SiteServer

FEED = (Path(__file__).resolve().parents[1] / "data" / "feeds" / "rss.xml").read_bytes()
NOW = dt.datetime(2026, 11, 23, 10, 0)


@pytest.fixture
def server():
    site = SiteServer()
    yield site
    site.close()


def service_for(url: str, cache_dir: Path, clock=lambda: NOW) -> ContentService:
    config = parse_config(f'[content.news]\nurl = "{url}"\n[network]\ntimeout_seconds = 2\n')
    return ContentService(config, ContentCache(cache_dir), clock)


OFFLINE_FEED = "http://127.0.0.1:9/feed.xml"  # nothing listens on port 9


def cached_item(cache_dir: Path, fetched_at: dt.datetime, source: str = OFFLINE_FEED, title: str = "") -> None:
    item = NewsItem(title or "Z pamięci podręcznej", "tekst", "https://powiat.lublin.pl/x", "2026-11-01")
    ContentCache(cache_dir).write("news", source, Cached([item.to_json()], fetched_at, '"v1"', None))


def test_offline_start_paints_from_cache_and_says_it_is_stale(qtbot, tmp_path) -> None:
    cached_item(tmp_path, NOW - dt.timedelta(days=2))
    service = service_for(OFFLINE_FEED, tmp_path)
    service.load_cached()
    assert [i.title for i in service.news_items()] == ["Z pamięci podręcznej"]
    with qtbot.waitSignal(service.changed, timeout=15000):
        service.start()
    assert service.news.error  # the fetch failed …
    assert [i.title for i in service.news_items()] == ["Z pamięci podręcznej"]  # … the cache stays
    assert service.news.stale(NOW)


def test_fetch_updates_cache_then_uses_conditional_get(qtbot, tmp_path, server) -> None:
    server.route(
        "127.0.0.1",
        "/feed.xml",
        lambda seen: (
            Response(status=304)
            if seen.headers.get("if-none-match") == '"abc"'
            else Response(FEED, headers={"ETag": '"abc"'}, content_type="application/rss+xml")
        ),
    )
    service = service_for(server.url("127.0.0.1", "/feed.xml"), tmp_path)
    service.load_cached()
    with qtbot.waitSignal(service.changed, timeout=10000):
        service.start()
    assert service.news_items()[0].title == "Nowsza wiadomość"
    feed = server.url("127.0.0.1", "/feed.xml")
    assert ContentCache(tmp_path).read("news", feed).etag == '"abc"'
    with qtbot.waitSignal(service.changed, timeout=10000):
        service.refresh("news", feed)
    assert server.requests[-1].headers.get("if-none-match") == '"abc"'
    assert len(service.news_items()) == 2 and not service.news.error
    # a restart without network paints what the last run fetched from this feed
    server.close()
    again = service_for(feed, tmp_path)
    again.load_cached()
    assert again.news_items()[0].title == "Nowsza wiadomość"


def test_a_new_feed_never_shows_another_sources_cached_items(tmp_path) -> None:
    """Issue 16: a Łęczna config whose feed was unreachable showed Lublin's demo news."""
    cached_item(tmp_path, NOW - dt.timedelta(hours=1), source="https://powiat.lublin.pl/feed/", title="Lublin")
    cached_item(tmp_path, NOW - dt.timedelta(hours=1), source="https://powiatleczynski.pl/feed/", title="Łęczna")
    leczna = service_for("https://powiatleczynski.pl/feed/", tmp_path)
    leczna.load_cached()
    assert [i.title for i in leczna.news_items()] == ["Łęczna"]  # its own cache, and only that
    other = service_for("https://gmina.example/feed/", tmp_path)
    other.load_cached()
    assert other.news_items() == []


def test_cached_content_older_than_cache_days_is_not_shown(tmp_path) -> None:
    cached_item(tmp_path, NOW - dt.timedelta(days=20))
    config = f'[content]\ncache_days = 30\n[content.news]\nurl = "{OFFLINE_FEED}"\n'
    fresh_enough = ContentService(parse_config(config), ContentCache(tmp_path), lambda: NOW)
    fresh_enough.load_cached()
    assert [i.title for i in fresh_enough.news_items()] == ["Z pamięci podręcznej"]
    days_later = NOW + dt.timedelta(days=11)  # 31 days after the fetch: the same kiosk, still offline
    too_old = ContentService(parse_config(config), ContentCache(tmp_path), lambda: days_later)
    too_old.load_cached()
    assert too_old.news_items() == []


def test_a_slow_source_never_blocks_the_caller(qtbot, tmp_path, server) -> None:
    release = threading.Event()

    def slow(_seen):
        release.wait(10)
        return Response(FEED, content_type="application/rss+xml")

    server.route("127.0.0.1", "/slow.xml", slow)
    service = service_for(server.url("127.0.0.1", "/slow.xml"), tmp_path)
    service.start()  # returns while the server is still holding the response
    assert service.news_items() == []
    with qtbot.waitSignal(service.changed, timeout=10000):
        release.set()
    assert len(service.news_items()) == 2


@pytest.mark.parametrize("response", [Response("boom", status=500), Response(b"not a feed", content_type="text/plain")])
def test_failing_or_malformed_source_keeps_the_cache(qtbot, tmp_path, server, response) -> None:
    feed = server.url("127.0.0.1", "/feed.xml")
    cached_item(tmp_path, NOW - dt.timedelta(minutes=5), source=feed)
    server.route("127.0.0.1", "/feed.xml", response)
    service = service_for(feed, tmp_path)
    service.load_cached()
    with qtbot.waitSignal(service.changed, timeout=15000):
        service.start()
    assert service.news.error
    assert [i.title for i in service.news_items()] == ["Z pamięci podręcznej"]


def test_home_screen_shows_last_updated_when_stale(qtbot, make_window, tmp_path) -> None:
    from kiosk.ui.window.window import KioskWindow
    from tests.support.web import demo_config

    cached_item(tmp_path, dt.datetime(2026, 11, 20, 8, 30))
    config = demo_config(1, f'[content.news]\nurl = "{OFFLINE_FEED}"\n')
    window = KioskWindow(config, clock=lambda: NOW, cache_dir=tmp_path)
    qtbot.addWidget(window)
    assert window.panels.news.stale.isVisibleTo(window.panels.news)
    assert window.panels.news.stale.text() == "Ostatnia aktualizacja: 20 listopada 2026, 08:30"
    window.shutdown()


def test_local_calendar_with_repeating_events_is_expanded_again_each_day(tmp_path) -> None:
    ics = Path(__file__).resolve().parents[1] / "data" / "calendars" / "recurring.ics"
    config = parse_config(f'[content.calendar]\nfile = "{ics}"\ndays_ahead = 21\n')
    cache = ContentCache(tmp_path)

    def started(now: dt.datetime) -> ContentService:
        service = ContentService(config, cache, lambda: now)
        service.load_cached()
        return service

    def tuesdays(service: ContentService) -> list[str]:
        return [e.date for e in service.upcoming_events("pl") if e.title == "Dyżur radcy prawnego"]

    assert tuesdays(started(NOW)) == ["2026-12-08"]  # 24 Nov excluded, 1 Dec moved to Wednesday
    # Three months later the cached parse has run past its horizon. The first paint still
    # uses it (no parsing on the start-up path); start(), after the paint, parses again.
    later = started(dt.datetime(2027, 3, 1, 9, 0))
    assert tuesdays(later) == ["2027-03-02"]  # the old parse reached only 100 days ahead
    changed: list[bool] = []
    later.changed.connect(lambda: changed.append(True))
    later.start()
    assert changed and tuesdays(later) == ["2027-03-02", "2027-03-09", "2027-03-16"]
    assert tuesdays(started(dt.datetime(2027, 3, 1, 12, 0))) == ["2027-03-02", "2027-03-09", "2027-03-16"]


def test_start_prepares_the_holiday_calendars_of_this_year_and_the_next(qtbot, tmp_path, monkeypatch) -> None:
    # A new year's first start, or a visitor's first tap on "EN", must not wait ~240 ms
    # for the holidays package on the UI thread: the worker fills the cache after the paint.
    from kiosk.content import holidays_pl

    monkeypatch.setattr(holidays_pl, "_cache_file", lambda year, language: tmp_path / "holidays" / f"{year}-{language}")
    holidays_pl._calendar.cache_clear()
    new_years_eve = dt.datetime(2051, 12, 31, 23)  # past the shipped table (2026–2040)
    service = ContentService(parse_config(""), ContentCache(tmp_path / "content"), lambda: new_years_eve)
    service.start()
    assert service.wait_idle(30_000)
    names = sorted(p.name for p in (tmp_path / "holidays").iterdir())
    assert names == [f"{year}-{language}" for year in (2051, 2052) for language in ("en", "pl", "uk")]
    holidays_pl._calendar.cache_clear()  # the next tests read the real cache again


def test_a_local_file_not_parsed_yet_waits_for_the_first_paint(qtbot, tmp_path) -> None:
    """The very first start paints before feedparser's import and parse (~200 ms); the
    news come in right after, and from then on from the cache before the paint."""
    feed = tmp_path / "news.xml"
    feed.write_bytes(FEED)
    config = parse_config(f'[content.news]\nfile = "{feed}"\n')
    first = ContentService(config, ContentCache(tmp_path / "cache"), lambda: NOW)
    first.load_cached(parse_files=False)
    assert first.news_items() == []
    with qtbot.waitSignal(first.changed, timeout=10000):
        first.start()
    assert first.news_items()[0].title == "Nowsza wiadomość"
    again = ContentService(config, ContentCache(tmp_path / "cache"), lambda: NOW)
    again.load_cached(parse_files=False)
    assert again.news_items()[0].title == "Nowsza wiadomość"  # the restart paints it at once
