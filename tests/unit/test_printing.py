"""The pure parts of printing (issue 32): who may print, the page budget, the page count,
the queue's state as ``lpstat`` and QPrinterInfo tell it, which spooler a platform uses.
The real queue: tests/qt/test_printing.py (both spoolers)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kiosk.web.printing import PageBudget, may_print, parse_state, pdf_page_count

IDLE = "printer kiosk is idle.  enabled since Sun Dec  6 19:16:15 2026\n\tForm mounted:\n\tAlerts: none\n"
DISABLED = "printer kiosk disabled since Sun Dec  6 19:14:48 2026 -\n\tPaused\n\tAlerts: paused\n"
NO_PAPER = "printer kiosk is idle.  enabled since Sun Dec  6 19:16:15 2026\n\tAlerts: media-empty-error\n"
TONER_LOW = "printer kiosk is idle.  enabled since Sun Dec  6 19:16:15 2026\n\tAlerts: toner-low-report\n"


@pytest.mark.parametrize(
    ("printer", "service_print", "service", "allowed"),
    [
        ("kiosk", True, True, True),
        ("", True, True, False),
        ("kiosk", False, True, False),
        ("kiosk", True, False, False),
    ],
)
def test_only_a_service_that_says_print_prints_and_only_with_a_printer(printer, service_print, service, allowed):
    printing = SimpleNamespace(printer=printer)
    open_service = SimpleNamespace(print=service_print) if service else None
    assert may_print(open_service, printing) is allowed


def test_a_job_that_does_not_fit_is_refused_whole_and_nothing_is_reserved():
    budget = PageBudget(5)
    assert budget.take(3) and budget.remaining == 2
    assert not budget.take(3) and budget.remaining == 2
    assert not budget.take(0)
    assert budget.take(2) and budget.remaining == 0
    budget.give_back(2)
    assert budget.remaining == 2
    budget.reset()
    assert budget.remaining == 5


@pytest.mark.parametrize(
    ("printers", "code", "accepting", "up", "reasons"),
    [
        (IDLE, 0, "kiosk accepting requests since x", True, ()),
        (DISABLED, 0, "kiosk accepting requests since x", False, ("paused",)),
        (NO_PAPER, 0, "kiosk accepting requests since x", False, ("media-empty-error",)),
        (TONER_LOW, 0, "kiosk accepting requests since x", True, ("toner-low-report",)),
        (IDLE, 0, "kiosk not accepting requests since x -\n\tRejecting Jobs", False, ("not-accepting",)),
        ('lpstat: Invalid destination name in list "kiosk".', 1, "", False, ("missing",)),
    ],
)
def test_the_queue_state_from_lpstat(printers, code, accepting, up, reasons):
    state = parse_state("kiosk", code, printers, accepting)
    assert state.up is up
    assert state.reasons == reasons


def test_pages_are_counted_from_the_pdf():
    two = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R >> endobj\n4 0 obj << /Type /Page /Parent 2 0 R >> endobj\n"
    )
    assert pdf_page_count(two) == 2
    assert pdf_page_count(b"not a pdf") == 0


@pytest.mark.parametrize(
    ("platform", "kind"), [("win32", "qt"), ("linux", "cups"), ("darwin", "cups"), ("cygwin", "cups")]
)
def test_windows_prints_through_qprinter_and_every_other_system_through_cups(platform, kind):
    from kiosk.web.printing import CupsQueue
    from kiosk.web.spoolers import QtSpooler, open_spooler, spooler_kind

    assert spooler_kind(platform) == kind
    spooler = open_spooler("kiosk", platform)
    assert isinstance(spooler, QtSpooler if kind == "qt" else CupsQueue) and spooler.name == "kiosk"
    assert spooler.tracks_jobs is (kind == "cups")  # QPrinter tells no job id


def test_a_qprinter_state_of_error_or_aborted_is_down_and_a_missing_printer_too():
    from PySide6.QtPrintSupport import QPrinter

    from kiosk.web.spoolers import qt_printer_state

    states = QPrinter.PrinterState
    idle = qt_printer_state(True, states.Idle)
    assert idle.up is True and idle.reasons == ()
    assert qt_printer_state(True, states.Active).up is True  # printing someone's job
    assert qt_printer_state(True, states.Error).up is False  # Windows: paper out, jam, offline, paused …
    assert qt_printer_state(True, states.Error).reasons == ("error",)
    assert qt_printer_state(True, states.Aborted).reasons == ("aborted",)
    assert qt_printer_state(False, None).reasons == ("missing",)
    assert qt_printer_state(True, None).up is False  # a state Qt does not name: not trusted
