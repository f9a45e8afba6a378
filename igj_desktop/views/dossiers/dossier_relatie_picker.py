"""Search the relatie register and collect relaties with a role (wizard, relatie dialog)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import keuzelijsten as catalogus
from igj_desktop.services.dossiers import relaties
from igj_desktop.services.storing import melding
from igj_desktop.views.gemeenschappelijk.leestabel import richt_in
from igj_desktop.views.gemeenschappelijk.tasks import TaskHandle, run_task
from igj_desktop.views.gemeenschappelijk.zoekveld import ZoekVeld


@dataclass(frozen=True)
class GekozenRelatie:
    relatie_id: uuid.UUID
    naam: str
    rol: str


def _table(columns: list[str], parent: QWidget) -> QTableWidget:
    return richt_in(QTableWidget(parent), columns, rekken=0)


class RelatieZoeker(QWidget):
    """A search box over the register with a results table and a role to add them in."""

    searched = Signal()
    added = Signal(object)  # GekozenRelatie

    def __init__(
        self, ctx: ServiceContext, parent: QWidget | None = None, *, default_rol: str = "ots"
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._task: TaskHandle | None = None
        self._results: list[Any] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        zoekrij = QHBoxLayout()
        self.zoekveld = ZoekVeld(
            self, "Zoeken in het relatieregister", "Naam, plaats, KvK-, BIG- of AGB-nummer"
        )
        self.zoekveld.returnPressed.connect(self.search)
        zoekrij.addWidget(self.zoekveld, 1)
        self.zoek_knop = QPushButton("Zoeken", self)
        self.zoek_knop.setAutoDefault(False)
        self.zoek_knop.clicked.connect(self.search)
        zoekrij.addWidget(self.zoek_knop)
        layout.addLayout(zoekrij)

        self.resultaten = _table(["Naam", "Soort", "Plaats", "Sector", "Nummer"], self)
        self.resultaten.itemSelectionChanged.connect(self._update)
        self.resultaten.doubleClicked.connect(lambda _i: self.add_selected())
        layout.addWidget(self.resultaten, 1)
        self.status_label = QLabel("Zoek in het relatieregister.", self)
        self.status_label.setObjectName("hint")
        layout.addWidget(self.status_label)

        toevoegrij = QHBoxLayout()
        toevoegrij.addWidget(QLabel("Rol in het dossier:", self))
        self.rol = QComboBox(self)
        for code, label in catalogus.BETROKKENE_ROL_LABELS.items():
            self.rol.addItem(label, code)
        self.rol.setCurrentIndex(max(0, self.rol.findData(default_rol)))
        toevoegrij.addWidget(self.rol)
        toevoegrij.addStretch(1)
        self.toevoeg_knop = QPushButton("Toevoegen", self)
        self.toevoeg_knop.setAutoDefault(False)
        self.toevoeg_knop.clicked.connect(self.add_selected)
        toevoegrij.addWidget(self.toevoeg_knop)
        layout.addLayout(toevoegrij)
        self._update()

    def is_loading(self) -> bool:
        return self._task is not None

    def search(self) -> None:
        tekst = self.zoekveld.text().strip()
        if self._task is not None:
            self._task.cancel()
        self.status_label.setText("Zoeken…")
        self._task = run_task(
            lambda: relaties.search_relaties(self.ctx, tekst), self._show, self._failed
        )

    def selected(self) -> list[Any]:
        return [self._results[i.row()] for i in self.resultaten.selectionModel().selectedRows()]

    def add_selected(self) -> None:
        rol = self.rol.currentData()
        for relatie in self.selected():
            self.added.emit(GekozenRelatie(relatie.id, relatie.naam, rol))

    def _show(self, results: list[Any]) -> None:
        self._task = None
        self._results = list(results)
        self.resultaten.setRowCount(len(self._results))
        for row, r in enumerate(self._results):
            nummer = r.kvk_nummer or r.big_nummer or r.agb_code or ""
            for column, text in enumerate(
                (r.naam, r.soort, r.plaats or "", r.sector or "", nummer)
            ):
                self.resultaten.setItem(row, column, QTableWidgetItem(text))
        self.status_label.setText(
            f"{len(self._results)} gevonden."
            if self._results
            else "Niets gevonden. Staat de relatie niet in het register? Vraag haar dan aan."
        )
        self._update()
        self.searched.emit()

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.status_label.setText(melding(exc))
        self.searched.emit()

    def _update(self) -> None:
        self.toevoeg_knop.setEnabled(bool(self.selected()))


class GekozenRelaties(QWidget):
    """The relaties picked so far, with a button to drop one again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gekozen: list[GekozenRelatie] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabel = _table(["Relatie", "Rol"], self)
        layout.addWidget(self.tabel, 1)
        rij = QHBoxLayout()
        rij.addStretch(1)
        self.verwijder_knop = QPushButton("Weghalen", self)
        self.verwijder_knop.setAutoDefault(False)
        self.verwijder_knop.clicked.connect(self._remove)
        rij.addWidget(self.verwijder_knop)
        layout.addLayout(rij)

    def add(self, keuze: GekozenRelatie) -> None:
        if any((k.relatie_id, k.rol) == (keuze.relatie_id, keuze.rol) for k in self.gekozen):
            return
        self.gekozen.append(keuze)
        self._refresh()

    def _remove(self) -> None:
        rows = sorted({i.row() for i in self.tabel.selectionModel().selectedRows()}, reverse=True)
        for row in rows:
            del self.gekozen[row]
        self._refresh()

    def _refresh(self) -> None:
        labels = catalogus.BETROKKENE_ROL_LABELS
        self.tabel.setRowCount(len(self.gekozen))
        for row, keuze in enumerate(self.gekozen):
            self.tabel.setItem(row, 0, QTableWidgetItem(keuze.naam))
            item = QTableWidgetItem(labels.get(keuze.rol, keuze.rol))
            item.setData(Qt.ItemDataRole.UserRole, keuze.rol)
            self.tabel.setItem(row, 1, item)
