"""Plan an afspraak, and show its mail to the relatie for editing before it goes out."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from igj_desktop.models import AfspraakSoort
from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.afspraken.afspraak import (
    AfspraakRow,
    DeelnemerInvoer,
    MailConcept,
    NieuweAfspraak,
)
from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog

SOORT_LABELS = {
    AfspraakSoort.BEZOEK: "Inspectiebezoek",
    AfspraakSoort.BIJEENKOMST: "Bijeenkomst",
    AfspraakSoort.GESPREK: "Gesprek",
    AfspraakSoort.ZITTING: "Zitting",
    AfspraakSoort.BESTUURSGESPREK: "Bestuursgesprek",
}


def datetime_edit(moment: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(QDateTime(moment.astimezone(AMSTERDAM).replace(tzinfo=None)))
    edit.setDisplayFormat("dd-MM-yyyy HH:mm")
    edit.setCalendarPopup(True)
    return edit


def moment_of(edit: QDateTimeEdit) -> datetime:
    return edit.dateTime().toPython().replace(tzinfo=AMSTERDAM)  # type: ignore[union-attr]


class AfspraakDialog(ServiceDialog):
    """The planning dialog: soort, time, place, aangekondigd and the deelnemers."""

    ok_label = "Plannen"

    def __init__(
        self,
        ctx: ServiceContext,
        dossier_id: uuid.UUID,
        parent: QWidget | None = None,
        begin: datetime | None = None,
    ) -> None:
        super().__init__(ctx, "Afspraak plannen", parent)
        self.dossier_id = dossier_id
        detail = dossiers.get_dossier_detail(ctx, dossier_id)
        form = QFormLayout()
        self.soort = QComboBox(self)
        for soort, label in SOORT_LABELS.items():
            self.soort.addItem(label, soort.value)
        form.addRow("Soort:", self.soort)
        self.onderwerp = QLineEdit(self)
        self.onderwerp.setMaxLength(300)
        self.onderwerp.setPlaceholderText("Bijvoorbeeld: Inspectiebezoek locatie Zwolle")
        form.addRow("Onderwerp:", self.onderwerp)
        start = begin or (ctx.now() + timedelta(days=7)).astimezone(AMSTERDAM).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
        self.begin = datetime_edit(start)
        form.addRow("Begin:", self.begin)
        self.einde = datetime_edit(start + timedelta(hours=3))
        form.addRow("Einde:", self.einde)
        self.locatie = QLineEdit(self)
        form.addRow("Locatie:", self.locatie)
        self.aangekondigd = QCheckBox(
            "Aangekondigd (de relatie krijgt een afspraakbevestiging)", self
        )
        self.aangekondigd.setChecked(True)
        form.addRow("", self.aangekondigd)
        self.onaangekondigd_hint = QLabel(
            "Onaangekondigd: alleen de agenda's van de inspecteurs krijgen de afspraak; "
            "de relatie krijgt niets.",
            self,
        )
        self.onaangekondigd_hint.setWordWrap(True)
        self.onaangekondigd_hint.setVisible(False)
        form.addRow("", self.onaangekondigd_hint)
        self.deelnemers = QListWidget(self)
        self.deelnemers.setMinimumHeight(140)
        for behandelaar in detail.behandelaars:
            if behandelaar.medewerker_id is not None:
                self._add_choice(
                    f"{behandelaar.naam} – behandelaar",
                    DeelnemerInvoer(medewerker_id=behandelaar.medewerker_id),
                    behandelaar.medewerker_id == ctx.actor.medewerker_id,
                )
        for betrokkene in detail.betrokkenen:
            self._add_choice(
                f"{betrokkene.naam} – {betrokkene.rol_label}",
                DeelnemerInvoer(relatie_id=betrokkene.relatie_id),
                False,
            )
        form.addRow("Deelnemers:", self.deelnemers)
        self.open_plaatsen = QSpinBox(self)
        self.open_plaatsen.setRange(0, 20)
        self.open_plaatsen.setSpecialValueText("geen")
        self.open_plaatsen.setSuffix(" nog in te vullen")
        self.open_plaatsen.setToolTip(
            "Deelnemers van wie u nog niet weet wie het worden; u vult ze later in."
        )
        form.addRow("Open plaatsen:", self.open_plaatsen)
        self.toelichting = QPlainTextEdit(self)
        self.toelichting.setFixedHeight(70)
        form.addRow("Toelichting:", self.toelichting)
        self.body.addLayout(form)
        self.aangekondigd.toggled.connect(self.onaangekondigd_hint.setHidden)
        self.soort.currentIndexChanged.connect(self._soort_changed)
        self.resize(580, 620)

    def _add_choice(self, label: str, invoer: DeelnemerInvoer, checked: bool) -> None:
        item = QListWidgetItem(label, self.deelnemers)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setData(Qt.ItemDataRole.UserRole, invoer)

    def _soort_changed(self) -> None:
        bezoek = self.soort.currentData() == AfspraakSoort.BEZOEK
        self.aangekondigd.setEnabled(bezoek)
        if not bezoek:
            self.aangekondigd.setChecked(True)

    def gekozen(self) -> tuple[DeelnemerInvoer, ...]:
        items = [self.deelnemers.item(i) for i in range(self.deelnemers.count())]
        chosen = [
            i.data(Qt.ItemDataRole.UserRole)
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        ]
        return (*chosen, *([DeelnemerInvoer()] * self.open_plaatsen.value()))

    def operation(self) -> Callable[[], AfspraakRow]:
        nieuw = NieuweAfspraak(
            onderwerp=self.onderwerp.text(),
            begin=moment_of(self.begin),
            einde=moment_of(self.einde),
            soort=self.soort.currentData(),
            aangekondigd=self.aangekondigd.isChecked(),
            locatie=self.locatie.text(),
            toelichting=self.toelichting.toPlainText(),
            deelnemers=self.gekozen(),
        )
        return lambda: afspraken.plan_afspraak(self.ctx, self.dossier_id, nieuw)

    @classmethod
    def ask(
        cls, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None
    ) -> AfspraakRow | None:
        return cls.run(cls(ctx, dossier_id, parent))


class AfspraakMailDialog(ServiceDialog):
    """The afspraakbevestiging (or herinnering) as generated; the user edits, then sends."""

    ok_label = "Versturen"

    def __init__(self, ctx: ServiceContext, concept: MailConcept, parent: QWidget | None = None):
        super().__init__(ctx, "E-mail aan de relatie controleren", parent)
        self.concept = concept
        form = QFormLayout()
        self.aan = QLineEdit("; ".join(concept.aan), self)
        form.addRow("Aan:", self.aan)
        self.onderwerp = QLineEdit(concept.onderwerp, self)
        form.addRow("Onderwerp:", self.onderwerp)
        self.tekst = QPlainTextEdit(concept.tekst, self)
        self.tekst.setMinimumHeight(300)
        form.addRow("Tekst:", self.tekst)
        self.body.addLayout(form)
        hint = QLabel(
            "De e-mail gaat via Exchange; is Exchange niet bereikbaar, dan wacht hij in de "
            "wachtrij en wordt hij later verstuurd.",
            self,
        )
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self.resize(640, 560)

    def operation(self) -> Callable[[], MailConcept]:
        adressen = tuple(
            a.strip() for a in self.aan.text().replace(",", ";").split(";") if a.strip()
        )
        bewerkt = MailConcept(
            afspraak_id=self.concept.afspraak_id,
            onderwerp=self.onderwerp.text(),
            tekst=self.tekst.toPlainText(),
            aan=adressen,
            bericht_id=self.concept.bericht_id,
        )

        def verstuur() -> MailConcept:
            afspraken.verstuur_mail(self.ctx, bewerkt)
            return bewerkt

        return verstuur

    @classmethod
    def ask(cls, ctx: ServiceContext, concept: MailConcept, parent: QWidget | None = None) -> Any:
        return cls.run(cls(ctx, concept, parent))
