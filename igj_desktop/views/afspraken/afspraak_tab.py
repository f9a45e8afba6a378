"""The Afspraken tab of a dossier: its afspraken and what can be done with them."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.afspraken.afspraak import AfspraakRow, MailConcept
from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.errors import ServiceError
from igj_desktop.views.afspraken.afspraak_dialog import (
    SOORT_LABELS,
    AfspraakDialog,
    AfspraakMailDialog,
)
from igj_desktop.views.afspraken.afspraak_wijzigen_dialog import (
    DeelnemersDialog,
    StopzetDialog,
    VerplaatsDialog,
)
from igj_desktop.views.afspraken.agenda_view import afspraak_status
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import run_task

ALLEEN_LEZEN = "Dit dossier is gesloten of alleen te raadplegen: er kan niets worden gepland."


class AfsprakenTab(QWidget):
    """``changed`` fires after every change, so the window can wake the Exchange outbox."""

    loaded = Signal()
    changed = Signal()

    def __init__(self, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id = dossier_id
        self.rows: list[AfspraakRow] = []
        self._alleen_lezen = False
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.plannen = QPushButton("Afspraak plannen…", self)
        self.verplaatsen = QPushButton("Verplaatsen…", self)
        self.deelnemers = QPushButton("Deelnemers toevoegen…", self)
        self.bevestigen = QPushButton("Bevestiging aan relatie…", self)
        self.herinneren = QPushButton("Herinnering sturen…", self)
        self.stopzetten = QPushButton("Stopzetten…", self)
        for button in (
            self.plannen,
            self.verplaatsen,
            self.deelnemers,
            self.bevestigen,
            self.herinneren,
            self.stopzetten,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Wanneer", "Onderwerp", "Soort", "Deelnemers", "Status"])
        self.tree.setRootIsDecorated(False)
        for column, width in enumerate((170, 230, 110, 260)):
            self.tree.setColumnWidth(column, width)
        layout.addWidget(self.tree, 1)
        self.leeg = QLabel("Nog geen afspraken in dit dossier.", self)
        layout.addWidget(self.leeg)
        self.plannen.clicked.connect(self._plan)
        self.verplaatsen.clicked.connect(lambda: self._with_row(VerplaatsDialog.ask))
        self.deelnemers.clicked.connect(lambda: self._with_row(DeelnemersDialog.ask))
        self.stopzetten.clicked.connect(lambda: self._with_row(StopzetDialog.ask))
        self.bevestigen.clicked.connect(lambda: self._mail(afspraken.afspraakbevestiging_concept))
        self.herinneren.clicked.connect(lambda: self._mail(afspraken.herinnering_concept))
        self.tree.currentItemChanged.connect(self._selection_changed)
        self.reload()

    def reload(self) -> None:
        ctx, dossier_id = self.ctx, self.dossier_id
        run_task(lambda: afspraken.afspraken_van_dossier(ctx, dossier_id), self._show, self._failed)

    def _show(self, rows: list[AfspraakRow]) -> None:
        current = self.selected()
        self.rows = rows
        self.tree.clear()
        for row in rows:
            begin = row.begin.astimezone(AMSTERDAM)
            item = QTreeWidgetItem(
                self.tree,
                [
                    f"{begin:%d-%m-%Y %H:%M}–{row.einde.astimezone(AMSTERDAM):%H:%M}",
                    row.onderwerp,
                    SOORT_LABELS.get(row.soort, row.soort),  # type: ignore[call-overload]
                    ", ".join(d.naam for d in row.deelnemers),
                    afspraak_status(row),
                ],
            )
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            if current is not None and row.id == current.id:
                self.tree.setCurrentItem(item)
        self.leeg.setVisible(not rows)
        self._selection_changed()
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, ServiceError):
            raise error
        dialogs.service_error(self, error)

    def selected(self) -> AfspraakRow | None:
        item = self.tree.currentItem()
        afspraak_id = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return next((r for r in self.rows if r.id == afspraak_id), None)

    def set_read_only(self, read_only: bool) -> None:
        """A closed dossier (or one the user may only read) plans and changes nothing."""
        self._alleen_lezen = read_only
        self.plannen.setEnabled(not read_only)
        self.plannen.setToolTip(ALLEEN_LEZEN if read_only else "")
        self._selection_changed()

    def _selection_changed(self) -> None:
        row = self.selected()
        open_ = row is not None and row.mag_wijzigen and not self._alleen_lezen
        for button in (self.verplaatsen, self.deelnemers, self.stopzetten):
            button.setEnabled(open_)
        self.bevestigen.setEnabled(open_ and row.aangekondigd)  # type: ignore[union-attr]
        self.herinneren.setEnabled(open_ and row.soort == "bijeenkomst")  # type: ignore[union-attr]

    def _done(self, result: object) -> None:
        if result is not None:
            self.changed.emit()
            self.reload()

    def _plan(self) -> None:
        self._done(AfspraakDialog.ask(self.ctx, self.dossier_id, self))

    def _with_row(self, ask: Callable[[ServiceContext, AfspraakRow, QWidget], object]) -> None:
        row = self.selected()
        if row is not None:
            self._done(ask(self.ctx, row, self))

    def _mail(self, concept_for: Callable[[ServiceContext, uuid.UUID], MailConcept]) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            concept = concept_for(self.ctx, row.id)
        except ServiceError as error:
            dialogs.service_error(self, error)
            return
        self._done(AfspraakMailDialog.ask(self.ctx, concept, self))
