"""The GUI conftest's leak checks find what a test leaves running, and clean it up."""

from __future__ import annotations

import threading
import weakref

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import _lekkende_threads, _lopende_timers, _open_vensters


def test_a_running_qtimer_is_reported_with_where_it_started_and_stopped(qtbot: QtBot) -> None:
    timer = QTimer()
    timer.setInterval(60_000)
    timer.start()  # the conftest's recording start
    gestopt = QTimer()
    gestopt.start(60_000)
    gestopt.stop()
    timers: weakref.WeakKeyDictionary[QTimer, str] = weakref.WeakKeyDictionary(
        {timer: "hier", gestopt: "daar"}
    )
    assert _lopende_timers(timers) == ["QTimer loopt nog (gestart in hier)"]
    assert not timer.isActive()


def test_a_visible_window_nobody_registered_is_reported_and_closed(qapp: QApplication) -> None:
    venster = QWidget()
    venster.setWindowTitle("Vergeten")
    venster.show()
    assert _open_vensters(qapp, set()) == [
        "Venster QWidget 'Vergeten' is nog open (qtbot.addWidget?)"
    ]
    assert not any(w.isVisible() for w in qapp.topLevelWidgets())


def test_a_python_thread_still_running_is_reported() -> None:
    voor = set(threading.enumerate())
    los = threading.Event()
    draad = threading.Thread(target=los.wait, name="blijft-hangen", daemon=True)
    draad.start()
    klaar = threading.Thread(target=lambda: None, name="klaar")
    klaar.start()
    try:
        assert _lekkende_threads(voor) == ["Python-thread 'blijft-hangen' loopt nog"]
    finally:
        los.set()
        draad.join()
