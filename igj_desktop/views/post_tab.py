"""The Post tab of a dossier: its post register, and a drop target for mails and files."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.config import Settings
from igj_desktop.integrations.drag_formats import DropResult
from igj_desktop.integrations.exchange.agenda import AgendaGateway
from igj_desktop.integrations.office_launcher import default_opener
from igj_desktop.services import documenten, post, post_reacties, post_uitgaand, relaties, sjablonen
from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.offline_copy import Progress
from igj_desktop.services.read_models import BetrokkeneRow
from igj_desktop.views.dialogs import dialogs
from igj_desktop.views.leestabel import richt_in
from igj_desktop.views.post_brief_dialog import PostBriefDialog
from igj_desktop.views.post_bulk_dialog import MAIL, BulkOpdracht, PostBulkDialog, bulk_samenvatting
from igj_desktop.views.post_drop import PostDropTarget, PostRegistreren
from igj_desktop.views.post_mail_dialog import PostMailDialog
from igj_desktop.views.post_reacties_dialog import PostReactiesDialog
from igj_desktop.views.post_terugsturen_dialog import PostTerugsturenDialog
from igj_desktop.views.sync_dialog import SyncDialog
from igj_desktop.views.tasks import run_task

HINT = "Sleep mails (uit Outlook of als .msg/.eml) of bestanden hierheen om ze te registreren."
COLUMNS = ("Datum", "Richting", "Onderwerp", "Van / aan", "Soort", "Status", "Dossiers")
STATUS = {
    "geregistreerd": "Te beoordelen",
    "beoordeeld": "Beoordeeld",
    "teruggestuurd": "Teruggestuurd",
    "te_verzenden": "Te verzenden",
    "verzonden": "Verzonden",
}


class PostTabel(QTableWidget):
    """Post rows (newest first); each row carries the post id."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        header = richt_in(self, COLUMNS, rekken=2).horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)  # long addresses
        header.resizeSection(3, 240)

    def toon(self, rows: list[post.PostInfo]) -> None:
        self.setRowCount(len(rows))
        for r, info in enumerate(rows):
            datum = info.datum or info.geregistreerd_op
            values = (
                datum.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M"),
                info.richting,
                info.onderwerp,
                van_aan(info),
                info.soort,
                STATUS.get(info.status, info.status),
                ", ".join(info.kenmerken),
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, info.id)
                self.setItem(r, c, item)


def van_aan(info: post.PostInfo) -> str:
    """The other party: the betrokkene when known, else the mail's afzender or addressee."""
    if info.relatie:
        return info.relatie
    return info.afzender if info.richting == "inkomend" else info.aan


def diagnose_dir() -> Path:
    return Settings.from_environment().data_dir / "diagnose"


