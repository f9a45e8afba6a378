"""The Post tab of a dossier: its post register, and a drop target for mails and files."""

from __future__ import annotations

import uuid
from collections.abc import Callable
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

from igj_desktop.integrations.drag_formats import DropResult
from igj_desktop.integrations.exchange.agenda import AgendaGateway
from igj_desktop.integrations.office_launcher import default_opener
from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.post import inkomend as post
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.leestabel import richt_in
from igj_desktop.views.gemeenschappelijk.tasks import run_task
from igj_desktop.views.post.post_drop import PostDropTarget, diagnose_dir
from igj_desktop.views.post.post_registreren import PostRegistreren
from igj_desktop.views.post.post_terugsturen_dialog import PostTerugsturenDialog
from igj_desktop.views.post.post_uitgaand_acties import PostUitgaand

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
        self._alleen_lezen = False
        self.rows: list[post.PostInfo] = []
        self.registreren: PostRegistreren | None = None
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
        self.uitgaand = PostUitgaand(self, knoppen)
        self.uitgaand.verstuurd.connect(self.reload)
        self.beoordeeld_knop = QPushButton("Beoordeeld", self)
        self.beoordeeld_knop.clicked.connect(self.markeer_beoordeeld)
        self.terug_knop = QPushButton("Terugsturen…", self)
        self.terug_knop.clicked.connect(self.stuur_terug)
        knoppen.addWidget(self.beoordeeld_knop)
        knoppen.addWidget(self.terug_knop)
        knoppen.addStretch(1)
        layout.addLayout(knoppen)
        self.table.itemSelectionChanged.connect(self._knoppen_bijwerken)
        self._knoppen_bijwerken()
        self.reload()

    def set_read_only(self, read_only: bool) -> None:
        """A closed dossier sends nothing out; late incoming post may still be registered."""
        self._alleen_lezen = read_only
        self._knoppen_bijwerken()

    def _knoppen_bijwerken(self) -> None:
        """Buttons that act on a poststuk are enabled only when one fits is selected."""
        gekozen = self.selected_info()
        te_beoordelen = gekozen is not None and gekozen.te_beoordelen
        self.beoordeeld_knop.setEnabled(te_beoordelen)
        self.terug_knop.setEnabled(te_beoordelen and not self._alleen_lezen)
        for knop in self.uitgaand.knoppen():
            knop.setEnabled(not self._alleen_lezen)

    def is_loading(self) -> bool:
        return self._loading

    def reload(self) -> None:
        self._loading = True
        ctx, dossier_id = self.ctx, self.dossier_id
        run_task(lambda: post.post_register(ctx, dossier_id), self._show)

    def _show(self, rows: list[post.PostInfo]) -> None:
        self.rows = rows
        self.table.toon(rows)
        self._loading = False
        self._knoppen_bijwerken()

    # --- drop target -------------------------------------------------------------------------

    def _set_drop_active(self, active: bool) -> None:
        self.hint.setText("Loslaten om in dit dossier te registreren" if active else HINT)
        self.hint.setProperty("actief", active)  # the style sheet colours it (light or dark)
        self.hint.style().polish(self.hint)

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
        if not self.table.selectionModel().hasSelection():
            return None
        item = self.table.item(self.table.currentRow(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def selected_info(self) -> post.PostInfo | None:
        post_id = self.selected_post()
        return next((r for r in self.rows if r.id == post_id), None)

    def stuur_terug(self) -> None:
        post_id = self.selected_post()
        if post_id is None:  # the button is disabled without a selection
            return
        if PostTerugsturenDialog.ask(self.ctx, post_id, self) is not None:
            self.reload()

    def markeer_beoordeeld(self) -> None:
        post_id = self.selected_post()
        if post_id is None:  # the button is disabled without a selection
            return
        ctx = self.ctx
        run_task(lambda: post.post_beoordeeld(ctx, post_id), lambda _i: self.reload(), self._fout)

    def _fout(self, error: BaseException) -> None:
        dialogs.task_error(self, "Post", error)

    def _dropped(self, dossier_id: uuid.UUID, result: DropResult) -> None:
        self.registreren = PostRegistreren(self.ctx, dossier_id, result, self)
        self.registreren.registered.connect(lambda _r: self.reload())
        self.registreren.start()
