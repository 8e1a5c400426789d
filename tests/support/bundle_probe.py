"""Run inside the frozen bundle (``dist/infomat/infomat-probe``, built with
``INFOMAT_BUNDLE_PROBE=1``): the features the self-test does not reach, from the bundle's
own libraries, plugins and QML — what build.spec may have dropped by mistake.

The probe shares the bundle's ``_internal`` (one COLLECT); it imports nothing the kiosk
does not, so the bundle with and without it holds the same files (tests/system/
test_bundle_features.py checks that too). Prints one PASS/FAIL line per check; exit 0 when
all pass.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

RESULTS: list[bool] = []


def check(ok: object, name: str, detail: str = "") -> None:
    RESULTS.append(bool(ok))
    print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk import env

    env.prepare_environment()
    from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication.instance() or QApplication(env.qt_argv())

    from kiosk.commands.selftest import wait_until

    check(getattr(sys, "frozen", False), "running frozen", sys.executable)

    # ICU (build.spec trims Qt's ICU data to pl/en/uk): Polish collation and zone names.
    from PySide6.QtCore import QCollator, QTimeZone

    words = sorted(["mama", "łódź", "lody", "żaba", "zebra", "źrebię"], key=QCollator(QLocale("pl_PL")).sortKey)
    check(words == ["lody", "łódź", "mama", "zebra", "źrebię", "żaba"], "Polish collation (ICU)", " ".join(words))
    zone = QTimeZone(b"Europe/Warsaw").displayName(
        QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, QLocale("uk_UA")
    )
    check("центральноєвропейськ" in zone, "Ukrainian time-zone name (ICU)", zone)

    # QtPdf and QtPdfWidgets: the county forms screen reads a PDF natively.
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    from kiosk.commands.selftest import PDF

    with tempfile.TemporaryDirectory(prefix="infomat-probe-") as tmp:
        pdf = Path(tmp, "form.pdf")
        pdf.write_bytes(PDF)
        document = QPdfDocument()
        document.load(str(pdf))
        image = document.render(0, QSize(300, 144))
        check(document.pageCount() == 1 and not image.isNull(), "QtPdf reads and renders a form")
        view = QPdfView()
        view.setDocument(document)
        view.resize(400, 300)
        view.show()
        app.processEvents()
        check(view.document() is document, "QPdfView shows it (the forms screen's viewer)")
        view.close()

    # Speech: Qt TextToSpeech with the speech-dispatcher plugin.
    from PySide6.QtTextToSpeech import QTextToSpeech

    engines = QTextToSpeech.availableEngines()
    check("speechd" in engines, "Qt TextToSpeech finds its speechd plugin", ", ".join(engines))
    tts = QTextToSpeech("speechd")
    wait_until(lambda: tts.state() != QTextToSpeech.State.Ready or bool(tts.availableLocales()), 5)
    check(tts.state() != QTextToSpeech.State.Error, "speechd engine starts", str(tts.state()))

    # The kiosk window: keyboard layouts (pl, uk, en) and the keyboard shown, printing's
    # PDF, the admin panel.
    from kiosk.commands.selftest import _config, _serve
    from kiosk.ui.window.window import KioskWindow

    server = _serve()
    with tempfile.TemporaryDirectory(prefix="infomat-probe-") as cache:
        window = KioskWindow(_config(server.server_address[1]), cache_dir=Path(cache))
        try:
            window.resize(1280, 900)
            window.show()
            wait_until(lambda: window.browser.view is not None, 30)
            keyboard = window.keyboard
            check(wait_until(lambda: keyboard.quick is not None and keyboard.layout() == "pl_PL"), "keyboard: pl_PL")
            for language, layout in (("uk", "uk_UA"), ("en", "en_GB"), ("pl", "pl_PL")):
                window.choose(window.choices.with_language(language))
                check(wait_until(lambda layout=layout: keyboard.layout() == layout), f"keyboard: {layout}")
            from PySide6.QtGui import QGuiApplication
            from PySide6.QtWidgets import QLineEdit

            field = QLineEdit(window)  # a native field, as the kiosk's prompt dialog has
            field.setGeometry(20, 20, 400, 60)
            field.show()
            field.setFocus()
            QGuiApplication.inputMethod().show()
            check(wait_until(keyboard.isVisible, 10), "keyboard shown for a field (Polish layout)")
            from PySide6.QtCore import QMetaObject

            if keyboard.quick is not None:  # the globe key, through the keyboard's own QML
                QMetaObject.invokeMethod(keyboard.quick.rootObject(), "nextLanguage")
                check(wait_until(lambda: keyboard.layout() != "pl_PL"), "keyboard's globe key switches layout")
            QGuiApplication.inputMethod().hide()
            field.hide()
            window.end_session("visitor")
            check(wait_until(lambda: keyboard.layout() == "pl_PL"), "the wipe restores pl_PL")
            window.open("selftest")
            page = window.current_page()
            wait_until(lambda: page.title() == "infomat-self-test", 30)
            printed: list[bytes] = []
            page.printToPdf(lambda data: printed.append(bytes(data)))
            check(wait_until(lambda: bool(printed), 30) and printed[0].startswith(b"%PDF"), "page printed to PDF")
            if printed:
                from PySide6.QtCore import QBuffer, QByteArray, QIODevice

                buffer = QBuffer()
                buffer.setData(QByteArray(printed[0]))
                buffer.open(QIODevice.OpenModeFlag.ReadOnly)
                counted = QPdfDocument()
                counted.load(buffer)
                check(counted.pageCount() >= 1, "its pages counted (QtPdf)", str(counted.pageCount()))
            window.admin_part.open_panel()  # as after a right PIN
            check(wait_until(lambda: window.admin_part.panel.isVisible()), "admin panel opens with its diagnostics")
            window.admin_part.close()
        finally:
            window.shutdown()
            window.deleteLater()
            server.shutdown()
            app.processEvents()
    print(f"{'OK' if all(RESULTS) else 'FAILED'} {sum(RESULTS)}/{len(RESULTS)}", flush=True)
    return 0 if all(RESULTS) else 1


if __name__ == "__main__":
    raise SystemExit(main())
