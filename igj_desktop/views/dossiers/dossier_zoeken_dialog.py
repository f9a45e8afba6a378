"""Zoeken (sub)dossiers on kenmerk, text, relatie, behandelaar, type, sector, status and a
date range; with "ook in documenten en mail" the words are also looked for in the text of
their documents and mails (a second list, with the dossier, the document and a fragment)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.documenten import inhoud_zoeken
from igj_desktop.services.dossiers import keuzelijsten as catalogus
from igj_desktop.services.dossiers import zoeken
from igj_desktop.services.storing import melding
from igj_desktop.taal import aantal
from igj_desktop.views.dossiers.inhoud_resultaten import InhoudResultaten
from igj_desktop.views.gemeenschappelijk.leestabel import richt_in
from igj_desktop.views.gemeenschappelijk.tasks import TaskHandle, run_task
from igj_desktop.views.gemeenschappelijk.zoekveld import ZoekVeld

KOLOMMEN = ("Kenmerk", "Titel", "Dossiertype", "Status", "Geopend")
INHOUD_LIMIET = 50


@dataclass(frozen=True)
class Keuze:
    """What to open: a dossier, and in it a document when the hit was inside one."""

    dossier_id: uuid.UUID
    document_id: uuid.UUID | None = None


def _date_edit(parent: QWidget) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy")
    edit.setDate(QDate.currentDate())
    edit.setEnabled(False)
    return edit


class ZoekDialog(QDialog):
    """Searches in a worker; "Openen" (or a double-click) returns the chosen dossier (and
    document, for a hit in the second list)."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id: uuid.UUID | None = None
        self.document_id: uuid.UUID | None = None
        self._task: TaskHandle | None = None
        self._inhoud_task: TaskHandle | None = None
        self._results: list[Any] = []
        self._vraag = zoeken.Zoekvraag()
        self.setWindowTitle("Dossiers zoeken")

        layout = QVBoxLayout(self)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.kenmerk = ZoekVeld(self, "Kenmerk", "IGJ-2026-000123 of een deel: 000123")
        self.tekst = ZoekVeld(self, "Tekst", "Woorden uit titel of omschrijving")
        self.relatie = ZoekVeld(self, "Relatie", "Naam van een betrokken organisatie of persoon")
        self.behandelaar = QComboBox(self)
        self.behandelaar.addItem("— iedereen —", None)
        for medewerker in catalogus.list_medewerkers(ctx):
            self.behandelaar.addItem(medewerker.naam, medewerker.id)
        self.dossiertype = QComboBox(self)
        self.dossiertype.addItem("— alle typen —", None)
        for dossiertype in catalogus.list_dossiertypes(ctx):
            self.dossiertype.addItem(dossiertype.naam, dossiertype.id)
        self.sector = QComboBox(self)
        self.sector.addItem("— alle sectoren —", None)
        for sector in catalogus.SECTOREN:
            self.sector.addItem(sector, sector)
        self.in_documenten = QCheckBox("Ook in &documenten en mail zoeken", self)
        self.in_documenten.setChecked(True)
        self.in_documenten.setToolTip(
            "De woorden bij Tekst ook zoeken in de tekst van documenten, mails en hun "
            'bijlagen: "zin tussen aanhalingstekens", insp* voor woorden die zo beginnen. '
            "Gescande pdf's zonder tekst worden niet gevonden."
        )
        self.status = QComboBox(self)
        for label, code in (("Alle", None), ("Open", "open"), ("Gesloten", "gesloten")):
            self.status.addItem(label, code)
        self.vanaf_aan = QCheckBox("Geopend vanaf", self)
        self.vanaf = _date_edit(self)
        self.vanaf.setDate(QDate.currentDate().addYears(-1))
        self.tot_aan = QCheckBox("tot en met", self)
        self.tot = _date_edit(self)
        self.vanaf_aan.toggled.connect(self.vanaf.setEnabled)
        self.tot_aan.toggled.connect(self.tot.setEnabled)

        for row, (label, widget) in enumerate(
            (("Kenmerk:", self.kenmerk), ("Tekst:", self.tekst), ("Relatie:", self.relatie))
        ):
            grid.addWidget(QLabel(label, self), row, 0)
            grid.addWidget(widget, row, 1)
        grid.addWidget(self.in_documenten, 3, 1)
        QWidget.setTabOrder(self.relatie, self.in_documenten)  # Tab follows the columns
        QWidget.setTabOrder(self.in_documenten, self.behandelaar)
        for row, (label, widget) in enumerate(
            (
                ("Behandelaar:", self.behandelaar),
                ("Dossiertype:", self.dossiertype),
                ("Sector:", self.sector),
                ("Status:", self.status),
            )
        ):
            grid.addWidget(QLabel(label, self), row, 2)
            grid.addWidget(widget, row, 3)
        datums = QHBoxLayout()
        for widget in (self.vanaf_aan, self.vanaf, self.tot_aan, self.tot):
            datums.addWidget(widget)
        datums.addStretch(1)
        grid.addLayout(datums, 4, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)

        knoppen = QHBoxLayout()
        self.status_label = QLabel("", self)
        self.status_label.setObjectName("hint")
        knoppen.addWidget(self.status_label, 1)
        self.zoek_knop = QPushButton("Zoeken", self)
        self.zoek_knop.setDefault(True)
        self.zoek_knop.clicked.connect(self.search)
        knoppen.addWidget(self.zoek_knop)
        layout.addLayout(knoppen)

        self.resultaten = QTableWidget(0, len(KOLOMMEN), self)
        header = richt_in(self.resultaten, KOLOMMEN, rekken=1, enkel=True).horizontalHeader()
        self.resultaten.setSortingEnabled(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 210)
        self.resultaten.setAccessibleName("Gevonden dossiers")
        self.resultaten.doubleClicked.connect(lambda _i: self._open())
        self.resultaten.itemSelectionChanged.connect(lambda: self._gekozen_in(self.resultaten))
        self.inhoud = InhoudResultaten(self)
        self.inhoud.geopend.connect(self._open)
        self.inhoud.gekozen_veranderd.connect(lambda: self._gekozen_in(self.inhoud.tabel))
        self.inhoud.setVisible(False)
        self.lijsten = QSplitter(Qt.Orientation.Vertical, self)
        self.lijsten.setChildrenCollapsible(False)
        self.lijsten.addWidget(self.resultaten)
        self.lijsten.addWidget(self.inhoud)
        layout.addWidget(self.lijsten, 1)

        self.buttons = QDialogButtonBox(self)
        self.open_knop = self.buttons.addButton("Openen", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_knop.setAutoDefault(False)
        self.buttons.addButton("Sluiten", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._open)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for edit in (self.kenmerk, self.tekst, self.relatie):
            edit.returnPressed.connect(self.search)
        self._update()
        self.resize(1000, 680)

    def is_loading(self) -> bool:
        return self._task is not None or self._inhoud_task is not None

    def zoekvraag(self) -> zoeken.Zoekvraag:
        return zoeken.Zoekvraag(
            kenmerk=self.kenmerk.text().strip(),
            tekst=self.tekst.text().strip(),
            relatie=self.relatie.text().strip(),
            behandelaar_id=self.behandelaar.currentData(),
            dossiertype_id=self.dossiertype.currentData(),
            sector=self.sector.currentData(),
            status=self.status.currentData(),
            geopend_vanaf=self.vanaf.date().toPython() if self.vanaf_aan.isChecked() else None,
            geopend_tot=self.tot.date().toPython() if self.tot_aan.isChecked() else None,
        )

    def search(self) -> None:
        if self._task is not None:
            self._task.cancel()
        vraag = self.zoekvraag()
        self.status_label.setText("Zoeken…")
        self._vraag = vraag
        self._task = run_task(
            lambda: zoeken.search_dossiers(self.ctx, vraag, tellen=False), self._show, self._failed
        )
        self._zoek_in_inhoud(vraag)

    def _zoek_in_inhoud(self, vraag: zoeken.Zoekvraag) -> None:
        if self._inhoud_task is not None:
            self._inhoud_task.cancel()
            self._inhoud_task = None
        zoekt = self.in_documenten.isChecked() and bool(vraag.tekst)
        self.inhoud.setVisible(zoekt)
        self.inhoud.wis()
        if not zoekt:
            return
        self.inhoud.melding("zoeken…")
        inhoud_vraag = replace(vraag, limit=INHOUD_LIMIET)
        self._inhoud_task = run_task(
            lambda: inhoud_zoeken.zoek_in_inhoud(self.ctx, inhoud_vraag),
            self._toon_inhoud,
            self._inhoud_mislukt,
        )

    def _toon_inhoud(self, treffers: list[inhoud_zoeken.InhoudTreffer]) -> None:
        self._inhoud_task = None
        self.inhoud.toon(treffers)

    def _inhoud_mislukt(self, exc: BaseException) -> None:
        self._inhoud_task = None
        self.inhoud.melding(melding(exc))

    def _show(self, resultaat: zoeken.Zoekresultaat) -> None:
        self._task = None
        self._results = list(resultaat.dossiers)
        self.resultaten.setRowCount(len(self._results))
        for row, r in enumerate(self._results):
            geopend = r.geopend_op.astimezone(AMSTERDAM).strftime("%d-%m-%Y")
            for column, text in enumerate((r.kenmerk, r.titel, r.dossiertype, r.status, geopend)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.resultaten.setItem(row, column, item)
        if not self._results:
            self.status_label.setText("Niets gevonden.")
        elif len(self._results) < self._vraag.limit:
            self.status_label.setText(
                f"{aantal(len(self._results), 'dossier', 'dossiers')} gevonden."
            )
        else:  # a full page: count the rest in a second step, the hits are shown already
            self.status_label.setText(f"De eerste {len(self._results)} dossiers; tellen…")
            vraag = self._vraag
            self._task = run_task(
                lambda: zoeken.count_dossiers(self.ctx, vraag), self._counted, self._failed
            )
        self._update()

    def _counted(self, telling: zoeken.Telling) -> None:
        self._task = None
        van = f"meer dan {telling.aantal}" if telling.meer else str(telling.aantal)
        if telling.aantal > len(self._results):
            tekst = f"De eerste {len(self._results)} van {van} dossiers; verfijn de zoekvraag."
        else:
            tekst = f"{aantal(telling.aantal, 'dossier', 'dossiers')} gevonden."
        self.status_label.setText(tekst)

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.status_label.setText(melding(exc))

    def _gekozen_in(self, tabel: QTableWidget) -> None:
        """One choice in both lists: choosing in one clears the other."""
        andere = self.inhoud.tabel if tabel is self.resultaten else self.resultaten
        if tabel.selectionModel().selectedRows():
            andere.blockSignals(True)
            andere.clearSelection()
            andere.blockSignals(False)
        self._update()

    def _update(self) -> None:
        gekozen = self.resultaten.selectionModel().selectedRows() or self.inhoud.gekozen()
        self.open_knop.setEnabled(bool(gekozen))

    def _open(self) -> None:
        treffer = self.inhoud.gekozen()
        rows = self.resultaten.selectionModel().selectedRows()
        if treffer is not None:
            self.dossier_id, self.document_id = treffer.dossier_id, treffer.document_id
        elif rows:
            self.dossier_id = self._results[rows[0].row()].id
        else:
            return
        self.accept()

    @classmethod
    def ask(cls, ctx: ServiceContext, parent: QWidget | None = None) -> Any:
        """The id of the dossier to open, or None."""
        keuze = cls.kies(ctx, parent)
        return keuze.dossier_id if keuze is not None else None

    @classmethod
    def kies(cls, ctx: ServiceContext, parent: QWidget | None = None) -> Keuze | None:
        """The dossier (and document) to open, or None."""
        dialog = cls(ctx, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.dossier_id is None:
            return None
        return Keuze(dialog.dossier_id, dialog.document_id)
