"""Pressing a dialog's OK as the user does, and waiting for the service call it starts."""

from __future__ import annotations

from PySide6.QtCore import QDeadlineTimer, QEventLoop

from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog


def confirm(dialog: ServiceDialog, timeout_ms: int = 10_000) -> None:
    """Press OK as the user does and wait until the service call it started is over.

    It spins the event loop as a modal dialog's ``exec()`` would, so it also works inside a
    callback that a background task delivered (a replaced ``ask`` of a dialog)."""
    dialog.ok_button.click()
    deadline = QDeadlineTimer(timeout_ms)
    # an event loop object's processEvents: PySide6 6.12's static QCoreApplication.processEvents
    # drops a reference to None per call, and Python 3.11 aborts when None's count runs out
    loop = QEventLoop()
    while dialog.busy and not deadline.hasExpired():
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    assert not dialog.busy, "the dialog's service call did not finish"
