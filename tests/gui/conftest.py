"""Every GUI test, without asking, fails when it leaves something running (napari's rules):
a background task, a Python thread, work in the QThreadPool, an active QTimer or a visible
top-level window. What leaks is stopped or closed so the next test starts clean.

The offscreen platform's noise is ignored once, in pyproject.toml (``qt_log_ignore``).
"""

from __future__ import annotations

import sys
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from igj_desktop.services.documenten import sjablonen
from igj_desktop.views.gemeenschappelijk.tasks import running_tasks
from igj_desktop.workflows.definitions import catalogus

ROOT = str(Path(__file__).resolve().parents[2])


def _waar() -> str:
    """The first frame of the repository outside this file: where a timer was started."""
    frame = sys._getframe(2)
    while frame is not None:
        naam = frame.f_code.co_filename
        if naam.startswith(ROOT) and naam != __file__:
            return f"{naam}:{frame.f_lineno}"
        frame = frame.f_back
    return "?"


@pytest.fixture(scope="session", autouse=True)
def _catalogi_gelezen() -> None:
    """Read the catalogs once per process before the first GUI test, as the app does early.

    The first read of the sjabloon catalog parses every .docx and takes seconds; a test that
    happened to come first in its process then ran out of its 5-second wait, while serially an
    earlier test had already paid (under ``pytest -n`` which test comes first is chance)."""
    sjablonen.standaard_catalogus()
    catalogus()


@pytest.fixture(autouse=True)
def _geen_lekken(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Set up before ``qtbot``, so it checks after pytest-qt closed the registered widgets."""
    threads = set(threading.enumerate())
    vensters = {id(w) for w in qapp.topLevelWidgets() if w.isVisible()}
    timers: weakref.WeakKeyDictionary[QTimer, str] = weakref.WeakKeyDictionary()
    start = QTimer.start

    def start_en_onthoud(timer: QTimer, *args: int) -> None:
        timers[timer] = _waar()
        start(timer, *args)

    monkeypatch.setattr(QTimer, "start", start_en_onthoud)
    yield
    monkeypatch.undo()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # closed widgets go now
    fouten = [
        *_lekkende_threads(threads),
        *_bezette_threadpool(),
        *_lopende_timers(timers),
        *_open_vensters(qapp, vensters),
    ]
    assert not fouten, "De test liet iets lopen:\n" + "\n".join(fouten)


def _lekkende_threads(voor: set[threading.Thread]) -> list[str]:
    nieuw = [
        t
        for t in threading.enumerate()
        if t not in voor and not isinstance(t, threading._DummyThread)  # QThreadPool workers
    ]
    for thread in nieuw:
        thread.join(timeout=2)
    return [f"Python-thread {t.name!r} loopt nog" for t in nieuw if t.is_alive()]


def _bezette_threadpool() -> list[str]:
    pool = QThreadPool.globalInstance()
    if pool.waitForDone(10_000):
        return []
    return [f"QThreadPool heeft nog {pool.activeThreadCount()} actieve thread(s)"]


def _lopende_timers(timers: weakref.WeakKeyDictionary[QTimer, str]) -> list[str]:
    lopend = [(t, waar) for t, waar in timers.items() if shiboken6.isValid(t) and t.isActive()]
    for timer, _ in lopend:
        timer.stop()
    return [f"QTimer loopt nog (gestart in {waar})" for _, waar in lopend]


def _open_vensters(qapp: QApplication, voor: set[int]) -> list[str]:
    open_ = [w for w in qapp.topLevelWidgets() if w.isVisible() and id(w) not in voor]
    fouten = [
        f"Venster {type(w).__name__} {w.windowTitle()!r} is nog open (qtbot.addWidget?)"
        for w in open_
    ]
    for venster in open_:
        venster.close()
        venster.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return fouten


@pytest.fixture(autouse=True)
def no_running_tasks(qtbot: QtBot) -> Iterator[None]:
    """Fail a test that leaves a background task behind (napari's rule)."""
    yield
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=10_000)
    assert running_tasks() == 0
