"""The registration dialog for inkomende post, prefilled from the mail or the file."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from igj_desktop.integrations.mail_import import ParsedFile, ParsedMail
from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.documenten.review import Reviewer
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.post.inkomend import (
    SOORTEN,
    DossierKeuze,
    Registratie,
    RelatieKeuze,
    herken_afzender,
)
from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog


class PostRegistratieDialog(ServiceDialog):
    """Collects a ``Registratie``; the caller registers it off the UI thread."""

    ok_label = "Registreren"

    def __init__(
        self,
        ctx: ServiceContext,
        parsed: ParsedMail | ParsedFile,
        dossiers: Sequence[DossierKeuze],
        gekozen: uuid.UUID,
        beoordelaars: Sequence[Reviewer],
        parent: QWidget | None = None,
        *,
        relaties: Sequence[RelatieKeuze] = (),
        volgorde: tuple[int, int] = (1, 1),
    ) -> None:
        nummer, van = volgorde  # several dropped at once: "2 van 3", so the user knows
        titel = "Inkomende post registreren"
        super().__init__(ctx, f"{titel} ({nummer} van {van})" if van > 1 else titel, parent)
        self.resize(620, 660)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.body.addLayout(form)
        self.onderwerp = QLineEdit(self)
        self.onderwerp.setMaxLength(500)
        if isinstance(parsed, ParsedMail):
            self.onderwerp.setText(parsed.onderwerp)
            ontvangen = parsed.ontvangen
            for label, value in (
                ("Afzender", parsed.afzender),
                ("Aan", parsed.aan),
            ):
                form.addRow(f"{label}:", self._readonly(value))
            form.addRow("Onderwerp:", self.onderwerp)
            # What the mail says, so the user registers it knowingly without opening Outlook.
            self.voorbeeld = QPlainTextEdit(parsed.tekst.strip() or "(geen tekst)", self)
            self.voorbeeld.setReadOnly(True)
            self.voorbeeld.setTabChangesFocus(True)
            self.voorbeeld.setMaximumHeight(120)
            self.voorbeeld.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.voorbeeld.setAccessibleName("Tekst van de mail")
            form.addRow("Tekst:", self.voorbeeld)
            if parsed.soort == "afspraak":
                form.addRow("", QLabel("Dit is een Outlook-afspraak, geen mail.", self))
            for waarschuwing in parsed.waarschuwingen:  # told before it is registered, too
                label = QLabel(waarschuwing, self)
                label.setObjectName("foutmelding")
                label.setWordWrap(True)
                form.addRow("", label)
        else:
            self.onderwerp.setText(parsed.naam.rsplit(".", 1)[0])
            ontvangen = parsed.datum
            form.addRow("Bestand:", self._readonly(parsed.naam))
            form.addRow("Onderwerp:", self.onderwerp)
        datum = ontvangen.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M") if ontvangen else None
        form.addRow("Ontvangen:", self._readonly(datum or "onbekend"))
        if isinstance(parsed, ParsedMail) and parsed.bijlagen:
            namen = ", ".join(b.naam for b in parsed.bijlagen if b.data)
            bijlagen = QLabel(namen, self)
            bijlagen.setWordWrap(True)
            form.addRow("Bijlagen:", bijlagen)

        self.soort = QComboBox(self)
        self.soort.addItems(list(SOORTEN))
        form.addRow("Soort:", self.soort)

        # Which betrokkene sent it: recognised from the address, so reacties are counted.
        self.relatie = QComboBox(self)
        self.relatie.addItem("(geen betrokkene van dit dossier)", None)
        for keuze in relaties:
            self.relatie.addItem(keuze.naam, keuze.id)
        afzender = parsed.afzender if isinstance(parsed, ParsedMail) else ""
        herkend = herken_afzender(relaties, afzender)
        if herkend is not None:
            self.relatie.setCurrentIndex(self.relatie.findData(herkend))
        form.addRow("Van betrokkene:", self.relatie)

        self.dossiers = QListWidget(self)
        self.dossiers.setMinimumHeight(90)
        self.dossiers.setMaximumHeight(160)
        for keuze in dossiers:
            item = QListWidgetItem(f"{keuze.kenmerk}  {keuze.titel}", self.dossiers)
            item.setData(Qt.ItemDataRole.UserRole, keuze.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if keuze.id == gekozen else Qt.CheckState.Unchecked
            )
        form.addRow("Dossiers:", self.dossiers)

        self.beoordelen = QCheckBox("Laten beoordelen door", self)
        self.beoordelaar = QComboBox(self)
        for reviewer in beoordelaars:
            self.beoordelaar.addItem(reviewer.naam, reviewer)
        self.termijn = QDateEdit(self)
        self.termijn.setCalendarPopup(True)
        self.termijn.setDisplayFormat("dd-MM-yyyy")
        vandaag = ctx.today()
        self.termijn.setDate(QDate(vandaag.year, vandaag.month, vandaag.day).addDays(5))
        self.beoordelaar.setEnabled(False)
        self.termijn.setEnabled(False)
        self.beoordelen.toggled.connect(self.beoordelaar.setEnabled)
        self.beoordelen.toggled.connect(self.termijn.setEnabled)
        form.addRow(self.beoordelen, self.beoordelaar)
        form.addRow("Beoordelen vóór:", self.termijn)

    def _readonly(self, text: str) -> QLineEdit:
        field = QLineEdit(text, self)
        field.setReadOnly(True)
        field.setCursorPosition(0)
        return field

    def gekozen_dossiers(self) -> list[uuid.UUID]:
        items = (self.dossiers.item(i) for i in range(self.dossiers.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def operation(self) -> Callable[[], Registratie]:
        dossier_ids = self.gekozen_dossiers()
        if not dossier_ids:
            raise ValidationFailed("Kies ten minste één dossier om de post in te registreren.")
        reviewer: Reviewer | None = (
            self.beoordelaar.currentData() if self.beoordelen.isChecked() else None
        )
        if self.beoordelen.isChecked() and reviewer is None:
            raise ValidationFailed("Kies wie de post moet beoordelen.")
        registratie = Registratie(
            dossier_ids=dossier_ids,
            soort=self.soort.currentText(),
            onderwerp=self.onderwerp.text().strip() or None,
            beoordelaar_medewerker_id=reviewer.medewerker_id if reviewer else None,
            beoordelaar_groep_id=reviewer.groep_id if reviewer else None,
            beoordeling_termijn=self.termijn.date().toPython() if reviewer else None,
            relatie_id=self.relatie.currentData(),
        )
        return lambda: registratie  # the caller registers it

    @classmethod
    def ask(
        cls,
        ctx: ServiceContext,
        parsed: ParsedMail | ParsedFile,
        dossiers: Sequence[DossierKeuze],
        gekozen: uuid.UUID,
        beoordelaars: Sequence[Reviewer],
        parent: QWidget | None = None,
        *,
        relaties: Sequence[RelatieKeuze] = (),
        volgorde: tuple[int, int] = (1, 1),
    ) -> Registratie | None:
        return cls.run(
            cls(
                ctx, parsed, dossiers, gekozen, beoordelaars, parent,
                relaties=relaties, volgorde=volgorde,
            )
        )  # fmt: skip
