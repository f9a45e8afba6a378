"""Background work for the window: ``run_task(fn, on_done, on_error)``.

The Picard rule applies: never touch the UI from a worker thread. ``fn`` runs on the global
QThreadPool and may only call services; its result (or its exception) is posted back to the
UI thread, where ``on_done`` / ``on_error`` run. Every task is counted, so tests (and the
main window when it closes) can wait until nothing runs any more.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Courier(QObject):
    """Lives in the UI thread; its queued signal carries a finished task's outcome home."""

    delivered = Signal(object, object, object)  # task, result, error

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._deliver)
        self.running: set[_Task] = set()

    def _deliver(self, task: _Task, result: object, error: BaseException | None) -> None:
        self.running.discard(task)
        if task.cancelled or (task.owner is not None and not shiboken6.isValid(task.owner)):
            return  # nobody waits for it any more, or its widget is gone
        if error is None:
            task.on_done(result)
        elif task.on_error is not None:
            task.on_error(error)
        else:
            log.error("Achtergrondtaak mislukt", exc_info=error)


_courier: _Courier | None = None


def _get_courier() -> _Courier:
    global _courier
    if _courier is None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("run_task needs a running QApplication")
        _courier = _Courier()
        _courier.moveToThread(app.thread())
    return _courier


class _Task(QRunnable):
    def __init__(
        self,
        fn: Callable[[], object],
        on_done: Done,
        on_error: Failed | None,
        courier: _Courier,
        owner: QObject | None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.owner = owner
        self.fn = fn
        self.on_done = on_done
        self.on_error = on_error
        self.courier = courier
        self.cancelled = False

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:
            self.courier.delivered.emit(self, None, exc)
        else:
            self.courier.delivered.emit(self, result, None)


class TaskHandle:
    """Returned by ``run_task``; ``cancel()`` drops the result when it arrives (stale query)."""

    def __init__(self, task: _Task) -> None:
        self._task = task

    def cancel(self) -> None:
        self._task.cancelled = True

    @property
    def finished(self) -> bool:
        return self._task not in _get_courier().running


def run_task(
    fn: Callable[[], object],
    on_done: Done,
    on_error: Failed | None = None,
    *,
    owner: QObject | None = None,
) -> TaskHandle:
    """Run ``fn()`` on the thread pool; call ``on_done(result)`` or ``on_error(exc)`` in the UI.

    The outcome is dropped when ``owner`` (by default the object ``on_done`` is a method of)
    was deleted in the meantime, so a closed tab never receives a late answer.
    """
    courier = _get_courier()
    if owner is None and isinstance(getattr(on_done, "__self__", None), QObject):
        owner = on_done.__self__  # type: ignore[attr-defined]
    task = _Task(fn, on_done, on_error, courier, owner)
    courier.running.add(task)
    QThreadPool.globalInstance().start(task)
    return TaskHandle(task)


def running_tasks() -> int:
    """Tasks started and not yet delivered to the UI thread."""
    return len(_courier.running) if _courier is not None else 0


def wait_for_tasks(timeout_ms: int = 10_000) -> bool:
    """Block until every task has run and its outcome was delivered (closing, tests)."""
    if _courier is None:
        return True
    deadline = QDeadlineTimer(timeout_ms)
    while _courier.running and not deadline.hasExpired():
        QThreadPool.globalInstance().waitForDone(50)
        QCoreApplication.sendPostedEvents(_courier)
    return not _courier.running
