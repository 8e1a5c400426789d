"""Log text made safe to leave the kiosk (issue 31: ``kiosk logs``, ``GET /logs``).

The kiosk never logs a query string on purpose (:func:`kiosk.core.urls.loggable_url`),
but some lines are written by others: Qt and Chromium messages, a traceback holding a
URL. So every line that leaves the machine passes :func:`scrub_line` first: each URL is
cut to its scheme and host — no credentials, path, query or fragment, since any of those
may hold what a visitor typed or visited. Pure: no Qt, no I/O.
"""

from __future__ import annotations

import re

#: ``scheme://authority/anything`` up to the next blank or quote.
_HIERARCHICAL = re.compile(r"(?i)\b([a-z][a-z0-9+.-]{0,19})://([^\s/?#\\\"'<>]*)[^\s\"'<>]*")
#: Schemes without ``//`` whose whole body is the content (a script, a mail address, data).
_OPAQUE = re.compile(
    r"(?i)\b(javascript|data|blob|mailto|tel|sms|about|view-source|filesystem|intent|chrome|devtools|file):"
    r"(?!//)\S+"
)
#: ``host.tld/...`` or ``host.tld?...`` written without a scheme.
_BARE_HOST = re.compile(r"(?i)(?<![\w./@-])((?:[a-z0-9-]+\.)+[a-z]{2,63}(?::\d{1,5})?)[/?#][^\s\"'<>]*")
#: Whatever query is left (``?a=b`` after a relative path).
_QUERY = re.compile(r"\?[^\s\"'<>]*=[^\s\"'<>]*")


def _host_only(match: re.Match[str]) -> str:
    authority = match.group(2).rsplit("@", 1)[-1]  # never user:password
    return f"{match.group(1).lower()}://{authority}"


def scrub_line(line: str) -> str:
    """``line`` with every URL reduced to ``scheme://host[:port]`` (opaque ones to ``scheme:…``)."""
    line = _HIERARCHICAL.sub(_host_only, line)
    line = _OPAQUE.sub(lambda m: f"{m.group(1).lower()}:…", line)
    line = _BARE_HOST.sub(lambda m: m.group(1), line)
    return _QUERY.sub("?…", line)


def scrub_text(text: str) -> str:
    """Every line of ``text`` through :func:`scrub_line`."""
    return "\n".join(scrub_line(line) for line in text.split("\n"))
