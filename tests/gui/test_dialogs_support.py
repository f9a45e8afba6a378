"""Fixtures shared by the window's GUI tests (imported by them; holds no tests itself)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from igj_desktop.views.gemeenschappelijk.tasks import running_tasks

# The offscreen platform cannot resize native windows; a shown wizard or dialog says so.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def no_running_tasks(qtbot: QtBot) -> Iterator[None]:
    """Fail a test that leaves a background task behind (napari's rule)."""
    yield
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=10_000)
    assert running_tasks() == 0
