"""Workflow dialogs: start a workflow, complete an activiteit, end a workflow, hand over.

Each dialog does its service call on OK; a refusal shows in Dutch inside the dialog and
nothing closes. ``ask(...)`` is the entry point for the window and for tests.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import keuzelijsten as catalogus
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.workflows import acties as wf
from igj_desktop.services.workflows import formulieren
from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog
from igj_desktop.views.workflows.workflow_formulier import FormulierWidget

CODE = Qt.ItemDataRole.UserRole


def _reden_veld(parent: QWidget, placeholder: str) -> QPlainTextEdit:
    veld = QPlainTextEdit(parent)
    veld.setPlaceholderText(placeholder)
    veld.setFixedHeight(80)
    return veld


class StartWorkflowDialog(ServiceDialog):
    """Choose a workflow the dossiertype offers, grouped by procesgroep; starts it."""

    ok_label = "Starten"

    def __init__(
        self, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Workflow starten", parent)
        self.dossier_id = dossier_id
        self.body.addWidget(QLabel("Kies de workflow die u in dit dossier wilt starten:", self))
        self.lijst = QListWidget(self)
        self.lijst.setAccessibleName("Workflows")
        huidige_groep = None
        for keuze in wf.beschikbare_workflows(ctx, dossier_id):
            if keuze.groep != huidige_groep:
                huidige_groep = keuze.groep
                kop = QListWidgetItem(keuze.groep or "Overig")
                kop.setFlags(
                    kop.flags() & ~kop.flags().ItemIsSelectable & ~kop.flags().ItemIsEnabled
                )
                font = kop.font()
                font.setBold(True)
                kop.setFont(font)
                self.lijst.addItem(kop)
            item = QListWidgetItem(f"   {keuze.naam}")
            item.setData(CODE, keuze.code)
            item.setToolTip(keuze.omschrijving)
            self.lijst.addItem(item)
        self.lijst.currentItemChanged.connect(self._toon_omschrijving)
        self.lijst.itemDoubleClicked.connect(lambda _i: self.ok_button.click())
        self.body.addWidget(self.lijst, 1)
        self.omschrijving = QLabel(self)
        self.omschrijving.setWordWrap(True)
        self.omschrijving.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.omschrijving.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.body.addWidget(self.omschrijving)
        self.formulier: FormulierWidget | None = None
        self.resize(520, 560)

    def _toon_omschrijving(self, item: QListWidgetItem | None) -> None:
        self.omschrijving.setText(item.toolTip() if item else "")
        if self.formulier is not None:
            self.body.removeWidget(self.formulier)
            self.formulier.deleteLater()
            self.formulier = None
        code = item.data(CODE) if item else None
        if code:
            formulier = formulieren.start_formulier(self.ctx, self.dossier_id, code)
            if not formulier.leeg:
                self.formulier = FormulierWidget(formulier, self)
                self.body.addWidget(self.formulier)

    def choose(self, naam: str) -> None:
        items = [i for i in self.lijst.findItems(naam, Qt.MatchFlag.MatchContains) if i.data(CODE)]
        if not items:
            raise KeyError(naam)
        self.lijst.setCurrentItem(items[0])

    def operation(self) -> Callable[[], wf.WorkflowRow]:
        item = self.lijst.currentItem()
        code = item.data(CODE) if item else None
        if not code:
            raise ValidationFailed("Kies een workflow.")
        gegevens = self.formulier.waarden() if self.formulier else None
        return lambda: wf.start_workflow(self.ctx, self.dossier_id, code, gegevens=gegevens)

    @classmethod
    def ask(cls, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None) -> Any:
        return cls.run(cls(ctx, dossier_id, parent))


class CompleteActiviteitDialog(ServiceDialog):
    """Complete an activiteit: pick the uitkomst (a beslispunt has several) and a reason."""

    ok_label = "Afronden"

    def __init__(
        self, ctx: ServiceContext, activiteit: wf.ActiviteitRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Activiteit afronden", parent)
        self.activiteit = activiteit
        kop = QLabel(f"<b>{activiteit.titel}</b>", self)
        kop.setWordWrap(True)
        self.body.addWidget(kop)
        if activiteit.termijn:
            self.body.addWidget(QLabel(f"Termijn: {activiteit.termijn:%d-%m-%Y}", self))
        self.body.addWidget(QLabel("Uitkomst:", self))
        self.keuzes = QButtonGroup(self)
        box = QVBoxLayout()
        for index, uitkomst in enumerate(activiteit.uitkomsten):
            knop = QRadioButton(
                uitkomst.naam + (" (reden verplicht)" if uitkomst.reden_verplicht else ""), self
            )
            knop.setProperty("code", uitkomst.code)
            knop.setChecked(index == 0)
            self.keuzes.addButton(knop, index)
            box.addWidget(knop)
        self.body.addLayout(box)
        formulier = formulieren.activiteit_formulier(ctx, activiteit.id)
        self.formulier = FormulierWidget(formulier, self)
        self.rol = QScrollArea(self)  # a long form scrolls instead of squeezing its fields
        self.rol.setWidgetResizable(True)
        self.rol.setFrameShape(QFrame.Shape.NoFrame)
        self.rol.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rol.setWidget(self.formulier)
        self.rol.setVisible(not formulier.leeg)
        self.body.addWidget(self.rol, 1)
        self.keuzes.buttonToggled.connect(lambda *_: self._uitkomst_gekozen())
        self._uitkomst_gekozen()
        self.reden = _reden_veld(self, "Reden of toelichting")
        self.body.addWidget(self.reden)
        if formulier.leeg:
            self.body.addStretch(1)
            self.resize(480, 300)
        else:  # as tall as the form needs, up to a size that fits a laptop screen
            self.resize(680, 360)
            self._hoogte_naar_formulier()

    def _uitkomst(self) -> str | None:
        knop = self.keuzes.checkedButton()
        return str(knop.property("code")) if knop else None

    def _uitkomst_gekozen(self) -> None:
        self.formulier.toon_uitkomst(self._uitkomst())
        if hasattr(self, "reden") and not self.formulier.formulier.leeg:
            self._hoogte_naar_formulier()

    def _hoogte_naar_formulier(self) -> None:
        """Grow (never shrink) to show the velden an uitkomst adds, up to a laptop screen."""
        self.formulier.layout().activate()
        rest = self.sizeHint().height() - self.rol.sizeHint().height()  # all but the form
        nodig = rest + self.formulier.sizeHint().height()
        self.resize(max(self.width(), 680), min(720, max(360, self.height(), nodig)))

    def choose(self, naam: str) -> None:
        for knop in self.keuzes.buttons():
            if knop.text().startswith(naam):
                knop.setChecked(True)
                return
        raise KeyError(naam)

    def operation(self) -> Callable[[], wf.AfrondingResult]:
        uitkomst, activiteit = self._uitkomst(), self.activiteit
        reden = self.reden.toPlainText().strip() or None
        gegevens = self.formulier.waarden(uitkomst) or None
        return lambda: wf.complete_activiteit(
            self.ctx,
            activiteit.id,
            uitkomst,
            reden=reden,
            gegevens=gegevens,
            version=activiteit.version,
        )

    @classmethod
    def ask(
        cls, ctx: ServiceContext, activiteit: wf.ActiviteitRow, parent: QWidget | None = None
    ) -> Any:
        return cls.run(cls(ctx, activiteit, parent))


class EndWorkflowDialog(ServiceDialog):
    """Alternative ending (stopzetten / annuleren / intrekken), always with a reason."""

    ok_label = "Beëindigen"

    def __init__(
        self, ctx: ServiceContext, workflow: wf.WorkflowRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Workflow beëindigen", parent)
        self.workflow = workflow
        self.body.addWidget(QLabel(f"<b>{workflow.titel}</b>", self))
        form = QFormLayout()
        self.einde = QComboBox(self)
        for einde in workflow.eindes:
            self.einde.addItem(einde.naam, einde.code)
        form.addRow("Einde:", self.einde)
        self.body.addLayout(form)
        self.reden = _reden_veld(self, "Reden (verplicht)")
        self.body.addWidget(self.reden)
        self.resize(460, 260)

    def operation(self) -> Callable[[], wf.WorkflowRow]:
        workflow, einde = self.workflow, str(self.einde.currentData())
        reden = self.reden.toPlainText()
        return lambda: wf.end_workflow(
            self.ctx, workflow.id, einde, reden, version=workflow.version
        )

    @classmethod
    def ask(
        cls, ctx: ServiceContext, workflow: wf.WorkflowRow, parent: QWidget | None = None
    ) -> Any:
        return cls.run(cls(ctx, workflow, parent))


class ReassignActiviteitDialog(ServiceDialog):
    """Hand an activiteit over to a medewerker or a groep."""

    ok_label = "Overdragen"

    def __init__(
        self, ctx: ServiceContext, activiteit: wf.ActiviteitRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Activiteit overdragen", parent)
        self.activiteit = activiteit
        self.body.addWidget(
            QLabel(f"<b>{activiteit.titel}</b><br>Nu bij: {activiteit.eigenaar}", self)
        )
        self.aan = QComboBox(self)
        for m in catalogus.list_medewerkers(ctx):
            if m.id != activiteit.eigenaar_medewerker_id:
                self.aan.addItem(m.naam, ("medewerker", m.id))
        for g in catalogus.list_groepen(ctx):
            self.aan.addItem(f"Groep {g.naam}", ("groep", g.id))
        form = QFormLayout()
        form.addRow("Overdragen aan:", self.aan)
        self.body.addLayout(form)
        self.resize(460, 180)

    def choose(self, naam: str) -> None:
        index = self.aan.findText(naam)
        if index < 0:
            raise KeyError(naam)
        self.aan.setCurrentIndex(index)

    def operation(self) -> Callable[[], wf.ActiviteitRow]:
        soort, id_ = self.aan.currentData()
        naar = {"naar_medewerker_id": id_} if soort == "medewerker" else {"naar_groep_id": id_}
        activiteit = self.activiteit
        return lambda: wf.transfer_activiteit(
            self.ctx, activiteit.id, version=activiteit.version, **naar
        )

    @classmethod
    def ask(
        cls, ctx: ServiceContext, activiteit: wf.ActiviteitRow, parent: QWidget | None = None
    ) -> Any:
        return cls.run(cls(ctx, activiteit, parent))
