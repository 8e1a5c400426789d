"""Fixtures for tests that drive the real window offscreen against local sites."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.ui.window.window import KioskWindow
from tests.support.server import SiteServer
from tests.support.web import demo_config


@pytest.fixture
def sites() -> Iterator[SiteServer]:
    from tests.conftest import SITE_PORT

    server = SiteServer(port=SITE_PORT)
    yield server
    server.close()


@pytest.fixture
def make_window(qtbot, sites: SiteServer):
    """Factory: a shown KioskWindow whose config points at ``sites``."""
    windows: list[KioskWindow] = []

    def factory(
        extra: str = "",
        monotonic: Callable[[], float] = time.monotonic,
        sources: object = None,
        connectivity: object = None,
        stats: object = None,
        **kwargs: object,
    ) -> KioskWindow:
        config = demo_config(sites.port, extra, **kwargs)
        window = KioskWindow(config, monotonic=monotonic, sources=sources, connectivity=connectivity, stats=stats)
        qtbot.addWidget(window)
        window.resize(1280, 900)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.browser.view is not None)
        windows.append(window)
        return window

    yield factory
    for window in windows:
        window.shutdown()


@pytest.fixture
def window(make_window) -> KioskWindow:
    return make_window()


@pytest.fixture
def home_files() -> Iterator[set[Path]]:
    """Files under HOME before a test; compare after to prove nothing was written."""
    from tests.conftest import TEST_HOME

    yield {p for p in Path(TEST_HOME).rglob("*") if p.is_file()}
