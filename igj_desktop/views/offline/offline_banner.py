"""The offline banner, and the watcher that notices the shared database come and go.

``OfflineBanner`` is a plain strip for the top of the main window: hidden online, clearly
visible offline. ``VerbindingWatcher`` probes the shared database from a timer on the thread
pool (a probe may take seconds) and emits ``modus_gewijzigd`` on the UI thread at every
online/offline transition; the main window connects it to the banner and switches databases.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from igj_desktop.services.offline.verbinding import Modus, Verbinding
from igj_desktop.taal import aantal
from igj_desktop.views.gemeenschappelijk.tasks import TaskHandle, run_task

OFFLINE_TEKST = "Offline — u werkt met de meegenomen dossiers"


class OfflineBanner(QFrame):
    """Shown while the app works on the replica; offers to sync once the network is back."""

    synchroniseren_gevraagd = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offlineBanner")
        self.titel = QLabel(OFFLINE_TEKST)
        self.titel.setObjectName("offlineTitel")
        self.detail = QLabel()
        self.sync_knop = QPushButton("Nu synchroniseren")
        self.sync_knop.clicked.connect(self.synchroniseren_gevraagd)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.titel)
        layout.addWidget(self.detail, 1)
        layout.addWidget(self.sync_knop)
        self.zet_modus(Modus.ONLINE)

    def zet_modus(self, modus: Modus, wachtend: int = 0) -> None:
        """Online: hidden (or a sync prompt while changes wait); offline: the banner."""
        offline = modus is Modus.OFFLINE
        self.titel.setText(OFFLINE_TEKST if offline else "Weer verbonden met de gedeelde database")
        wacht = "wacht" if wachtend == 1 else "wachten"
        self.detail.setText(
            f"{aantal(wachtend, 'wijziging', 'wijzigingen')} {wacht} op synchronisatie."
            if wachtend
            else ""
        )
        self.sync_knop.setVisible(not offline and wachtend > 0)
        self.setVisible(offline or wachtend > 0)


class VerbindingWatcher(QObject):
    """Probes the shared database every ``interval_ms`` off the UI thread."""

    modus_gewijzigd = Signal(object)  # Modus

    def __init__(
        self, verbinding: Verbinding, interval_ms: int = 15_000, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.verbinding = verbinding
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.controleer)
        self._bezig: TaskHandle | None = None

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._bezig is not None:
            self._bezig.cancel()

    def controleer(self) -> None:
        """One probe on the pool; a transition arrives as ``modus_gewijzigd``."""
        if self._bezig is not None and not self._bezig.finished:
            return
        self._bezig = run_task(self.verbinding.controleer, self._klaar)

    def _klaar(self, nieuw: object) -> None:
        if nieuw is not None:
            self.modus_gewijzigd.emit(nieuw)
