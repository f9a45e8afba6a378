"""Offline visits in the main window: the Bezoek menu, the offline banner, the switch-over.

A watcher probes the shared database. When it is out of reach the window moves to the local
replica (the dossiers taken along), documents go to the laptop's own store, and the banner
says so; when it is back the window returns to the shared database and the work that waits
is synchronised, with its progress and conflicts shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from igj_desktop.config import Settings
from igj_desktop.integrations.document_store import (
    DatabaseDocumentStore,
    DocumentStore,
    FileDocumentStore,
    werk_offline,
)
from igj_desktop.services.offline.capture import aantal_wachtend, open_replica
from igj_desktop.services.offline.meenemen import replica_sjablonen
from igj_desktop.services.offline.verbinding import Modus, Verbinding, Werkplek
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from igj_desktop.views.offline.offline_acties import OfflineActies, OfflineOmgeving
from igj_desktop.views.offline.offline_banner import OfflineBanner, VerbindingWatcher

PROBE_INTERVAL_MS = 15_000


def lokale_store(data_dir: Path) -> FileDocumentStore:
    """The laptop's own copy of the documents of the dossiers taken along."""
    return FileDocumentStore(data_dir / "offline" / "documenten")


class WerkbankOffline(QObject):
    """Installs itself on ``window``; lives as long as the window."""

    def __init__(
        self,
        window: MainWindow,
        settings: Settings,
        *,
        verbinding: Verbinding | None = None,
        shared_store: DocumentStore | None = None,
        interval_ms: int = PROBE_INTERVAL_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.shared_ctx = window.ctx
        self.replica = open_replica(
            settings.data_dir, settings.apparaat, self.shared_ctx.actor.medewerker_id
        )
        self.verbinding = verbinding or Verbinding(self.shared_ctx.db)
        self.werkplek = Werkplek(self.verbinding, self.replica.db)
        self.local_store = lokale_store(settings.data_dir)
        self.acties = OfflineActies(
            OfflineOmgeving(
                self.shared_ctx,
                self.replica,
                shared_store or DatabaseDocumentStore(self.shared_ctx.db),
                self.local_store,
                replica_sjablonen(self.replica),
            ),
            window.selected_dossier_ids,
            window,
        )
        self.acties.gewijzigd.connect(self._gewijzigd)
        menu = window.menu("Be&zoek")
        self.act_conflicten = QAction("Conflicten bekijken…", window)
        self.act_conflicten.triggered.connect(self.acties.toon_conflicten)
        menu.addActions([self.acties.meenemen, self.acties.synchroniseren])
        menu.addAction(self.act_conflicten)
        menu.addSeparator()
        menu.addAction(self.acties.inleveren)

        self.banner = OfflineBanner()
        self.banner.synchroniseren_gevraagd.connect(self.acties.synchroniseer)
        window.add_banner(self.banner)
        self.banner.zet_modus(Modus.ONLINE, aantal_wachtend(self.replica))

        self.watcher = VerbindingWatcher(self.verbinding, interval_ms, self)
        self.watcher.modus_gewijzigd.connect(self.bij_modus)
        window.add_close_hook(self.watcher.stop)
        window.add_close_hook(lambda: werk_offline(None))
        self.watcher.start()

    @property
    def modus(self) -> Modus:
        return self.werkplek.modus

    def bij_modus(self, modus: object) -> None:
        """Move the window to the database that can be reached now."""
        assert isinstance(modus, Modus)
        offline = modus is Modus.OFFLINE
        werk_offline(self.local_store if offline else None)
        self.window.use_context(self.werkplek.context(self.shared_ctx.actor), offline=offline)
        self.banner.zet_modus(modus, aantal_wachtend(self.replica))
        self.acties.bij_modus(modus)

    def _gewijzigd(self) -> None:
        self.banner.zet_modus(self.modus, aantal_wachtend(self.replica))
        self.window.refresh()
