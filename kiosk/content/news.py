"""County news from RSS/Atom (feedparser): parsed into plain text items."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class NewsItem:
    title: str
    summary: str  # plain text, no markup
    link: str
    published: str | None  # ISO date

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> NewsItem:
        return cls(**{k: data.get(k) for k in ("title", "summary", "link", "published")})


class FeedError(ValueError):
    """The feed could not be used at all."""


_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")


def plain_text(fragment: str) -> str:
    """Feed HTML → readable plain text (the home screen never renders feed markup)."""
    import html  # here, not at start-up: its entity table is ~3 ms, and cached items are plain already

    text = _TAG_RE.sub(" ", fragment or "")
    return _SPACE_RE.sub(" ", html.unescape(text)).strip()


def parse_feed(data: bytes, limit: int = 30) -> list[NewsItem]:
    """Items of an RSS/Atom document, newest first. Raises :class:`FeedError` if unusable."""
    import feedparser  # here, not at start-up: the home screen paints from cache first

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise FeedError(f"no news items in the feed{f' ({reason})' if reason else ''}")
    items = []
    for entry in parsed.entries:
        title = plain_text(entry.get("title", ""))
        if not title:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.date(*stamp[:3]).isoformat() if stamp else None
        summary = plain_text(entry.get("summary", "") or entry.get("description", ""))
        items.append(NewsItem(title[:200], summary[:2000], entry.get("link", ""), published))
    if not items:
        raise FeedError("feed entries have no titles")
    items.sort(key=lambda i: i.published or "", reverse=True)
    return items[:limit]
