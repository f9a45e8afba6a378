"""'Publicatiepakket': choose the rapport, the zakelijke weergave and the reactie of the
aanbieder, and the earliest publication date (two weeks, Algemene termijnenwet)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from igj_desktop.services.documenten import document as documenten
from igj_desktop.workflows.termijnen import volgende_werkdag


@dataclass(frozen=True)
class PublicatieKeuze:
    rapport_id: uuid.UUID
    zakelijke_weergave_id: uuid.UUID
    reactie_id: uuid.UUID | None
    publicatiedatum: date


class PublicatieDialog(QDialog):
    def __init__(
        self,
        lijst: list[documenten.DocumentInfo],
        vandaag: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Publicatiepakket maken")
        self.setMinimumWidth(480)
        form = QFormLayout(self)
        form.addRow(QLabel("Rapport en zakelijke weergave moeten definitief zijn (PDF).", self))
        definitief = [d for d in lijst if d.status == "definitief"]
        self.rapport = self._combo(definitief, voorkeur="rapport")
        form.addRow("Rapport", self.rapport)
        self.weergave = self._combo(definitief, voorkeur="zakelijke_weergave")
        form.addRow("Zakelijke weergave", self.weergave)
        self.reactie = self._combo([d for d in lijst if d.richting == "inkomend"], leeg=True)
        form.addRow("Reactie van de aanbieder", self.reactie)
        self.datum = QDateEdit(self)
        self.datum.setCalendarPopup(True)
        self.datum.setDisplayFormat("dd-MM-yyyy")
        self.datum.setDate(QDate(volgende_werkdag(vandaag + timedelta(weeks=2))))
        form.addRow("Publicatie op of na", self.datum)
        knoppen = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = knoppen.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Pakket maken")
        self.ok.setEnabled(bool(definitief))
        knoppen.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        knoppen.accepted.connect(self.accept)
        knoppen.rejected.connect(self.reject)
        form.addRow(knoppen)

    def _combo(
        self, lijst: list[documenten.DocumentInfo], *, voorkeur: str = "", leeg: bool = False
    ) -> QComboBox:
        combo = QComboBox(self)
        if leeg:
            combo.addItem("(geen reactie ontvangen)", None)
        for d in lijst:
            combo.addItem(d.titel, d.id)
        gekozen = next((i for i, d in enumerate(lijst) if d.soort == voorkeur), None)
        if gekozen is not None:
            combo.setCurrentIndex(gekozen + int(leeg))
        return combo

    def keuze(self) -> PublicatieKeuze:
        return PublicatieKeuze(
            self.rapport.currentData(),
            self.weergave.currentData(),
            self.reactie.currentData(),
            self.datum.date().toPython(),  # type: ignore[arg-type]
        )

    @classmethod
    def ask(
        cls, lijst: list[documenten.DocumentInfo], vandaag: date, parent: QWidget | None = None
    ) -> PublicatieKeuze | None:
        """Show the dialog modally; tests replace this classmethod."""
        dialog = cls(lijst, vandaag, parent)
        return dialog.keuze() if dialog.exec() == QDialog.DialogCode.Accepted else None
