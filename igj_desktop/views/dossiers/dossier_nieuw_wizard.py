"""Nieuw dossier: dossiertype and aanleiding, titel, afdeling and behandelaars, relaties.

Nothing is written until "Dossier aanmaken": the service creates the dossier with its
toegang and betrokkenen in one transaction, so Annuleren (at any step) leaves nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import keuzelijsten as catalogus
from igj_desktop.views.dossiers.dossier_relatie_picker import GekozenRelaties, RelatieZoeker
from igj_desktop.views.gemeenschappelijk.operations import ServiceOp


class TypePage(QWizardPage):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Dossiertype en aanleiding")
        self.setSubTitle("Het dossiertype bepaalt de workflows, sjablonen en de bewaartermijn.")
        layout = QVBoxLayout(self)
        self.types = QListWidget(self)
        self.types.setAccessibleName("Dossiertype")
        self.types.setSpacing(2)
        for dossiertype in catalogus.list_dossiertypes(ctx):
            item = QListWidgetItem(dossiertype.naam, self.types)
            item.setData(Qt.ItemDataRole.UserRole, dossiertype.id)
            item.setToolTip(f"Bewaartermijn {dossiertype.bewaartermijn_jaren} jaar na afsluiting")
        self.types.currentItemChanged.connect(lambda *_: self.completeChanged.emit())
        layout.addWidget(self.types, 1)
        form = QFormLayout()
        self.aanleiding = QComboBox(self)
        self.aanleiding.addItem("— kies de aanleiding —", None)
        for aanleiding in catalogus.AANLEIDINGEN:
            self.aanleiding.addItem(aanleiding, aanleiding)
        self.aanleiding.currentIndexChanged.connect(lambda *_: self.completeChanged.emit())
        form.addRow("Aanleiding:", self.aanleiding)
        layout.addLayout(form)

    def dossiertype_id(self) -> uuid.UUID | None:
        item = self.types.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def isComplete(self) -> bool:
        return self.dossiertype_id() is not None and self.aanleiding.currentData() is not None


class GegevensPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Titel en omschrijving")
        self.setSubTitle("Een korte, herkenbare titel; de omschrijving legt het onderzoek uit.")
        form = QFormLayout(self)
        self.titel = QLineEdit(self)
        self.titel.setMaxLength(300)
        self.titel.setPlaceholderText("Bijvoorbeeld: Signaal medicatieveiligheid GGZ Noorderlicht")
        self.titel.textChanged.connect(lambda *_: self.completeChanged.emit())
        form.addRow("Titel:", self.titel)
        self.omschrijving = QPlainTextEdit(self)
        self.omschrijving.setPlaceholderText("Waar gaat het onderzoek over?")
        form.addRow("Omschrijving:", self.omschrijving)

    def isComplete(self) -> bool:
        return bool(self.titel.text().strip())


def _checklist(parent: QWidget, items: list[tuple[uuid.UUID, str]]) -> QListWidget:
    lijst = QListWidget(parent)
    lijst.setSpacing(1)
    for id_, naam in items:
        item = QListWidgetItem(naam, lijst)
        item.setData(Qt.ItemDataRole.UserRole, id_)
        item.setCheckState(Qt.CheckState.Unchecked)
    return lijst


def _checked(lijst: QListWidget) -> list[uuid.UUID]:
    return [
        lijst.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(lijst.count())
        if lijst.item(row).checkState() == Qt.CheckState.Checked
    ]


def _check(lijst: QListWidget, naam: str) -> None:
    for row in range(lijst.count()):
        if lijst.item(row).text().startswith(naam):
            lijst.item(row).setCheckState(Qt.CheckState.Checked)
            return
    raise KeyError(naam)


class BehandelingPage(QWizardPage):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Afdeling, behandelaars en toegang")
        self.setSubTitle("Wie aan het dossier werkt; u bent zelf altijd behandelaar.")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        medewerkers = catalogus.list_medewerkers(ctx)
        self.afdeling = QComboBox(self)
        for afdeling in catalogus.list_afdelingen(ctx):
            self.afdeling.addItem(afdeling.naam, afdeling.id)
        eigen = next((m.afdeling for m in medewerkers if m.id == ctx.actor.medewerker_id), None)
        if eigen:
            self.afdeling.setCurrentIndex(max(0, self.afdeling.findText(eigen)))
        form.addRow("Afdeling:", self.afdeling)
        self.sector = QComboBox(self)
        self.sector.addItem("— geen sector —", None)
        for sector in catalogus.SECTOREN:
            self.sector.addItem(sector, sector)
        form.addRow("Sector:", self.sector)
        layout.addLayout(form)

        lijsten = QGridLayout()
        lijsten.addWidget(QLabel("Behandelaars:", self), 0, 0)
        lijsten.addWidget(QLabel("Toegang voor groepen en afdelingen:", self), 0, 1)
        self.behandelaars = _checklist(
            self, [(m.id, m.naam) for m in medewerkers if m.id != ctx.actor.medewerker_id]
        )
        self.behandelaars.setAccessibleName("Behandelaars")
        lijsten.addWidget(self.behandelaars, 1, 0)
        self.groepen = _checklist(self, [(g.id, g.naam) for g in catalogus.list_groepen(ctx)])
        self.groepen.setAccessibleName("Toegang voor groepen en afdelingen")
        lijsten.addWidget(self.groepen, 1, 1)
        layout.addLayout(lijsten, 1)
        self.afgeschermd = QCheckBox(
            "Afschermen: alleen de behandelaars zelf zien dit dossier (groepen niet)", self
        )
        layout.addWidget(self.afgeschermd)

    def behandelaar_ids(self) -> list[uuid.UUID]:
        return _checked(self.behandelaars)

    def groep_ids(self) -> list[uuid.UUID]:
        return _checked(self.groepen)

    def check(self, naam: str) -> None:
        """Tick a medewerker by (the start of) the shown name."""
        _check(self.behandelaars, naam)

    def check_groep(self, naam: str) -> None:
        _check(self.groepen, naam)


class RelatiesPage(QWizardPage):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Onder toezicht staanden en andere relaties")
        self.setSubTitle("Zoek in het relatieregister en voeg toe met hun rol. Mag ook later.")
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.zoeker = RelatieZoeker(ctx, splitter)
        self.gekozen = GekozenRelaties(splitter)
        self.zoeker.added.connect(self.gekozen.add)
        splitter.setSizes([260, 140])
        layout.addWidget(splitter, 1)

    def initializePage(self) -> None:
        self.zoeker.zoekveld.setFocus()  # type and press Enter: that searches, never finishes


class NieuwDossierWizard(QWizard):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id: uuid.UUID | None = None
        self.setWindowTitle("Nieuw dossier")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Volgende >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< V&orige")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Dossier &aanmaken")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Annuleren")
        self.type_page = TypePage(ctx, self)
        self.gegevens_page = GegevensPage(self)
        self.behandeling_page = BehandelingPage(ctx, self)
        self.relaties_page = RelatiesPage(ctx, self)
        for page in (self.type_page, self.gegevens_page, self.behandeling_page, self.relaties_page):
            self.addPage(page)
        self.resize(780, 600)

    def invoer(self) -> dossiers.NieuwDossier:
        dossiertype_id = self.type_page.dossiertype_id()
        assert dossiertype_id is not None  # the first page is not complete without one
        behandeling = self.behandeling_page
        return dossiers.NieuwDossier(
            dossiertype_id=dossiertype_id,
            aanleiding=self.type_page.aanleiding.currentData(),
            titel=self.gegevens_page.titel.text().strip(),
            omschrijving=self.gegevens_page.omschrijving.toPlainText().strip(),
            afdeling_id=behandeling.afdeling.currentData(),
            sector=behandeling.sector.currentData(),
            behandelaar_ids=behandeling.behandelaar_ids(),
            toegang_groepen=[(g, "behandelaar") for g in behandeling.groep_ids()],
            betrokkenen=[(k.relatie_id, k.rol) for k in self.relaties_page.gekozen.gekozen],
            afgeschermd=behandeling.afgeschermd.isChecked(),
        )

    def accept(self) -> None:
        """Create the dossier in the background; a refusal keeps the wizard and its input."""
        invoer = self.invoer()
        knoppen = (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton)
        ServiceOp(self, lambda: dossiers.create_dossier(self.ctx, invoer).id).blocking(
            *(self.button(knop) for knop in knoppen)
        ).success(self._aangemaakt).run()

    def _aangemaakt(self, dossier_id: uuid.UUID) -> None:
        self.dossier_id = dossier_id
        super().accept()

    @classmethod
    def ask(cls, ctx: ServiceContext, parent: QWidget | None = None) -> Any:
        """The new dossier's id, or None when the user cancelled."""
        wizard = cls(ctx, parent)
        return wizard.dossier_id if wizard.exec() == QWizard.DialogCode.Accepted else None
