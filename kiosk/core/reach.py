"""Where a seated or short visitor can reach: EN 301 549 8.3 (ISO 21542) puts operable
parts 380–1220 mm above the floor. Pure: window heights in, pixel rows out."""

from __future__ import annotations

from dataclasses import dataclass

REACH_LOW_MM = 380
REACH_HIGH_MM = 1220
#: Under this share of the screen the band cannot hold the controls (check-config warns).
SMALLEST_USEFUL_SHARE = 0.15


@dataclass(frozen=True)
class Band:
    """Rows ``top`` (inclusive) to ``bottom`` (exclusive) of a window, in pixels."""

    top: int
    bottom: int

    @property
    def height(self) -> int:
        return max(0, self.bottom - self.top)

    def holds(self, y: float) -> bool:
        return self.top <= y < self.bottom


def reach_band(window_height: int, screen_bottom_mm: int = 0, screen_height_mm: int = 0) -> Band:
    """The reachable rows of a window filling the screen: from the mounting when it is
    known (the screen's lower edge ``screen_bottom_mm`` above the floor, ``screen_height_mm``
    tall), else the lower half of the window."""
    if window_height <= 0:
        return Band(0, 0)
    if screen_bottom_mm <= 0 or screen_height_mm <= 0:
        return Band(window_height // 2, window_height)
    px_per_mm = window_height / screen_height_mm
    screen_top_mm = screen_bottom_mm + screen_height_mm

    def row(height_mm: float) -> int:
        return min(window_height, max(0, round((screen_top_mm - height_mm) * px_per_mm)))

    return Band(row(REACH_HIGH_MM), row(REACH_LOW_MM))


def band_share(screen_bottom_mm: int, screen_height_mm: int) -> float:
    """How much of the screen lies in the band (0 … 1) for a known mounting."""
    if screen_height_mm <= 0:
        return 1.0
    band = reach_band(10_000, screen_bottom_mm, screen_height_mm)
    return band.height / 10_000
