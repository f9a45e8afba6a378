"""The window's actions for visits: Meenemen voor bezoek, Synchroniseren, Inleveren.

``OfflineActies`` owns three QActions the main window puts in a menu or toolbar. Each runs its
service on the thread pool behind a ``SyncDialog`` (progress, never blocking), and emits
``gewijzigd`` afterwards so the views can reload.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import OperationalError

from igj_desktop.integrations.document_store import DocumentStore
from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.offline.capture import Replica, aantal_wachtend
from igj_desktop.services.offline.kopie import Progress
from igj_desktop.services.offline.meenemen import Meegenomen, inleveren, neem_mee
from igj_desktop.services.offline.sync import (
    ONDERBROKEN,
    SyncOnderbroken,
    SyncResultaat,
    los_op,
    open_conflicten,
    synchroniseer,
)
from igj_desktop.services.offline.verbinding import Modus
from igj_desktop.services.storing import VerbindingVerbroken, melding
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import run_task
from igj_desktop.views.offline.sync_conflict_dialog import SyncConflictDialog
from igj_desktop.views.offline.sync_dialog import SyncDialog

MEENEMEN_DAGEN = 7
T = TypeVar("T")


@dataclass(frozen=True)
class OfflineOmgeving:
    """What the visit actions work with: the shared database context and the replica."""

    ctx: ServiceContext  # on the shared database
    replica: Replica
    shared_store: DocumentStore
    local_store: DocumentStore
    sjablonen: Path | None = None


def _online(werk: Callable[[], T]) -> T:
    """Run ``werk``; a lost connection becomes the Dutch "onderbroken" message."""
    try:
        return werk()
    except (OperationalError, VerbindingVerbroken) as exc:
        raise SyncOnderbroken(ONDERBROKEN) from exc


class OfflineActies(QObject):
    """ "Meenemen voor bezoek", "Synchroniseren" and "Inleveren" for the main window."""

    gewijzigd = Signal()

    def __init__(
        self,
        omgeving: OfflineOmgeving,
        selectie: Callable[[], list[uuid.UUID]],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.omgeving = omgeving
        self._selectie = selectie
        self._venster = parent
        self.meenemen = QAction("Meenemen voor bezoek…", self)
        self.meenemen.setToolTip("Neem de gekozen dossiers mee om offline te werken")
        self.meenemen.triggered.connect(self.neem_mee)
        self.synchroniseren = QAction("Synchroniseren", self)
        self.synchroniseren.triggered.connect(self.synchroniseer)
        self.inleveren = QAction("Inleveren", self)
        self.inleveren.setToolTip("Synchroniseer en lever de meegenomen dossiers weer in")
        self.inleveren.triggered.connect(self.lever_in)
        self.dialoog: SyncDialog | None = None

    def zet_online(self, online: bool) -> None:
        """Taking along, syncing and handing in all need the shared database."""
        for actie in (self.meenemen, self.synchroniseren, self.inleveren):
            actie.setEnabled(online)

    def bij_modus(self, modus: Modus) -> SyncDialog | None:
        """Connect to ``VerbindingWatcher.modus_gewijzigd``: back online, sync what waits."""
        self.zet_online(modus is Modus.ONLINE)
        if modus is Modus.ONLINE and aantal_wachtend(self.omgeving.replica):
            return self.synchroniseer()
        return None

    def neem_mee(self) -> SyncDialog | None:
        dossier_ids = self._selectie()
        if not dossier_ids:
            dialogs.inform(
                self._venster, "Meenemen voor bezoek", "Kies eerst de dossiers die u meeneemt."
            )
            return None
        o = self.omgeving

        def taak(progress: Progress, _stop: threading.Event) -> Meegenomen:
            return _online(
                lambda: neem_mee(
                    o.ctx,
                    o.replica,
                    dossier_ids,
                    tot=o.ctx.now() + timedelta(days=MEENEMEN_DAGEN),
                    shared_store=o.shared_store,
                    local_store=o.local_store,
                    sjablonen=o.sjablonen,
                    progress=progress,
                )
            )

        return self._start(taak, "Meenemen voor bezoek", _meegenomen_tekst)

    def synchroniseer(self) -> SyncDialog:
        o = self.omgeving

        def taak(progress: Progress, stop: threading.Event) -> SyncResultaat:
            return synchroniseer(o.ctx, o.replica, o.shared_store, o.local_store, progress, stop)

        dialog = self._start(
            taak,
            "Synchroniseren",
            lambda r: r.samenvatting,  # type: ignore[attr-defined]
            lambda r: r.conflicten,  # type: ignore[attr-defined]
        )
        dialog.conflicten_bekijken.connect(self.toon_conflicten)
        return dialog

    def toon_conflicten(self) -> None:
        o = self.omgeving
        run_task(
            lambda: open_conflicten(o.ctx, o.replica.apparaat),
            lambda conflicten: self._beslis(conflicten),  # type: ignore[arg-type]
            self._fout,
        )

    def _beslis(self, conflicten: list) -> None:
        if not conflicten:
            return
        ctx = self.omgeving.ctx
        SyncConflictDialog.ask(
            conflicten, lambda i, keuze, w: los_op(ctx, i, keuze, w), self._venster
        )
        self.gewijzigd.emit()

    def lever_in(self) -> None:
        o = self.omgeving
        run_task(
            lambda: _online(lambda: inleveren(o.ctx, o.replica, o.shared_store, o.local_store)),
            self._ingeleverd,
            self._fout,
        )

    def _ingeleverd(self, kenmerken: object) -> None:
        lijst = ", ".join(kenmerken) if kenmerken else "geen dossiers"  # type: ignore[arg-type]
        dialogs.inform(self._venster, "Inleveren", f"Ingeleverd: {lijst}.")
        self.gewijzigd.emit()

    def _fout(self, fout: BaseException) -> None:
        if isinstance(fout, ServiceError):
            dialogs.service_error(self._venster, fout)
        else:
            dialogs.error(self._venster, "Niet gelukt", melding(fout))

    def _start(
        self,
        taak: Callable[[Progress, threading.Event], object],
        titel: str,
        samenvatting: Callable[[object], str],
        conflicten: Callable[[object], int] = lambda _r: 0,
    ) -> SyncDialog:
        dialog = SyncDialog(taak, titel, samenvatting, conflicten, self._venster)
        dialog.klaar.connect(lambda _r: self.gewijzigd.emit())
        self.dialoog = dialog
        dialog.show()
        dialog.start()
        return dialog


def _meegenomen_tekst(resultaat: object) -> str:
    assert isinstance(resultaat, Meegenomen)
    tot = resultaat.tot.astimezone(AMSTERDAM).strftime("%d-%m-%Y")
    return (
        f"Meegenomen tot {tot}: {', '.join(resultaat.kenmerken)} "
        f"({resultaat.rijen} gegevens, {resultaat.bestanden} bestanden)."
    )
