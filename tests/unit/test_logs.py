"""Logger names come from one registry, so a technician's filter (``grep kiosk.web``) works."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.support.logs import LOGGERS

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"


def test_every_logger_in_the_code_is_in_the_registry() -> None:
    used: dict[str, list[str]] = {}
    for path in KIOSK.rglob("*.py"):
        for name in re.findall(r"""getLogger\(\s*["']([^"']+)["']""", path.read_text(encoding="utf-8")):
            used.setdefault(name, []).append(path.name)
    assert used  # the scan found the loggers at all
    unknown = {name: files for name, files in used.items() if name not in LOGGERS}
    assert unknown == {}
    assert set(LOGGERS) - set(used) == set()  # and the registry names nothing that does not exist


def test_no_logger_is_made_from_a_variable() -> None:
    # getLogger(__name__) or a computed name would slip past the registry check above.
    offenders = [
        path.name
        for path in KIOSK.rglob("*.py")
        if re.search(r"getLogger\(\s*[^\"'\s)]", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
