"""The search dialog's second list: hits inside documents and mails, with a fragment."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services.documenten.inhoud_zoeken import InhoudTreffer
from igj_desktop.services.documenten.zoekmachine import als_html, zonder_markering
from igj_desktop.taal import aantal
from igj_desktop.views.gemeenschappelijk.leestabel import richt_in
from igj_desktop.views.gemeenschappelijk.rijke_tekst import HTML_ROLE, RijkeTekstDelegate

KOLOMMEN = ("Kenmerk", "Dossier", "Document", "Gevonden tekst")
FRAGMENT = 3


class InhoudResultaten(QWidget):
    """``geopend`` when a hit is double-clicked."""

    geopend = Signal()
    gekozen_veranderd = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.treffers: list[InhoudTreffer] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.titel = QLabel("Gevonden in documenten en mail", self)
        self.titel.setObjectName("paneelTitel")
        layout.addWidget(self.titel)
        self.tabel = QTableWidget(0, len(KOLOMMEN), self)
        header = richt_in(self.tabel, KOLOMMEN, rekken=FRAGMENT, enkel=True).horizontalHeader()
        self.tabel.setSortingEnabled(False)
        self.tabel.setAccessibleName("Gevonden in documenten en mail")
        self.tabel.setAccessibleDescription(
            "Documenten en mails waarin de zoekwoorden voorkomen, met het dossier en een "
            "stukje tekst; dubbelklikken of Openen toont het document in zijn dossier."
        )
        self.tabel.setItemDelegateForColumn(FRAGMENT, RijkeTekstDelegate(self.tabel))
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 200)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 200)
        self.tabel.doubleClicked.connect(lambda _i: self.geopend.emit())
        self.tabel.itemSelectionChanged.connect(self.gekozen_veranderd.emit)
        layout.addWidget(self.tabel, 1)

    def melding(self, tekst: str) -> None:
        self.titel.setText(f"Gevonden in documenten en mail: {tekst}")

    def toon(self, treffers: list[InhoudTreffer]) -> None:
        self.treffers = treffers
        self.tabel.setRowCount(len(treffers))
        for rij, treffer in enumerate(treffers):
            document = treffer.document_titel
            if treffer.versie_nummer > 1:
                document += f" (versie {treffer.versie_nummer})"
            platte_tekst = zonder_markering(treffer.fragment)
            waarden = (treffer.kenmerk, treffer.dossier_titel, document, platte_tekst)
            for kolom, tekst in enumerate(waarden):
                item = QTableWidgetItem(tekst)
                item.setToolTip(f"{tekst} ({treffer.bestandsnaam})" if kolom == 2 else tekst)
                self.tabel.setItem(rij, kolom, item)
            self.tabel.item(rij, FRAGMENT).setData(HTML_ROLE, als_html(treffer.fragment))
        self.melding(
            aantal(len(treffers), "document", "documenten") if treffers else "niets gevonden."
        )

    def gekozen(self) -> InhoudTreffer | None:
        rijen = self.tabel.selectionModel().selectedRows()
        return self.treffers[rijen[0].row()] if rijen else None

    def wis(self) -> None:
        self.treffers = []
        self.tabel.setRowCount(0)
        self.titel.setText("Gevonden in documenten en mail")
