"""Every key of the schema is read by some code: no documented key that does nothing
(issue 16 found ``theme.logo``, ``content.cache_days`` and ``stats.metrics_port`` so)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from kiosk.config.loader import _unwrap_model
from kiosk.config.schema import KioskConfig, LocalizedText

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"
# Where the schema and its generated reference live: a key named there is not "read".
NOT_READERS = {KIOSK / "config" / "schema.py", KIOSK / "config" / "docs.py"}
# Keys read by name from data rather than as attributes: (path, file, the text that reads them).
READ_DYNAMICALLY = {
    **{
        (*section, "hours", day): (KIOSK / "core/hours.py", f'"{day}"')
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        for section in (("content", "offices"), ("schedule",))
    },
    ("schedule", "open", "date"): (KIOSK / "core/schedule.py", "entry.date"),
}


def schema_keys(model: type = KioskConfig, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, field in model.model_fields.items():
        nested = _unwrap_model(field.annotation)
        if nested is not None and nested is not LocalizedText:
            yield from schema_keys(nested, (*path, name))
        else:
            yield (*path, name)


def test_every_schema_key_is_read_by_some_code() -> None:
    keys = list(schema_keys())
    assert len(keys) > 40  # the walk saw the schema
    code = "\n".join(p.read_text(encoding="utf-8") for p in KIOSK.rglob("*.py") if p not in NOT_READERS)
    leaves = Counter(key[-1] for key in keys)
    unread = []
    for key in keys:
        if key in READ_DYNAMICALLY:
            where, text = READ_DYNAMICALLY[key]
            if text not in where.read_text(encoding="utf-8"):
                unread.append(".".join(key))
            continue
        leaf, parent = key[-1], key[-2] if len(key) > 1 else ""
        patterns = [rf"\b{parent}\.{leaf}\b", rf"\b{parent.rstrip('s')}\.{leaf}\b"] if parent else []
        if leaves[leaf] == 1 or not parent:  # a name only this key has: any attribute read of it counts
            patterns.append(rf"\.{leaf}\b")
        if not any(re.search(pattern, code) for pattern in patterns):
            unread.append(".".join(key))
    assert unread == []