class PostTab(QWidget):
    """Lists the dossier's post; dropping here registers post in this dossier.

    ``gateway_factory`` gives the Exchange mail gateway when configured (else mail goes out
    as .eml through the user's mail program, opened with ``opener``; tests replace it).
    """

    opener: Callable[[Path], None] = staticmethod(default_opener)  # type: ignore[assignment]
    gateway_factory: Callable[[], AgendaGateway | None] | None = None

    def __init__(
        self, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id = dossier_id
        self._loading = False
        self.registreren: PostRegistreren | None = None
        self.bulk_dialoog: SyncDialog | None = None
        self.reacties_dialoog: PostReactiesDialog | None = None
        self.setAcceptDrops(True)
        self.drop_target = PostDropTarget(lambda _e: self.dossier_id, self._dropped, diagnose_dir)
        layout = QVBoxLayout(self)
        self.hint = QLabel(HINT, self)
        self.hint.setObjectName("dropHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setMinimumHeight(44)
        self._set_drop_active(False)
        layout.addWidget(self.hint)
        self.table = PostTabel(self)
        layout.addWidget(self.table, 1)
        knoppen = QHBoxLayout()
        self.mail_knop = QPushButton("Nieuwe e-mail…", self)
        self.mail_knop.clicked.connect(self.nieuwe_mail)
        self.brief_knop = QPushButton("Brief laten verzenden…", self)
        self.brief_knop.clicked.connect(self.brief_laten_verzenden)
        self.bulk_knop = QPushButton("In bulk versturen…", self)
        self.bulk_knop.clicked.connect(lambda: self.bulk_versturen())
        self.reacties_knop = QPushButton("Reacties…", self)
        self.reacties_knop.clicked.connect(self.reacties_bekijken)
        self.beoordeeld_knop = QPushButton("Beoordeeld", self)
        self.beoordeeld_knop.clicked.connect(self.markeer_beoordeeld)
        self.terug_knop = QPushButton("Terugsturen…", self)
        self.terug_knop.clicked.connect(self.stuur_terug)
        knoppen.addWidget(self.mail_knop)
        knoppen.addWidget(self.brief_knop)
        knoppen.addWidget(self.bulk_knop)
        knoppen.addWidget(self.reacties_knop)
        knoppen.addWidget(self.beoordeeld_knop)
        knoppen.addWidget(self.terug_knop)
        knoppen.addStretch(1)
        layout.addLayout(knoppen)
        self.reload()

    def is_loading(self) -> bool:
        return self._loading

    def reload(self) -> None:
        self._loading = True
        ctx, dossier_id = self.ctx, self.dossier_id
        run_task(lambda: post.post_register(ctx, dossier_id), self._show)

    def _show(self, rows: list[post.PostInfo]) -> None:
        self.table.toon(rows)
        self._loading = False

    # --- drop target -------------------------------------------------------------------------

    def _set_drop_active(self, active: bool) -> None:
        self.hint.setText("Loslaten om in dit dossier te registreren" if active else HINT)
        border = "2px solid #1f6feb" if active else "1px dashed #8a8f98"
        background = "#e8f0fe" if active else "transparent"
        self.hint.setStyleSheet(
            f"QLabel#dropHint {{ border: {border}; border-radius: 6px; padding: 8px; "
            f"background: {background}; }}"
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.drop_target.drag_enter(event)
        self._set_drop_active(event.isAccepted())

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.drop_target.drag_move(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_drop_active(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drop_active(False)
        self.drop_target.drop(event)

    # --- actions ------------------------------------------------------------------------------

    def selected_post(self) -> uuid.UUID | None:
        item = self.table.item(self.table.currentRow(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def stuur_terug(self) -> None:
        post_id = self.selected_post()
        if post_id is None:
            dialogs.inform(self, "Terugsturen", "Kies eerst een poststuk in de lijst.")
            return
        if PostTerugsturenDialog.ask(self.ctx, post_id, self) is not None:
            self.reload()

    def markeer_beoordeeld(self) -> None:
        post_id = self.selected_post()
        if post_id is None:
            dialogs.inform(self, "Beoordeeld", "Kies eerst een poststuk in de lijst.")
            return
        ctx = self.ctx
        run_task(lambda: post.post_beoordeeld(ctx, post_id), lambda _i: self.reload(), self._fout)

    def nieuwe_mail(self) -> None:
        ctx, dossier_id = self.ctx, self.dossier_id

        def prepare() -> tuple[post_uitgaand.MailConcept, list[documenten.DocumentInfo]]:
            concept = post_uitgaand.maak_mailconcept(ctx, dossier_id)
            return concept, documenten.documenten_van_dossier(ctx, dossier_id)

        run_task(prepare, self._edit_mail, self._fout)

    def _edit_mail(
        self, prepared: tuple[post_uitgaand.MailConcept, list[documenten.DocumentInfo]]
    ) -> None:
        concept = PostMailDialog.ask(self.ctx, *prepared, parent=self)
        if concept is None:
            return
        ctx, dossier_id = self.ctx, self.dossier_id
        gateway = self.gateway_factory() if self.gateway_factory else None
        opener = type(self).opener

        def send() -> post_uitgaand.Verzending:
            return post_uitgaand.verstuur_mail(
                ctx, dossier_id, concept, gateway=gateway, opener=opener
            )

        run_task(send, self._sent, self._fout)

    def brief_laten_verzenden(self) -> None:
        ctx, dossier_id = self.ctx, self.dossier_id
        run_task(
            lambda: documenten.documenten_van_dossier(ctx, dossier_id), self._kies_brief, self._fout
        )

    def _kies_brief(self, lijst: list[documenten.DocumentInfo]) -> None:
        info = PostBriefDialog.ask(self.ctx, self.dossier_id, lijst, self)
        if info is not None:
            dialogs.inform(
                self,
                "Brief laten verzenden",
                f"De postkamer heeft een verzoek om '{info.onderwerp}' te verzenden. U krijgt "
                "een melding in uw werkvoorraad zodra de brief verstuurd is.",
            )
            self.reload()

    def reacties_bekijken(self) -> None:
        ctx, dossier_id = self.ctx, self.dossier_id
        run_task(
            lambda: post_reacties.uitzendingen(ctx, dossier_id), self._toon_reacties, self._fout
        )

    def _toon_reacties(self, uitzendingen: list[post_reacties.Uitzending]) -> None:
        if not uitzendingen:
            dialogs.inform(
                self,
                "Reacties",
                "Uit dit dossier is nog geen post in bulk aan betrokkenen verstuurd; "
                "reacties worden per uitzending bijgehouden.",
            )
            return
        self.reacties_dialoog = PostReactiesDialog(self.ctx, self.dossier_id, uitzendingen, self)
        self.reacties_dialoog.rappel.connect(self.bulk_versturen)
        self.reacties_dialoog.show()

    def bulk_versturen(self, voorgeselecteerd: list[uuid.UUID] | None = None) -> None:
        """``voorgeselecteerd``: for a rappel, the relaties that have not reacted yet."""
        ctx, dossier_id = self.ctx, self.dossier_id

        def prepare() -> tuple[list[BetrokkeneRow], list[sjablonen.Sjabloon]]:
            keuze = sjablonen.sjablonen_voor_dossier(ctx, dossier_id, mail=True)
            keuze += sjablonen.sjablonen_voor_dossier(ctx, dossier_id)
            return relaties.list_betrokkenen(ctx, dossier_id), keuze

        run_task(
            prepare, lambda p: self._kies_bulk(p, voorgeselecteerd or ()), self._fout, owner=self
        )

    def _kies_bulk(
        self,
        prepared: tuple[list[BetrokkeneRow], list[sjablonen.Sjabloon]],
        voorgeselecteerd: Sequence[uuid.UUID],
    ) -> None:
        if not prepared[0]:
            dialogs.inform(self, "In bulk versturen", "Voeg eerst betrokkenen aan dit dossier toe.")
            return
        opdracht = PostBulkDialog.ask(
            self.ctx, *prepared, parent=self, voorgeselecteerd=voorgeselecteerd
        )
        if opdracht is not None:
            self._start_bulk(opdracht)

    def _start_bulk(self, opdracht: BulkOpdracht) -> SyncDialog:
        ctx, dossier_id = self.ctx, self.dossier_id
        gateway = self.gateway_factory() if self.gateway_factory else None
        opener = type(self).opener

        def taak(progress: Progress, stop: threading.Event) -> list[object]:
            def stap(gedaan: int, totaal: int, naam: str) -> None:
                progress(f"Klaar voor {naam}", gedaan, totaal)

            if opdracht.kanaal == MAIL:
                return post_uitgaand.bulk_mail(
                    ctx, dossier_id, opdracht.relatie_ids, opdracht.sjabloon,
                    gateway=gateway, opener=opener, progress=stap, stop=stop,
                )  # fmt: skip
            return post_uitgaand.bulk_brieven(
                ctx, dossier_id, opdracht.relatie_ids, opdracht.sjabloon, progress=stap, stop=stop
            )

        dialog = SyncDialog(
            taak,
            "Post in bulk versturen",
            lambda resultaten: bulk_samenvatting(opdracht, resultaten),  # type: ignore[arg-type]
            parent=self,
        )
        dialog.klaar.connect(lambda _r: self.reload())
        self.bulk_dialoog = dialog
        dialog.show()
        dialog.start()
        return dialog

    def _sent(self, verzending: post_uitgaand.Verzending) -> None:
        dialogs.inform(self, "E-mail", verzending.melding)
        self.reload()

    def _fout(self, error: BaseException) -> None:
        if isinstance(error, ServiceError):
            dialogs.error(self, "Post", error.message)
        else:
            dialogs.error(self, "Post", f"Dat is niet gelukt: {error}")

    def _dropped(self, dossier_id: uuid.UUID, result: DropResult) -> None:
        self.registreren = PostRegistreren(self.ctx, dossier_id, result, self)
        self.registreren.registered.connect(lambda _r: self.reload())
        self.registreren.start()
