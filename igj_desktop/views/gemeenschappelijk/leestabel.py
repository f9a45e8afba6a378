"""The read-only result table the dialogs and tabs share: whole rows selected, one column
that takes the free width, the others as wide as their contents; and finding a combo's row."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QTableWidget

from igj_desktop.views.gemeenschappelijk.rekkolommen import RekbareKolommen


def richt_in(
    table: QTableWidget, kolommen: Sequence[str], *, rekken: int, enkel: bool = False
) -> QTableWidget:
    """Set ``table`` up with ``kolommen``; ``rekken`` stretches; ``enkel``: one row at a time."""
    table.setColumnCount(len(kolommen))
    table.setHorizontalHeaderLabels(list(kolommen))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if enkel:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    RekbareKolommen(table, header, (rekken,))  # readable in a narrow pane (rekkolommen)
    return table


def data_index(combo: QComboBox, data: object) -> int:
    """The row of ``combo`` whose data equals ``data``, or -1.

    Not ``findData``: it compares Python objects such as a UUID by identity, so an equal
    id read back from the database is never found."""
    return next((i for i in range(combo.count()) if combo.itemData(i) == data), -1)
