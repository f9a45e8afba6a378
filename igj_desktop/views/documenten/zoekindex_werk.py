"""Filling the content index from the window: quietly after each stored version, and on
request for everything (Bestand › Zoekindex bijwerken, with progress and Annuleren)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from igj_desktop.integrations.document_store import default_store
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import zoekindex
from igj_desktop.services.storing import melding
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import TaskHandle, run_task

log = logging.getLogger(__name__)

INTERVAL_MS = 15_000
NA_OPSLAAN_MS = 1_000


class AchtergrondIndex(QObject):
    """Indexes, a batch at a time on the thread pool, the versions this medewerker stored:
    every ``INTERVAL_MS`` and shortly after ``binnenkort`` (a document was stored)."""

    def __init__(self, context: Callable[[], ServiceContext], parent: QObject) -> None:
        super().__init__(parent)
        self._context = context
        self._task: TaskHandle | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.nu)
        self.timer.start()

    def binnenkort(self) -> None:
        QTimer.singleShot(NA_OPSLAAN_MS, self, self.nu)

    def nu(self) -> None:
        if self._task is not None:
            return
        ctx = self._context()

        def werk() -> zoekindex.Voortgang:
            return zoekindex.bijwerken(
                ctx.db,
                default_store(ctx.db),
                van=ctx.actor.medewerker_id,
                max_batches=1,
                tellen=False,
            )

        self._task = run_task(werk, self._klaar, self._mislukt)

    def _klaar(self, stand: zoekindex.Voortgang) -> None:
        self._task = None
        if stand.gedaan >= zoekindex.BATCH:  # a full batch: probably more waiting, go on now
            self.nu()

    def _mislukt(self, exc: BaseException) -> None:
        self._task = None  # offline or a failing database: the next round tries again
        log.info("Zoekindex bijwerken mislukt: %s", exc)


class ZoekindexBijwerken(QProgressDialog):
    """Every version not indexed yet; Annuleren stops after the current batch and a next
    time goes on from there."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__("Documenten en mail doorzoekbaar maken…", "Annuleren", 0, 0, parent)
        self.setWindowTitle("Zoekindex bijwerken")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.stand = zoekindex.Voortgang(0, 0)
        self._stop = threading.Event()
        self.canceled.connect(self._stop.set)
        self._peiler = QTimer(self)  # the worker only writes self.stand; the UI reads it
        self._peiler.setInterval(200)
        self._peiler.timeout.connect(self._toon)
        self._peiler.start()
        self.klaar = False

        def werk() -> zoekindex.Voortgang:
            return zoekindex.bijwerken(
                ctx.db, default_store(ctx.db), voortgang=self._bij, stoppen=self._stop.is_set
            )

        self._task = run_task(werk, self._gedaan, self._mislukt)

    def _bij(self, stand: zoekindex.Voortgang) -> None:
        self.stand = stand  # called on the worker thread: only this assignment

    def _toon(self) -> None:
        self.setMaximum(max(self.stand.totaal, 1))
        self.setValue(self.stand.gedaan)
        self.setLabelText(f"{self.stand.gedaan} van {self.stand.totaal} versies doorzocht…")

    def _gedaan(self, stand: zoekindex.Voortgang) -> None:
        self.stand = stand
        self._afronden()
        if self._stop.is_set():
            tekst = f"Gestopt na {stand.gedaan} versies; een volgende keer gaat het verder."
        else:
            tekst = f"Klaar: {stand.gedaan} versies doorzocht."
        if stand.overgeslagen:
            tekst += (
                f" {stand.overgeslagen} versies overgeslagen: hun inhoud is nu niet bereikbaar "
                "of u mag ze niet bijwerken."
            )
        dialogs.inform(self.parentWidget(), "Zoekindex bijwerken", tekst)

    def _mislukt(self, exc: BaseException) -> None:
        self._afronden()
        dialogs.error(self.parentWidget(), "Zoekindex bijwerken", melding(exc))

    def _afronden(self) -> None:
        self._peiler.stop()
        self.klaar = True
        self._toon()
        self.reset()
        self.hide()
