"""What the main window gains beyond dossiers: Exchange, the post register, a printout.

Each ``install_*`` function adds its menu items, tabs and status-bar parts to a finished
``MainWindow``, so the window itself stays about the tree, the werkvoorraad and the detail.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from igj_desktop.integrations.document_store import FileDocumentStore
from igj_desktop.integrations.exchange.config import load_settings
from igj_desktop.services.storing import melding
from igj_desktop.taal import aantal
from igj_desktop.views.afspraken.agenda_koppeling import ALLES_VERSTUURD, AgendaKoppeling
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import run_task
from igj_desktop.views.hoofdvenster.kleuren_menu import KleurenMenu
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from igj_desktop.views.workflows.termijnkalender import Termijnkalender
from igj_desktop.workflows.termijnen import gelijkstellingen

if TYPE_CHECKING:
    from igj_desktop.services.beheer.backup import Backup
    from igj_desktop.services.beheer.opruimen import Opgeruimd

# What the menu items open and what runs seconds after the start (dialogs, the post register,
# the sjablonen check, back-up and clean-up) is imported when used, not at start-up.

NIET_INGESTELD_KORT = "Agenda alleen in IGJ Desktop: Exchange is niet ingesteld (Extra-menu)."


class ExchangeKoppeling(QObject):
    """The outbox worker for the window's lifetime, its status and the Extra menu items.

    The worker starts once the first screen is up: its first round reads the outbox, and
    with Exchange set up it loads exchangelib, which the tree and werkvoorraad need not
    wait for."""

    NA_START_MS = 1000

    def __init__(
        self, window: MainWindow, data_dir: Path, koppeling: AgendaKoppeling | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.data_dir = data_dir
        self.koppeling = koppeling or AgendaKoppeling(window.ctx, data_dir, parent=self)
        self.label = QLabel("")
        self.label.setObjectName("hint")
        window.statusBar().addPermanentWidget(self.label)
        self.koppeling.status.connect(self._status)
        self.koppeling.gesynchroniseerd.connect(self._gesynchroniseerd)
        # Every change in a dossier may have planned or moved an afspraak: send it now.
        window.detail.changed.connect(lambda _id: self.koppeling.wake())

        extra = window.menu("E&xtra")
        self.act_instellen = QAction("&Exchange-verbinding…", window)
        self.act_instellen.setStatusTip("Server, aanmelding en mailbox voor agenda en e-mail")
        self.act_instellen.triggered.connect(self.instellen)
        self.act_sync = QAction("&Agenda synchroniseren", window)
        self.act_sync.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.act_sync.setStatusTip("Wat in Outlook verplaatst of afgeslagen is ophalen")
        self.act_sync.triggered.connect(self.synchroniseer)
        self.act_outbox = QAction("&Uitgaande berichten…", window)
        self.act_outbox.setStatusTip("Wat nog op Exchange wacht: bekijken, opnieuw, verwijderen")
        self.act_outbox.triggered.connect(self.uitgaande_berichten)
        extra.addActions([self.act_instellen, self.act_sync, self.act_outbox])
        self._gesloten = False
        window.add_close_hook(self._stop)
        self._status(ALLES_VERSTUURD)
        QTimer.singleShot(self.NA_START_MS, self, self._start)

    def _start(self) -> None:
        if not self._gesloten:  # not after the window closed
            self.koppeling.start()

    def _stop(self) -> None:
        self._gesloten = True
        self.koppeling.stop()

    def _status(self, tekst: str) -> None:
        if tekst == ALLES_VERSTUURD and load_settings(self.data_dir) is None:
            tekst = NIET_INGESTELD_KORT  # nothing waits because nothing can go anywhere
        self.label.setText(tekst)
        self.label.setToolTip(tekst)

    def instellen(self) -> None:
        from igj_desktop.views.afspraken.exchange_config_dialog import ExchangeConfigDialog

        if ExchangeConfigDialog.ask(self.data_dir, self.window) is not None:
            self.koppeling.reset()
            self.koppeling.wake()

    def uitgaande_berichten(self) -> None:
        from igj_desktop.views.afspraken.outbox_dialog import OutboxDialog

        ingesteld = load_settings(self.data_dir) is not None
        if OutboxDialog.ask(self.window.ctx, ingesteld, self.window):
            self.koppeling.wake()

    def synchroniseer(self) -> None:
        self._status("Agenda synchroniseren…")
        self.koppeling.synchroniseer()

    def _gesynchroniseerd(self, wijzigingen: list) -> None:
        self._status(
            f"Agenda gesynchroniseerd: {aantal(len(wijzigingen), 'wijziging', 'wijzigingen')} "
            "uit Outlook."
            if wijzigingen
            else "Agenda gesynchroniseerd: niets gewijzigd in Outlook."
        )
        if wijzigingen:
            self.window.refresh()


def install_post_register(window: MainWindow) -> None:
    """A "Post" tab beside the werkvoorraad: post across dossiers, built when first shown."""

    def bouw() -> QWidget:
        from igj_desktop.views.post.post_register_view import PostRegisterView

        return PostRegisterView(window.ctx)

    window.add_werk_tab("Post", bouw)


class WerkvoorraadAfdrukken(QObject):
    """Bestand ▸ Werkvoorraad afdrukken…: the werkvoorraad as PDF, made off the UI thread."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction("Werkvoorraad &afdrukken…", window)
        self.action.setShortcut(QKeySequence.StandardKey.Print)
        self.action.setStatusTip("De werkvoorraad zoals getoond als PDF, om te printen")
        self.action.triggered.connect(self.afdrukken)
        window.menu("&Bestand").insertAction(window.act_afsluiten_app, self.action)

    def afdrukken(self) -> None:
        doel = dialogs.save_file(
            self.window, "Werkvoorraad opslaan", "werkvoorraad.pdf", "PDF (*.pdf)"
        )
        if doel is None:
            return
        ctx, scope = self.window.ctx, self.window.werkvoorraad.scope.currentData()

        def maak() -> Path:
            from igj_desktop.services.documenten import (
                pdf as documenten_pdf,  # reportlab: only when printing
            )

            doel.write_bytes(documenten_pdf.werkvoorraad_pdf(ctx, scope))
            return doel

        self.window.statusBar().showMessage("Werkvoorraad als PDF maken…")
        run_task(maak, self._klaar, self._mislukt, owner=self)

    def _klaar(self, pad: Path) -> None:
        self.window.statusBar().showMessage(f"Werkvoorraad opgeslagen als {pad}.", 10_000)
        self.window.open_file(pad)

    def _mislukt(self, fout: BaseException) -> None:
        self.window.statusBar().clearMessage()
        dialogs.error(
            self.window,
            "Werkvoorraad afdrukken",
            f"De PDF kon niet worden gemaakt. {melding(fout)}",
        )


