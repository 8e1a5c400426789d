"""Render the closed screen (pl, uk, portrait, 200 % text in high contrast), an extreme
alert and a banner under Xvfb into docs/screenshots/.

    python scripts/schedule_screenshots.py [NAME_PREFIX ...]   (e.g. "closed": those only)

The demo config with opening hours and alerts added, on a frozen clock (Monday evening).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scripts.screenshots import prepare_screen_shots, save_window  # noqa: E402

EVENING = dt.datetime(2026, 11, 30, 16, 10)
HOURS = """
[schedule.hours]
mon = "7:30-15:30"
tue = "7:30-15:30"
wed = "7:30-17:00"
thu = "7:30-15:30"
fri = "7:30-14:00"
"""
ALERT = """
[[alerts]]
id = "rcb-2026-11-30-01"
severity = "{severity}"
effective = 2026-11-30T06:00:00
expires = 2026-12-01T18:00:00
[alerts.headline]
pl = "Ostrzeżenie hydrologiczne: wezbranie Bystrzycy"
en = "Flood warning: the Bystrzyca river is rising"
uk = "Гідрологічне попередження: підйом річки Бистриця"
[alerts.description]
pl = "Przykładowy komunikat do zrzutu ekranu (nie jest to prawdziwy alert RCB)."
en = "An example message for the screenshot (not a real RCB alert)."
uk = "Приклад повідомлення для знімка екрана (не справжнє попередження RCB)."
[alerts.instruction]
pl = "Nie zbliżaj się do rzeki. Słuchaj komunikatów służb."
en = "Keep away from the river. Follow the emergency services."
uk = "Не наближайтеся до річки. Слухайте повідомлення служб."
"""


def main() -> None:
    xvfb = prepare_screen_shots()
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.config import parse_config
    from kiosk.core.hours import WARSAW
    from kiosk.system.display import DisplayPower
    from kiosk.ui.screens.schedule_part import SchedulePart
    from kiosk.ui.window.window import KioskWindow

    app = QApplication(["infomat-screenshots"])
    demo = (ROOT / "config" / "kiosk.toml").read_text(encoding="utf-8")

    def wait(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def kiosk(
        extra: str, size: tuple[int, int], language: str = "pl", large: bool = False
    ) -> tuple[KioskWindow, SchedulePart]:
        config = parse_config(demo + extra, folder=ROOT / "config")
        config._source = ROOT / "config" / "kiosk.toml"
        window = KioskWindow(config, clock=lambda: EVENING, cache_dir=Path(os.environ["HOME"]) / "cache")
        window.setGeometry(0, 0, *size)
        window.show()
        part = SchedulePart(window, clock=lambda: EVENING.replace(tzinfo=WARSAW), display=DisplayPower("none"))
        wait(1500)
        if language != "pl":
            window.choose(window.choices.with_language(language))
            part.apply()
        if large:  # what a visitor with 200 % text and high contrast sees
            window.choose(window.choices.with_text_scale(2.0).with_high_contrast(True))
            part.apply()
        return window, part

    def shot(window: KioskWindow, name: str) -> None:
        wait(700)
        save_window(window, name)
        window.shutdown()
        window.close()

    for name, extra, size, language, large in (
        ("closed-pl", HOURS, (1920, 1080), "pl", False),
        ("closed-uk", HOURS, (1920, 1080), "uk", False),
        ("closed-portrait", HOURS, (1080, 1920), "pl", False),
        ("closed-200-contrast", HOURS, (1920, 1080), "pl", True),
        ("closed-portrait-200-contrast", HOURS, (1080, 1920), "uk", True),
        ("alert-extreme", ALERT.format(severity="extreme"), (1920, 1080), "pl", False),
        ("alert-extreme-200-contrast", ALERT.format(severity="extreme"), (1920, 1080), "uk", True),
        ("alert-banner", ALERT.format(severity="moderate"), (1920, 1080), "pl", False),
    ):
        if sys.argv[1:] and not name.startswith(tuple(sys.argv[1:])):
            continue
        window, _part = kiosk(extra, size, language, large)
        shot(window, name)
    del app
    if xvfb is not None:
        xvfb.terminate()


if __name__ == "__main__":
    main()
