"""The werkvoorraad as a table: the open activiteiten of the user and the user's groepen."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from igj_desktop.views.gemeenschappelijk.style import icon
from igj_desktop.views.gemeenschappelijk.thema import kleur

Index = QModelIndex | QPersistentModelIndex

URGENTIE_VOLGORDE = {"spoed": 0, "hoog": 1, "normaal": 2}
URGENTIE_LABEL = {"spoed": "Spoed", "hoog": "Hoog", "normaal": "Normaal"}


class ActiviteitRegelLike(Protocol):
    """What the werkvoorraad shows of an activiteit (the services' read model)."""

    activiteit_id: uuid.UUID
    dossier_id: uuid.UUID
    dossier_kenmerk: str
    dossier_titel: str
    titel: str
    termijn: date | None
    urgentie: str
    eigenaar: str
    eigenaar_groep_id: uuid.UUID | None
    overdue: bool
    version: int


def _datum(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


@dataclass(frozen=True)
class _Column:
    titel: str
    text: Callable[[ActiviteitRegelLike], str]
    sort_key: Callable[[ActiviteitRegelLike], Any]


COLUMNS = (
    _Column("Termijn", lambda r: _datum(r.termijn), lambda r: (r.termijn is None, r.termijn)),
    _Column(
        "Urgentie",
        lambda r: URGENTIE_LABEL.get(r.urgentie, r.urgentie),
        lambda r: URGENTIE_VOLGORDE.get(r.urgentie, 9),
    ),
    _Column("Activiteit", lambda r: r.titel, lambda r: r.titel.lower()),
    _Column("Kenmerk", lambda r: r.dossier_kenmerk, lambda r: r.dossier_kenmerk),
    _Column(
        "Dossier",
        lambda r: r.dossier_titel or "(geen toegang tot het dossier)",
        lambda r: r.dossier_titel.lower(),
    ),
    _Column("Toegewezen aan", lambda r: r.eigenaar, lambda r: r.eigenaar.lower()),
)
TERMIJN, URGENTIE = 0, 1


class WerkvoorraadModel(QAbstractTableModel):
    """Rows are replaced as a whole by ``set_rows``; sorting keeps to the chosen column."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ActiviteitRegelLike] = []
        self._sort = (TERMIJN, Qt.SortOrder.AscendingOrder)

    def set_rows(self, rows: Sequence[ActiviteitRegelLike]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._apply_sort()
        self.endResetModel()

    def regel(self, index: Index) -> ActiviteitRegelLike | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        regel = self.regel(index)
        if regel is None or not 0 <= index.column() < len(COLUMNS):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[column].text(regel)
        if role == Qt.ItemDataRole.ForegroundRole and regel.overdue:
            return kleur("rood")
        if role == Qt.ItemDataRole.FontRole and regel.overdue and column == TERMIJN:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole:
            if column == TERMIJN and regel.overdue:
                return icon("termijn-verlopen")
            if column == URGENTIE and regel.urgentie in ("hoog", "spoed"):
                return icon(f"urgentie-{regel.urgentie}")
        if role == Qt.ItemDataRole.ToolTipRole:
            te_laat = "\nTermijn verstreken" if regel.overdue else ""
            return f"{regel.titel}\n{regel.dossier_kenmerk} — {regel.dossier_titel}{te_laat}"
        if role == Qt.ItemDataRole.UserRole:
            return regel.activiteit_id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section].titel
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        followed = [self._rows[i.row()] for i in persistent]
        self._sort = (column, order)
        self._apply_sort()
        new_row = {id(r): row for row, r in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent,
            [
                self.index(new_row[id(r)], i.column())
                for r, i in zip(followed, persistent, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column, order = self._sort
        # Stable: ties keep the service's order (termijn, then urgentie).
        self._rows.sort(key=COLUMNS[column].sort_key, reverse=order == Qt.SortOrder.DescendingOrder)