class SjablonenControle(QObject):
    """Checks the sjablonen catalog once the window is up, so a sjabloon with an unknown
    variable or a missing file is reported then, not when an inspecteur needs that letter.
    A problem shows in the status bar with the details in its tooltip."""

    NA_START_MS = 2000  # after the first screen: Word's libraries load on the pool meanwhile

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.label = QLabel("")
        self.label.setObjectName("waarschuwing")
        self.label.setVisible(False)
        window.statusBar().addWidget(self.label)
        QTimer.singleShot(self.NA_START_MS, self, self.controleer)

    def controleer(self) -> None:
        from igj_desktop.services.documenten import sjablonen

        run_task(lambda: sjablonen.standaard_catalogus().problemen, self._toon)

    def _toon(self, problemen: dict[str, list[str]]) -> None:
        if not problemen:
            return
        wat = "1 sjabloon is" if len(problemen) == 1 else f"{len(problemen)} sjablonen zijn"
        self.label.setText(f"{wat} niet bruikbaar")
        regels = [f"{naam}: {'; '.join(fouten)}" for naam, fouten in sorted(problemen.items())]
        self.label.setToolTip("\n".join(["Meld dit bij de beheerder van de sjablonen.", *regels]))
        self.label.setMinimumWidth(self.label.sizeHint().width())  # never cut off
        self.label.setVisible(True)


