"""A private CUPS scheduler for tests: its own config, spool and socket, one cups-pdf queue.

``cupsd -f -c cupsd.conf -s cups-files.conf`` listens on a Unix socket in the test's own
directory; ``CUPS_SERVER`` points lp, lpstat and cancel there (the kiosk's too). The queue
prints with cups-pdf (Debian ``printer-driver-cups-pdf``), whose config is read from
/etc/cups only (``cups-pdf-QUEUE.conf``, compiled in): the test writes one for its
uniquely named queue, pointing the output into the test's directory, and removes it.
Needs root (cups-pdf runs as root, /etc/cups is root's): skipped otherwise.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd")
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")


def missing() -> str | None:
    """Why a real-CUPS test cannot run here (None: it can)."""
    for tool in ("cupsd", "lp", "lpstat", "lpadmin", "cancel", "cupsdisable", "pdftotext", "pdfinfo", "pdftoppm"):
        if shutil.which(tool) is None:
            return f"{tool} missing (Debian cups, cups-client, cups-bsd, poppler-utils: scripts/system-deps.sh test)"
    if not CUPS_PDF_BACKEND.exists() or not CUPS_PDF_PPD.exists():
        return "cups-pdf missing (Debian printer-driver-cups-pdf)"
    if os.geteuid() != 0:
        return "cups-pdf reads its config from /etc/cups only: run as root"
    return None


class PrivateCups:
    """cupsd with everything under a fresh directory; ``queue`` prints PDFs into ``out``.

    Not under pytest's tmp_path: that is 0700, and CUPS's filters run as the user lp."""

    def __init__(self) -> None:
        self.root = root = Path(tempfile.mkdtemp(prefix="infomat-cups-"))
        self.queue = "infomat-test-" + uuid.uuid4().hex[:8]
        self.socket = root / "cups.sock"
        self.conf = root / "conf"
        self.spool = root / "spool"
        self.out = root / "out"
        self.pdf_conf = Path("/etc/cups") / f"cups-pdf-{self.queue}.conf"
        for folder in (self.conf, self.spool / "tmp", root / "cache", root / "state", root / "log", self.out):
            folder.mkdir(parents=True, exist_ok=True)
        root.chmod(0o755)
        self.out.chmod(0o777)
        (self.conf / "cups-files.conf").write_text(
            f"ServerRoot {self.conf}\nRequestRoot {self.spool}\nTempDir {self.spool / 'tmp'}\n"
            f"CacheDir {root / 'cache'}\nStateDir {root / 'state'}\nServerBin /usr/lib/cups\n"
            f"DataDir /usr/share/cups\nAccessLog {root / 'log/access_log'}\nErrorLog {root / 'log/error_log'}\n"
            f"PageLog {root / 'log/page_log'}\nPrintcap {root / 'printcap'}\nSandboxing Relaxed\n"
        )
        # docs/printing.md: a kiosk's cupsd keeps no job files nor history.
        (self.conf / "cupsd.conf").write_text(
            f"Listen {self.socket}\nLogLevel info\nBrowsing No\nWebInterface No\nDefaultAuthType None\n"
            "PreserveJobFiles No\nPreserveJobHistory No\nMaxJobs 50\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
        )
        self.pdf_conf.write_text(
            f"Out {self.out}\nAnonDirName {self.out}\nLog {root / 'log'}\nLabel 1\n"
        )  # Label: job id in the name
        self.env = {**os.environ, "CUPS_SERVER": str(self.socket)}
        self.process = subprocess.Popen(
            ["cupsd", "-f", "-c", str(self.conf / "cupsd.conf"), "-s", str(self.conf / "cups-files.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while self.run("lpstat", "-r").stdout.strip() != "scheduler is running":
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("cupsd did not start: " + (root / "log/error_log").read_text(errors="replace"))
            time.sleep(0.1)
        # pdftocairo keeps the text extractable through cups-pdf's PostScript round trip
        # (the default renderer's fonts come out without a Unicode map; measured).
        self.run(
            "lpadmin", "-p", self.queue, "-E", "-v", f"cups-pdf:/{self.queue}", "-P", str(CUPS_PDF_PPD),
            "-o", "pdftops-renderer-default=pdftocairo", check=True,
        )  # fmt: skip

    def run(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), env=self.env, capture_output=True, text=True, timeout=30, check=check)

    def printed(self) -> list[Path]:
        return sorted(self.out.glob("*.pdf"))

    def text_of(self, pdf: Path, timeout: float = 15) -> str:
        """The printout's text, once cups-pdf has finished writing it: the file is there
        (and listed by :meth:`printed`) while it is still being written (seen failing in CI)."""
        deadline = time.monotonic() + timeout
        while True:
            done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True)
            if done.returncode == 0 or time.monotonic() > deadline:
                done.check_returncode()
                return done.stdout
            time.sleep(0.2)

    def pending(self) -> list[str]:
        listed = self.run("lpstat", "-W", "not-completed", "-o", self.queue).stdout
        return [line.split()[0] for line in listed.splitlines() if line.strip()]

    def spool_files(self) -> list[str]:
        """Job control and data files left in the spool (c*, d*)."""
        return sorted(p.name for p in self.spool.iterdir() if p.is_file() and p.name[:1] in "cd")

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.pdf_conf.unlink(missing_ok=True)
        shutil.rmtree(self.root, ignore_errors=True)


def pdf_info(pdf: Path) -> dict[str, str]:
    """``pdfinfo``'s fields (Pages, Page size, Title …)."""
    done = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in done.splitlines())}


def ink(pdf: Path, page: int, dpi: int = 40) -> tuple[float, float, float]:
    """Where a page has ink: the share of dark pixels and their centre (x, y as shares of
    the page), from ``pdftoppm -gray``. A blank page is (0.0, nan, nan)."""
    done = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", done)
    assert header is not None, "pdftoppm did not write a PGM"
    width, height = int(header[1]), int(header[2])
    pixels = done[header.end() : header.end() + width * height]
    dark = [index for index, value in enumerate(pixels) if value < 128]
    if not dark:
        return 0.0, math.nan, math.nan
    x = sum(index % width for index in dark) / len(dark) / width
    y = sum(index // width for index in dark) / len(dark) / height
    return len(dark) / (width * height), x, y


def private_cups(monkeypatch: pytest.MonkeyPatch):
    """Generator body for a fixture: a running :class:`PrivateCups`, CUPS_SERVER set."""
    reason = missing()
    if reason:
        pytest.skip(reason)
    cups = PrivateCups()
    monkeypatch.setenv("CUPS_SERVER", str(cups.socket))
    try:
        yield cups
    finally:
        cups.close()
