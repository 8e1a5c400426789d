"""Tests with real X input; ``make test`` runs them in a second pass under Xvfb."""

from __future__ import annotations

import pytest

from tests.qt.conftest import make_window, sites, window  # noqa: F401  (the same real window)
from tests.support.xinput import require_x_server


@pytest.fixture(autouse=True)
def _x_server() -> None:
    require_x_server()
