"""Fixtures shared by the window's GUI tests (imported by them; holds no tests itself)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop
from pytestqt.qtbot import QtBot

from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog
from igj_desktop.views.gemeenschappelijk.tasks import running_tasks

# The offscreen platform cannot resize native windows; a shown wizard or dialog says so.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def no_running_tasks(qtbot: QtBot) -> Iterator[None]:
    """Fail a test that leaves a background task behind (napari's rule)."""
    yield
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=10_000)
    assert running_tasks() == 0


def confirm(dialog: ServiceDialog, timeout_ms: int = 10_000) -> None:
    """Press OK as the user does and wait until the service call it started is over.

    It spins the event loop as a modal dialog's ``exec()`` would, so it also works inside a
    callback that a background task delivered (a replaced ``ask`` of a dialog)."""
    dialog.ok_button.click()
    deadline = QDeadlineTimer(timeout_ms)
    while dialog.busy and not deadline.hasExpired():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    assert not dialog.busy, "the dialog's service call did not finish"
