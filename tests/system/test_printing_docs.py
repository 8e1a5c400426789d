"""docs/printing.md, run as written: its cups-pdf test queue is set up by the doc's own
shell block (with this test's queue name and folder, against a private cupsd, without the
apt-get line), prints, and the printout's text reads back; its config parses; its cupsd.conf
privacy lines are the ones the print tests run with."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from tests.support.cups import private_cups

DOC = Path(__file__).resolve().parents[2] / "docs" / "printing.md"
SUPPORT = Path(__file__).resolve().parents[1] / "support" / "cups.py"


@pytest.fixture
def cups(monkeypatch):
    yield from private_cups(monkeypatch)


def blocks(language: str) -> list[str]:
    """The doc's fenced blocks tagged ``language`` ("" = untagged)."""
    found, current, tag = [], None, ""
    for line in DOC.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("```"):
            if current is None:
                current, tag = [], line[3:].strip()
            else:
                if tag == language:
                    found.append("".join(current))
                current = None
        elif current is not None:
            current.append(line)
    return found


def test_the_docs_cups_pdf_queue_prints_as_written(cups, tmp_path):
    [block] = [b for b in blocks("sh") if "cups-pdf:/" in b]
    assert "QUEUE=kiosk-pdf\n" in block and "OUT=/var/spool/cups-pdf/kiosk\n" in block
    queue, out = cups.queue + "-doc", cups.root / "doc-out"
    script = (
        block.replace("QUEUE=kiosk-pdf\n", f"QUEUE={queue}\n")
        .replace("OUT=/var/spool/cups-pdf/kiosk\n", f"OUT={out}\n")
        .replace("apt-get install", ": apt-get install")  # installed by scripts/system-deps.sh test
    )
    try:
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], env=cups.env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert f"printer {queue} is idle" in done.stdout
        text = tmp_path / "page.txt"
        text.write_text("Wydruk z dokumentacji DOC-PRINT-6620\n")
        cups.run("lp", "-d", queue, "-t", "infomat", str(text), check=True)
        deadline = time.monotonic() + 30
        while not list(out.glob("*.pdf")) and time.monotonic() < deadline:
            time.sleep(0.2)
        [pdf] = list(out.glob("*.pdf"))
        assert pdf.name.startswith("job_") and "DOC-PRINT-6620" in cups.text_of(pdf)
    finally:
        Path(f"/etc/cups/cups-pdf-{queue}.conf").unlink(missing_ok=True)


def test_the_docs_config_parses_and_its_cupsd_privacy_lines_are_the_tested_ones():
    from kiosk.config import parse_config

    [toml] = blocks("toml")
    config = parse_config(toml)
    assert config.printing.printer == "kiosk" and config.printing.max_pages_per_session == 20
    assert config.service("wnioski").print is True and len(config.content.forms) == 1
    [conf] = [b for b in blocks("") if "PreserveJobFiles" in b]
    support = SUPPORT.read_text(encoding="utf-8")
    for line in ("PreserveJobFiles No", "PreserveJobHistory No"):
        assert line in conf and line in support
