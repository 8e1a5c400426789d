"""The county crest (``theme.logo``) drawn at the size it is shown, crisply.

An SVG is rendered by Qt's SVG image plugin straight at the target size (vector, no
scaling of a bitmap); a PNG or JPEG is scaled smoothly once. Either way the pixmap has
the screen's device pixel ratio, so it stays sharp on a high-density panel.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QImageReader, QPixmap

log = logging.getLogger("kiosk.ui")


@lru_cache(maxsize=8)
def crest_pixmap(path: Path, height: int, ratio: float = 1.0) -> QPixmap | None:
    """The crest ``height`` logical pixels tall (width by its own proportions), or None."""
    reader = QImageReader(str(path))
    natural = reader.size()
    if not natural.isValid() or natural.height() <= 0:
        log.error("cannot read the crest %s: %s", path, reader.errorString())
        return None
    pixels = max(1, round(height * ratio))
    reader.setScaledSize(QSize(max(1, round(natural.width() * pixels / natural.height())), pixels))
    image = reader.read()
    if image.isNull():
        log.error("cannot read the crest %s: %s", path, reader.errorString())
        return None
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap
