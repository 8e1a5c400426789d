"""Draw docs/icons.png: every tile icon a config may name, with its name under it.

    python scripts/icons_sheet.py        (part of `make docs`)
"""

from __future__ import annotations

import os
import sys
import typing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLUMNS, CELL_W, CELL_H, ICON = 5, 220, 150, 72


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

    from kiosk.config.schema import TileIcon
    from kiosk.ui.widgets.icons import icon

    app = QGuiApplication(["icons-sheet"])  # noqa: F841 - fonts and pixmaps need it
    names = typing.get_args(TileIcon)
    rows = (len(names) + COLUMNS - 1) // COLUMNS
    image = QImage(COLUMNS * CELL_W, rows * CELL_H, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    font = QFont("DejaVu Sans")
    font.setPixelSize(20)
    painter.setFont(font)
    painter.setPen(QColor("#1b1f24"))
    for index, name in enumerate(names):
        x, y = (index % COLUMNS) * CELL_W, (index // COLUMNS) * CELL_H
        painter.drawPixmap((CELL_W - ICON) // 2 + x, y + 20, icon(name, "#1d4e89").pixmap(ICON, ICON))
        painter.drawText(QRect(x, y + 20 + ICON + 8, CELL_W, 30), Qt.AlignmentFlag.AlignHCenter, name)
    painter.end()
    out = ROOT / "docs" / "icons.png"
    image.save(str(out))
    print(f"wrote {out.relative_to(ROOT)} ({len(names)} icons)")


if __name__ == "__main__":
    main()
