"""Extra ▸ Uitgaande berichten: what waits for Exchange, with retry and remove.

The status bar only counts; here the user sees each invitation, change, cancellation or
mail that has not gone out, why not, and decides. Without Exchange configured nothing is
retried, so "Opnieuw proberen" is off and says why.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services import outbox
from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.outbox import OutboxRegel
from igj_desktop.taal import aantal
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.leestabel import richt_in
from igj_desktop.views.gemeenschappelijk.operations import ServiceOp

KOLOMMEN = ("Bericht", "Betreft", "Status", "Pogingen", "Volgende poging", "Reden")
NIET_INGESTELD = (
    "Exchange is niet ingesteld: er wordt niets opnieuw geprobeerd. Stel de verbinding in via "
    "Extra ▸ Exchange-verbinding…; daarna gaan de berichten vanzelf."
)


class OutboxDialog(QDialog):
    def __init__(self, ctx: ServiceContext, ingesteld: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.ingesteld = ingesteld
        self.gewijzigd = False
        self.regels: list[OutboxRegel] = []
        self.setWindowTitle("Uitgaande berichten")
        layout = QVBoxLayout(self)
        self.uitleg = QLabel(self)
        self.uitleg.setWordWrap(True)
        layout.addWidget(self.uitleg)
        self.tabel = richt_in(QTableWidget(self), KOLOMMEN, rekken=5, enkel=True)
        self.tabel.setAccessibleName("Berichten die wachten op Exchange")
        self.tabel.itemSelectionChanged.connect(self._knoppen_bijwerken)
        layout.addWidget(self.tabel, 1)
        rij = QHBoxLayout()
        self.opnieuw_knop = QPushButton("&Opnieuw proberen", self)
        self.opnieuw_knop.clicked.connect(self.opnieuw)
        self.verwijder_knop = QPushButton("&Verwijderen…", self)
        self.verwijder_knop.clicked.connect(self.verwijderen)
        for knop in (self.opnieuw_knop, self.verwijder_knop):
            knop.setAutoDefault(False)
            rij.addWidget(knop)
        rij.addStretch(1)
        knoppen = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        knoppen.button(QDialogButtonBox.StandardButton.Close).setText("Sluiten")
        knoppen.rejected.connect(self.reject)
        rij.addWidget(knoppen)
        layout.addLayout(rij)
        self.resize(860, 380)
        self.laden()

    def laden(self) -> None:
        self.regels = outbox.outbox_inhoud(self.ctx)
        self.tabel.setRowCount(len(self.regels))
        for rij, regel in enumerate(self.regels):
            wanneer = (
                regel.volgende_poging.astimezone(AMSTERDAM).strftime("%d-%m %H:%M")
                if self.ingesteld and not regel.mislukt
                else "—"
            )
            status = "Geweigerd" if regel.mislukt else "Wacht"
            reden = regel.reden if self.ingesteld else "Exchange is niet ingesteld"
            for kolom, tekst in enumerate(
                (regel.soort, regel.betreft, status, str(regel.pogingen), wanneer, reden)
            ):
                item = QTableWidgetItem(tekst)
                item.setToolTip(tekst)
                self.tabel.setItem(rij, kolom, item)
        wat = aantal(len(self.regels), "bericht wacht", "berichten wachten")
        self.uitleg.setText(
            (f"{wat} op Exchange." if self.regels else "Er wacht niets op Exchange.")
            + ("" if self.ingesteld else f" {NIET_INGESTELD}")
        )
        if self.regels:
            self.tabel.selectRow(0)
        self._knoppen_bijwerken()

    def gekozen(self) -> OutboxRegel | None:
        rijen = self.tabel.selectionModel().selectedRows()
        return self.regels[rijen[0].row()] if rijen else None

    def _knoppen_bijwerken(self) -> None:
        gekozen = self.gekozen() is not None
        self.opnieuw_knop.setEnabled(gekozen and self.ingesteld)
        self.opnieuw_knop.setToolTip("" if self.ingesteld else NIET_INGESTELD)
        self.verwijder_knop.setEnabled(gekozen)

    def _doe(self, actie: Any) -> None:
        regel = self.gekozen()
        if regel is None:
            return

        def gedaan(_: object) -> None:
            self.gewijzigd = True

        # whatever the outcome, the list then shows what the outbox holds
        ServiceOp(self, lambda: actie(self.ctx, regel)).blocking(
            self.opnieuw_knop, self.verwijder_knop
        ).finished(self.laden).success(gedaan).run()

    def opnieuw(self) -> None:
        self._doe(outbox.outbox_opnieuw)

    def verwijderen(self) -> None:
        regel = self.gekozen()
        if regel is not None and dialogs.confirm(
            self,
            "Bericht verwijderen",
            f"{regel.soort} '{regel.betreft}' nooit versturen? De afspraak zelf blijft zoals "
            "hij is; de deelnemers horen er niets over.",
            ja="Verwijderen",
            nee="Annuleren",
        ):
            self._doe(outbox.outbox_verwijderen)

    @classmethod
    def ask(cls, ctx: ServiceContext, ingesteld: bool, parent: QWidget | None = None) -> bool:
        """Show modally; True when something was retried or removed."""
        dialog = cls(ctx, ingesteld, parent)
        dialog.exec()
        return dialog.gewijzigd