class Onderhoud(QObject):
    """Once the window is up, on the thread pool: today's back-up of the embedded database
    and the cleanup of what a crash left in its document store; the status bar says what
    was done, or why it could not be. Extra ▸ Back-up terugzetten… puts a back-up back."""

    NA_START_MS = 5000

    def __init__(self, window: MainWindow, data_dir: Path) -> None:
        super().__init__(window)
        self.window = window
        self.data_dir = data_dir
        self.action = QAction("Back-up &terugzetten…", window)
        self.action.setStatusTip("De database terugzetten naar een automatische back-up")
        self.action.triggered.connect(self.terugzetten)
        window.menu("E&xtra").addAction(self.action)
        if window.ctx.db.alleen_lezen:  # read-only mode: no back-up, clean-up or restore
            self.action.setEnabled(False)
            return
        QTimer.singleShot(self.NA_START_MS, self, self.start)

    @property
    def database(self) -> Path:
        return Path(str(self.window.ctx.db.engine.url.database))

    def start(self) -> None:
        from igj_desktop.services.beheer.backup import maak_backup
        from igj_desktop.services.beheer.opruimen import opruimen_bij_start

        ctx, data_dir, store = self.window.ctx, self.data_dir, FileDocumentStore.default()
        database = self.database

        def onderhoud() -> tuple[Backup | None, Opgeruimd | None]:
            return maak_backup(database, data_dir, ctx.now()), opruimen_bij_start(
                ctx, data_dir, store
            )

        run_task(onderhoud, self._klaar, self._mislukt)

    def _klaar(self, uitkomst: tuple[Backup | None, Opgeruimd | None]) -> None:
        backup, opgeruimd = uitkomst
        regels = [f"{backup.tekst} gemaakt."] if backup is not None else []
        if opgeruimd is not None and (opgeruimd.tijdelijk or opgeruimd.ongebruikt):
            regels.append(opgeruimd.tekst)
        if regels:
            self.window.statusBar().showMessage(" ".join(regels), 15_000)

    def _mislukt(self, fout: BaseException) -> None:
        self.window.statusBar().showMessage(f"Onderhoud mislukt. {melding(fout)}", 15_000)

    def terugzetten(self) -> None:
        from igj_desktop.services.beheer.backup import backups, zet_terug

        beschikbaar = backups(self.data_dir)
        if not beschikbaar:
            dialogs.inform(self.window, "Back-up terugzetten", "Er is nog geen back-up gemaakt.")
            return
        keuze = dialogs.choose(
            self.window,
            "Back-up terugzetten",
            "Welke back-up? Wat daarna is vastgelegd, gaat verloren; de huidige database "
            "blijft apart bewaard. IGJ Desktop sluit daarna; start het opnieuw.",
            [b.tekst for b in beschikbaar],
        )
        if keuze is None:
            return
        self.window.ctx.db.dispose()
        try:
            opzij = zet_terug(beschikbaar[keuze], self.database, self.window.ctx.now())
        except OSError as fout:
            dialogs.error(self.window, "Back-up terugzetten", melding(fout))
            return
        dialogs.inform(
            self.window,
            "Back-up teruggezet",
            f"{beschikbaar[keuze].tekst} is teruggezet; de vorige database staat in {opzij}. "
            "IGJ Desktop sluit nu; start het opnieuw.",
        )
        self.window.close()


def install(window: MainWindow, data_dir: Path) -> list[QObject | QWidget]:
    """Everything above on ``window``; the returned objects live as long as the window."""
    install_post_register(window)
    extras: list[QObject | QWidget] = [
        ExchangeKoppeling(window, data_dir),
        WerkvoorraadAfdrukken(window),
        SjablonenControle(window),
        Termijnkalender(window, gelijkstellingen(), window.ctx.today()),
        KleurenMenu(window),
    ]
    if window.ctx.db.is_embedded:  # the shared database and store are the beheerder's
        extras.append(Onderhoud(window, data_dir))
    return extras
