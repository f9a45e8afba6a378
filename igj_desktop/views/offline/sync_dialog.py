"""Progress of a long operation (synchroniseren, meenemen, post in bulk) that never blocks the UI.

The work runs on the thread pool (``run_task``); it reports progress through a Qt signal,
which Qt queues to the UI thread. "Stoppen" sets an event the service checks between changes,
so a stopped sync keeps what it sent and resumes next time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services.errors import ServiceError
from igj_desktop.services.offline.kopie import Progress
from igj_desktop.services.storing import melding
from igj_desktop.views.gemeenschappelijk.tasks import TaskHandle, run_task

Taak = Callable[[Progress, threading.Event], object]


class _Voortgang(QObject):
    """Carries progress from the worker thread to the dialog (queued connection)."""

    stap = Signal(str, int, int)


class SyncDialog(QDialog):
    """Runs ``taak(progress, stop)`` in the background and shows how far it is."""

    klaar = Signal(object)  # the task's result
    conflicten_bekijken = Signal()

    def __init__(
        self,
        taak: Taak,
        titel: str = "Synchroniseren",
        samenvatting: Callable[[object], str] = str,
        conflicten: Callable[[object], int] = lambda _r: 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(titel)
        self.setMinimumWidth(460)
        self._taak = taak
        self._samenvatting = samenvatting
        self._conflicten = conflicten
        self._stop = threading.Event()
        self._handle: TaskHandle | None = None
        self.resultaat: object = None
        self.fout: str | None = None

        self.stap = QLabel("Voorbereiden…")
        self.balk = QProgressBar()
        self.balk.setRange(0, 0)
        self.balk.setFormat("%v van %m")
        self.melding = QLabel()
        self.melding.setWordWrap(True)
        self.stop_knop = QPushButton("Stoppen")
        self.stop_knop.clicked.connect(self.stoppen)
        self.conflict_knop = QPushButton("Conflicten bekijken…")
        self.conflict_knop.clicked.connect(self._bekijk_conflicten)
        self.knoppen = QDialogButtonBox()
        self.knoppen.addButton(self.stop_knop, QDialogButtonBox.ButtonRole.RejectRole)
        self.knoppen.addButton(self.conflict_knop, QDialogButtonBox.ButtonRole.ActionRole)
        self.sluit_knop = self.knoppen.addButton(QDialogButtonBox.StandardButton.Close)
        self.sluit_knop.setText("Sluiten")
        self.sluit_knop.setEnabled(False)
        self.sluit_knop.clicked.connect(self.accept)
        self.conflict_knop.setVisible(False)  # after addButton, which shows it

        layout = QVBoxLayout(self)
        layout.addWidget(self.stap)
        layout.addWidget(self.balk)
        layout.addWidget(self.melding)
        layout.addWidget(self.knoppen)

        self._voortgang = _Voortgang(self)
        self._voortgang.stap.connect(self._toon_stap, Qt.ConnectionType.QueuedConnection)

    @property
    def bezig(self) -> bool:
        return self._handle is not None and not self._handle.finished

    def start(self) -> None:
        """Start the work on the thread pool; returns at once."""
        self._handle = run_task(
            lambda: self._taak(self._voortgang.stap.emit, self._stop), self._gelukt, self._mislukt
        )

    def stoppen(self) -> None:
        self._stop.set()
        self.stop_knop.setEnabled(False)
        self.stap.setText("Stoppen na de huidige wijziging…")

    def _toon_stap(self, omschrijving: str, gedaan: int, totaal: int) -> None:
        self.stap.setText(f"{omschrijving} ({gedaan} van {totaal})" if totaal else omschrijving)
        self.balk.setRange(0, max(totaal, 1))
        self.balk.setValue(gedaan)

    def _gelukt(self, resultaat: object) -> None:
        self.resultaat = resultaat
        self.stap.setText("Klaar")
        self.balk.setFormat("gereed")
        self.balk.setRange(0, 1)
        self.balk.setValue(1)
        self.melding.setText(self._samenvatting(resultaat))
        self.conflict_knop.setVisible(self._conflicten(resultaat) > 0)
        self._einde()
        self.adjustSize()
        self.klaar.emit(resultaat)

    def _mislukt(self, fout: BaseException) -> None:
        self.fout = melding(fout)
        if not isinstance(fout, ServiceError):
            self.fout += " Wat al verstuurd is, blijft bewaard."
        self.stap.setText("Niet afgerond")
        self.melding.setText(self.fout)
        self.melding.setObjectName("waarschuwing")
        self._einde()
        self.adjustSize()

    def _einde(self) -> None:
        self.stop_knop.setEnabled(False)
        self.sluit_knop.setEnabled(True)

    def _bekijk_conflicten(self) -> None:
        self.accept()
        self.conflicten_bekijken.emit()

    def reject(self) -> None:
        """Escape or closing the window while busy stops the work instead of hiding it."""
        if self.bezig:
            self.stoppen()
            return
        super().reject()
