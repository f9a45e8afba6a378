"""'Uit sjabloon': pick a sjabloon for the dossier, fill in what the dossier cannot know,
and generate a concept document into the dossier (in a worker, the window stays usable)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import sjablonen
from igj_desktop.services.documenten.document import DocumentRef
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.storing import melding
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import run_task

MAATREGEL_LABELS = {
    "omschrijving": "Wat moet de aanbieder doen",
    "grondslag": "Wettelijke grondslag",
    "begunstigingstermijn": "Begunstigingstermijn",
    "dwangsom_bedrag": "Dwangsom (€) per eenheid",
    "dwangsom_eenheid": "Eenheid (dag, week, …)",
    "dwangsom_maximum": "Maximum (€)",
    "invorderingsbedrag": "Verbeurd bedrag (€)",
    "datum_voornemen": "Datum voornemen",
    "datum_besluit": "Datum besluit",
}


class SjabloonDialog(QDialog):
    gegenereerd = Signal(object)  # DocumentRef

    def __init__(
        self, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id = dossier_id
        self.resultaat: DocumentRef | None = None
        self.setWindowTitle("Document maken uit sjabloon")
        self.resize(640, 460)

        layout = QVBoxLayout(self)
        rij = QHBoxLayout()
        self.lijst = QListWidget(self)
        self.lijst.setAccessibleName("Sjablonen")
        self.lijst.setMinimumWidth(260)
        self.lijst.currentItemChanged.connect(self._gekozen)
        rij.addWidget(self.lijst)
        rechts = QVBoxLayout()
        form = QFormLayout()
        self.titel = QLineEdit(self)
        form.addRow("Titel", self.titel)
        rechts.addLayout(form)
        self.maatregel = QGroupBox("Gegevens van de maatregel", self)
        maatregel_form = QFormLayout(self.maatregel)
        self.velden: dict[str, QLineEdit] = {}
        for veld, label in MAATREGEL_LABELS.items():
            self.velden[veld] = QLineEdit(self.maatregel)
            maatregel_form.addRow(label, self.velden[veld])
        self.maatregel.setVisible(False)
        rechts.addWidget(self.maatregel)
        rechts.addStretch(1)
        rij.addLayout(rechts, 1)
        layout.addLayout(rij, 1)

        self.status = QLabel("Sjablonen laden…", self)
        self.status.setObjectName("hint")
        layout.addWidget(self.status)
        self.knoppen = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.genereer_knop = self.knoppen.button(QDialogButtonBox.StandardButton.Ok)
        self.genereer_knop.setText("Genereren")
        self.genereer_knop.setEnabled(False)
        self.knoppen.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        self.knoppen.accepted.connect(self.genereer)
        self.knoppen.rejected.connect(self.reject)
        layout.addWidget(self.knoppen)
        self._laden = run_task(
            lambda: sjablonen.sjablonen_voor_dossier(ctx, dossier_id), self._toon, self._fout
        )

    def is_loading(self) -> bool:
        return not self._laden.finished

    def _toon(self, lijst: list[sjablonen.Sjabloon]) -> None:
        for sjabloon in lijst:
            item = QListWidgetItem(sjabloon.titel)
            item.setData(Qt.ItemDataRole.UserRole, sjabloon)
            item.setToolTip(f"{sjabloon.soort} · {sjabloon.pad.name}")
            self.lijst.addItem(item)
        self.status.setText(f"{len(lijst)} sjablonen voor dit dossier.")

    def _fout(self, exc: BaseException) -> None:
        self.status.setText(exc.message if isinstance(exc, ServiceError) else "Laden mislukt.")

    def kies(self, naam: str) -> None:
        for i in range(self.lijst.count()):
            if self.lijst.item(i).data(Qt.ItemDataRole.UserRole).naam == naam:
                self.lijst.setCurrentRow(i)
                return
        raise KeyError(naam)

    def _gekozen(self, item: QListWidgetItem | None) -> None:
        sjabloon: sjablonen.Sjabloon | None = item.data(Qt.ItemDataRole.UserRole) if item else None
        self.genereer_knop.setEnabled(sjabloon is not None)
        self.maatregel.setVisible(sjabloon is not None and "maatregel" in sjabloon.variabelen)
        if sjabloon is not None:
            self.titel.setText(sjabloon.titel)

    def genereer(self) -> None:
        item = self.lijst.currentItem()
        if item is None:
            return
        sjabloon: sjablonen.Sjabloon = item.data(Qt.ItemDataRole.UserRole)
        invulvelden = (
            {veld: edit.text().strip() for veld, edit in self.velden.items() if edit.text().strip()}
            if "maatregel" in sjabloon.variabelen
            else {}
        )
        titel = self.titel.text().strip() or None
        self.genereer_knop.setEnabled(False)
        self.status.setText(f"'{sjabloon.titel}' wordt gemaakt…")
        self._laden = run_task(
            lambda: sjablonen.genereer_document(
                self.ctx, self.dossier_id, sjabloon.naam, titel=titel, invulvelden=invulvelden
            ),
            self._klaar,
            self._mislukt,
        )

    def _klaar(self, ref: DocumentRef) -> None:
        self.resultaat = ref
        self.gegenereerd.emit(ref)
        self.accept()

    def _mislukt(self, exc: BaseException) -> None:
        self.genereer_knop.setEnabled(True)
        self.status.setText("Niet gelukt.")
        if isinstance(exc, ServiceError):
            dialogs.service_error(self, exc)
        else:
            dialogs.error(
                self, "Genereren mislukt", f"Het document is niet gemaakt. {melding(exc)}"
            )

    @classmethod
    def ask(
        cls, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None
    ) -> DocumentRef | None:
        """Show the dialog modally; the generated document, or None. Tests replace this."""
        dialog = cls(ctx, dossier_id, parent)
        dialog.exec()
        return dialog.resultaat
