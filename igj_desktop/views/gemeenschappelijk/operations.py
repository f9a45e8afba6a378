"""One way for a view to call a service: ``ServiceOp(parent, call).success(...).run()``.

Shaped after Anki's ``CollectionOp``/``QueryOp``: the call (a read or a write) runs on the
thread pool through ``run_task``, never on the UI thread, so a slow database or share never
freezes the window. While it runs the widgets it was started from are disabled and the
cursor shows that the window is busy; afterwards they are enabled again, whatever happened.

The outcome comes home in one place: ``success`` runs in the UI thread with the result; a
refusal or a failing database or disk reaches ``failure`` as its Dutch text (``melding``,
never the exception text); a version conflict (someone changed the row meanwhile) offers to
reload through ``conflict``. A service call opens its own session on the worker thread
(``ServiceContext.unit_of_work``/``read`` take a fresh one from the engine's pool per call),
so no session or connection is ever shared between threads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Self, TypeVar

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from igj_desktop.services.errors import Conflict
from igj_desktop.services.storing import als_storing, melding
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import run_task

T = TypeVar("T")

FOUT_TITEL = "Niet gelukt"


class ServiceOp(Generic[T]):
    """A service call started from ``parent``; configure it, then ``run()`` it once."""

    def __init__(self, parent: QWidget, call: Callable[[], T], *, titel: str = FOUT_TITEL) -> None:
        self._parent = parent
        self._call = call
        self._titel = titel
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[str], None] | None = None
        self._on_reload: Callable[[], None] | None = None
        self._on_finished: Callable[[], None] | None = None
        self._blocked: list[QWidget] = []
        self._was_enabled: list[bool] = []

    def success(self, fn: Callable[[T], None]) -> Self:
        """Run ``fn(result)`` in the UI thread when the call succeeded."""
        self._on_success = fn
        return self

    def failure(self, fn: Callable[[str], None]) -> Self:
        """Show the Dutch text of a refusal or failure yourself (a dialog's error line);
        by default it appears in a message box over ``parent``."""
        self._on_failure = fn
        return self

    def conflict(self, reload: Callable[[], None]) -> Self:
        """On a stale version, offer to reload; ``reload`` runs when the user accepts."""
        self._on_reload = reload
        return self

    def finished(self, fn: Callable[[], None]) -> Self:
        """Run ``fn()`` when the call is over, whatever its outcome, before that outcome is
        handled (the blocked widgets are enabled again by then)."""
        self._on_finished = fn
        return self

    def blocking(self, *widgets: QWidget) -> Self:
        """Disable ``widgets`` (a dialog's OK, a tab's buttons) while the call runs; each gets
        back the state it had (a button that was off stays off)."""
        self._blocked.extend(widgets)
        return self

    def run(self) -> None:
        """Start the call on the thread pool; the outcome arrives in the UI thread. It is not
        cancellable: the busy state ends only when the outcome is delivered."""
        # its own setting, not the effective state (a disabled parent would turn that off)
        self._was_enabled = [
            not widget.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
            for widget in self._blocked
        ]
        for widget in self._blocked:
            widget.setEnabled(False)
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        run_task(self._call, self._done, self._failed)

    def _release(self) -> bool:
        """Undo the busy state; False when ``parent`` is gone (a closed tab: nobody to tell)."""
        QApplication.restoreOverrideCursor()
        for widget, enabled in zip(self._blocked, self._was_enabled, strict=True):
            if shiboken6.isValid(widget):
                widget.setEnabled(enabled)
        if not shiboken6.isValid(self._parent):
            return False
        if self._on_finished is not None:
            self._on_finished()
        return True

    def _done(self, result: T) -> None:
        if self._release() and self._on_success is not None:
            self._on_success(result)

    def _failed(self, error: BaseException) -> None:
        if not self._release():
            return
        refusal = als_storing(error)
        if isinstance(refusal, Conflict) and self._on_reload is not None:
            dialogs.service_error(self._parent, refusal, reload=self._on_reload)
        elif self._on_failure is not None:
            self._on_failure(melding(error))
        elif refusal is not None:  # a rule said no, or the database or disk failed
            dialogs.warn(self._parent, self._titel, refusal.message)
        else:  # a bug: a Dutch "unexpected", the details go to the log
            dialogs.error(self._parent, self._titel, melding(error))
