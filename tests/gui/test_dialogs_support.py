"""Fixtures shared by the window's GUI tests (imported by them; holds no tests itself)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from igj_desktop.views.dossier_base_dialog import ServiceDialog
from igj_desktop.views.tasks import running_tasks, wait_for_tasks

# The offscreen platform cannot resize native windows; a shown wizard or dialog says so.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def no_running_tasks(qtbot: QtBot) -> Iterator[None]:
    """Fail a test that leaves a background task behind (napari's rule)."""
    yield
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=10_000)
    assert running_tasks() == 0


def confirm(dialog: ServiceDialog) -> None:
    """Press OK as the user does and wait until the service call it started is over."""
    dialog.ok_button.click()
    assert wait_for_tasks() and not dialog.busy
