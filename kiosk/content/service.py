"""Keeps county content fresh without ever blocking the UI thread.

At start every source is read from the on-disk cache (or a local file) so the home
screen paints full at once; network sources are then fetched in a QThreadPool worker and
their results delivered by a queued signal. A failed fetch keeps the cached content and
reports it as stale.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.content.cache import Cached, ContentCache
from kiosk.content.events import CalendarError, CalendarEvent, from_config, parse_ics, upcoming
from kiosk.content.holidays_pl import prepare as prepare_holidays
from kiosk.content.news import FeedError, NewsItem, parse_feed
from kiosk.support.http_client import Fetched, fetch
from kiosk.support.worker import Worker

if TYPE_CHECKING:
    from kiosk.config import KioskConfig

log = logging.getLogger("kiosk.content")

STALE_AFTER = dt.timedelta(hours=6)


@dataclass
class SourceState:
    items: list = field(default_factory=list)
    fetched_at: dt.datetime | None = None
    error: str = ""

    def stale(self, now: dt.datetime) -> bool:
        return self.fetched_at is None or now - self.fetched_at > STALE_AFTER

    def too_old(self, now: dt.datetime, days: int) -> bool:
        """Older than ``content.cache_days``: no longer shown at all."""
        return self.fetched_at is not None and now - self.fetched_at > dt.timedelta(days=days)


def _prepare_holidays(year: int) -> None:  # the worker thread: files only
    computed = prepare_holidays(year)
    if computed:
        log.info("prepared %d holiday calendars for %d and %d", computed, year, year + 1)


class ContentService(QObject):
    """News and calendar for the home screen; emits ``changed`` when either changes."""

    changed = Signal()

    def __init__(
        self,
        config: KioskConfig,
        cache: ContentCache,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = config
        self.cache = cache
        self._clock = clock
        self.news = SourceState()
        self.calendar = SourceState()
        self._worker = Worker(self)
        self._timers: list[QTimer] = []
        self._in_flight: set[str] = set()
        self._parsed_earlier: dict[str, Path] = {}  # local files to parse after the first paint

    # --- start -------------------------------------------------------------------------------
    def load_cached(self, parse_files: bool = True) -> None:
        """Fill every source from cache or local files (fast, local), before the first paint.
        ``parse_files=False``: a local file not parsed yet waits for :meth:`start` (the
        first start of an install: feedparser's import and parse cost ~200 ms)."""
        news = self.config.content.news
        if news.url:
            self._use_cache("news")
        elif news.file:
            self._load_file("news", self.config.resolve(news.file), parse=parse_files)
        calendar = self.config.content.calendar
        if calendar.url:
            self._use_cache("calendar")
        elif calendar.file:
            self._load_file("calendar", self.config.resolve(calendar.file), parse=parse_files)
        else:
            self.calendar.fetched_at = self._clock()

    def start(self) -> None:
        """After the first paint: parse local files not parsed yet or on an earlier day, fetch
        network sources now and then every refresh interval."""
        if self._parsed_earlier:
            for name, path in self._parsed_earlier.items():
                self._load_file(name, path, reparse_old=True)
            self._parsed_earlier.clear()
            self.changed.emit()
        for name, url, minutes in (
            ("news", self.config.content.news.url, self.config.content.news.refresh_minutes),
            ("calendar", self.config.content.calendar.url, self.config.content.calendar.refresh_minutes),
        ):
            if not url:
                continue
            timer = QTimer(self)
            timer.setInterval(minutes * 60_000)
            timer.timeout.connect(lambda n=name, u=url: self.refresh(n, u))
            timer.start()
            self._timers.append(timer)
            self.refresh(name, url)
        # After the fetches: holiday calendars missing from the cache (a new year, a new
        # install), so that no visitor's tap waits ~240 ms for the holidays package.
        year = self._clock().year
        self._worker.run(lambda: _prepare_holidays(year))

    def refresh(self, name: str, url: str) -> None:
        if name in self._in_flight:
            return
        self._in_flight.add(name)
        cached = self.cache.read(name, url)
        etag, modified = (cached.etag, cached.modified) if cached else (None, None)
        timeout = float(self.config.network.timeout_seconds)
        self._worker.run(lambda: fetch(url, etag, modified, timeout), lambda result: self._on_fetched(name, result))

    def wait_idle(self, msecs: int = 10_000) -> bool:
        """For tests and shutdown: wait for running fetches."""
        return self._worker.wait_idle(msecs)

    # --- results -------------------------------------------------------------------------------
    def upcoming_events(self, language: str) -> list[CalendarEvent]:
        events = self._shown("calendar") + from_config(self.config.content.calendar.events, language)
        return upcoming(events, self._clock().date(), self.config.content.calendar.days_ahead)

    def news_items(self) -> list[NewsItem]:
        return self._shown("news")[: self.config.content.news.max_items]

    def _shown(self, name: str) -> list:
        """The source's items, unless they are older than ``content.cache_days``."""
        state = self._state(name)
        return [] if state.too_old(self._clock(), self.config.content.cache_days) else list(state.items)

    def _source(self, name: str) -> str:
        """What the cache entry of ``name`` belongs to: the URL, or the resolved file path."""
        section = self.config.content.news if name == "news" else self.config.content.calendar
        return section.url or str(self.config.resolve(section.file or "").resolve())

    def _state(self, name: str) -> SourceState:
        return self.news if name == "news" else self.calendar

    def _parse(self, name: str, body: bytes) -> list:
        return parse_feed(body) if name == "news" else parse_ics(body, self._clock().date())

    def _to_json(self, items: list) -> list[dict]:
        return [item.to_json() for item in items]

    def _from_json(self, name: str, data: list[dict]) -> list:
        kind = NewsItem if name == "news" else CalendarEvent
        return [kind.from_json(entry) for entry in data]

    def _use_cache(self, name: str) -> None:
        cached = self.cache.read(name, self._source(name))
        if cached is None:
            return
        state = self._state(name)
        try:
            state.items = self._from_json(name, cached.data)
        except (TypeError, KeyError, AttributeError):
            log.warning("ignoring malformed cached %s", name)
            return
        state.fetched_at = cached.fetched_at

    def _load_file(self, name: str, path: Path, reparse_old: bool = False, parse: bool = True) -> None:
        """A local feed/calendar file, kept parsed in the cache. Repeating events are
        expanded from the day of parsing, so a parse from an earlier day is redone — but
        after the first paint (:meth:`start`), not on the start-up path; with ``parse``
        false, so is the first parse."""
        state = self._state(name)
        try:
            source = f"{path}@{path.stat().st_mtime_ns}"  # which file, which version of it
            cached = self.cache.read(name, self._source(name))
            same_file = cached is not None and cached.modified == source
            parsed_today = cached is not None and cached.fetched_at.date() == self._clock().date()
            if same_file and (parsed_today or not reparse_old):
                state.items = self._from_json(name, cached.data)
                if not parsed_today:
                    self._parsed_earlier[name] = path
            elif not parse:
                self._parsed_earlier[name] = path
                return
            else:
                state.items = self._parse(name, path.read_bytes())
                cached = Cached(self._to_json(state.items), self._clock(), None, source)
                self.cache.write(name, self._source(name), cached)
            state.fetched_at = self._clock()
            state.error = ""
        except (OSError, FeedError, CalendarError, TypeError, KeyError) as exc:
            state.error = str(exc)
            log.warning("cannot read %s from %s: %s", name, path, exc)

    def _on_fetched(self, name: str, result: Fetched) -> None:
        self._in_flight.discard(name)
        state = self._state(name)
        now = self._clock()
        if result.status == "not_modified":
            state.fetched_at = now
            cached = self.cache.read(name, self._source(name))
            if cached is not None:
                self.cache.write(name, self._source(name), Cached(cached.data, now, cached.etag, cached.modified))
        elif result.status == "updated":
            try:
                items = self._parse(name, result.body)
            except (FeedError, CalendarError) as exc:
                state.error = str(exc)
                log.warning("%s source is malformed: %s", name, exc)
                self.changed.emit()
                return
            state.items, state.fetched_at, state.error = items, now, ""
            self.cache.write(name, self._source(name), Cached(self._to_json(items), now, result.etag, result.modified))
        else:
            state.error = result.error
        self.changed.emit()
