"""Telefoonnotitie: a phone conversation recorded with its predefined fields."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import telefoonnotities
from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog


class TelefoonnotitieDialog(ServiceDialog):
    ok_label = "Vastleggen"

    def __init__(
        self, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Telefoonnotitie vastleggen", parent)
        self.dossier_id = dossier_id
        detail = dossiers.get_dossier_detail(ctx, dossier_id)
        form = QFormLayout()
        self.gesprek_op = QDateTimeEdit(QDateTime.currentDateTime(), self)
        self.gesprek_op.setDisplayFormat("dd-MM-yyyy HH:mm")
        self.gesprek_op.setCalendarPopup(True)
        form.addRow("Gesprek op:", self.gesprek_op)
        self.richting = QComboBox(self)
        self.richting.addItem("Inkomend (wij werden gebeld)", "inkomend")
        self.richting.addItem("Uitgaand (wij belden)", "uitgaand")
        form.addRow("Richting:", self.richting)
        self.relatie = QComboBox(self)
        self.relatie.addItem("— geen / onbekend —", None)
        for betrokkene in detail.betrokkenen:
            self.relatie.addItem(
                f"{betrokkene.naam} ({betrokkene.rol_label})", betrokkene.relatie_id
            )
        form.addRow("Namens relatie:", self.relatie)
        self.gesprekspartner = QLineEdit(self)
        self.gesprekspartner.setPlaceholderText("Naam en functie")
        form.addRow("Gesprekspartner:", self.gesprekspartner)
        self.telefoonnummer = QLineEdit(self)
        form.addRow("Telefoonnummer:", self.telefoonnummer)
        self.onderwerp = QLineEdit(self)
        self.onderwerp.setMaxLength(300)
        form.addRow("Onderwerp:", self.onderwerp)
        self.samenvatting = QPlainTextEdit(self)
        self.samenvatting.setFixedHeight(100)
        form.addRow("Samenvatting:", self.samenvatting)
        self.actiepunten = QPlainTextEdit(self)
        self.actiepunten.setFixedHeight(60)
        form.addRow("Actiepunten:", self.actiepunten)
        self.terugbellen = QCheckBox("Terugbellen gevraagd", self)
        form.addRow("", self.terugbellen)
        self.body.addLayout(form)
        self.body.addStretch(1)
        self.resize(560, 520)

    def operation(self) -> Callable[[], uuid.UUID]:
        gesprek_op = self.gesprek_op.dateTime().toPython().replace(tzinfo=AMSTERDAM)
        notitie = telefoonnotities.NieuweTelefoonnotitie(
            onderwerp=self.onderwerp.text(),
            samenvatting=self.samenvatting.toPlainText(),
            gesprekspartner=self.gesprekspartner.text(),
            telefoonnummer=self.telefoonnummer.text(),
            richting=self.richting.currentData(),
            relatie_id=self.relatie.currentData(),
            gesprek_op=gesprek_op,
            actiepunten=self.actiepunten.toPlainText(),
            terugbellen=self.terugbellen.isChecked(),
        )
        return lambda: telefoonnotities.record_telefoonnotitie(self.ctx, self.dossier_id, notitie)

    @classmethod
    def ask(cls, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None) -> Any:
        return cls.run(cls(ctx, dossier_id, parent))
