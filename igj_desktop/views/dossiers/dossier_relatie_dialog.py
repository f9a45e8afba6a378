"""Relaties in a dossier: search the register, add with a role, or ask for a new relatie."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QWidget,
)

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import relaties
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.views.dossiers.dossier_relatie_picker import GekozenRelaties, RelatieZoeker
from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog


class RelatieDialog(ServiceDialog):
    """Pick one or more relaties with a role; all are added in one service call."""

    ok_label = "Toevoegen aan dossier"

    def __init__(
        self, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Relatie toevoegen", parent)
        self.dossier_id = dossier_id
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.zoeker = RelatieZoeker(ctx, splitter)
        self.gekozen = GekozenRelaties(splitter)
        self.zoeker.added.connect(self.gekozen.add)
        splitter.setSizes([300, 130])
        self.body.addWidget(splitter, 1)
        self.aanvragen = QPushButton("Nieuwe relatie aanvragen…", self)
        self.aanvragen.setAutoDefault(False)
        self.aanvragen.setToolTip(
            "Staat de organisatie of persoon niet in het register? De beheerder van het "
            "relatieregister krijgt een verzoek om haar toe te voegen."
        )
        self.aanvragen.clicked.connect(self._aanvragen)
        self.buttons.addButton(self.aanvragen, self.buttons.ButtonRole.ResetRole)
        self.zoeker.zoekveld.setFocus()  # the dialog opens to search, not to confirm
        self.resize(720, 580)

    def _aanvragen(self) -> None:
        if RelatieAanvraagDialog.ask(self.ctx, self.dossier_id, self, self.zoeker.zoekveld.text()):
            self.reject()

    def operation(self) -> Callable[[], int]:
        if not self.gekozen.gekozen:
            raise ValidationFailed("Kies eerst een of meer relaties en klik op Toevoegen.")
        per_rol: dict[str, list[uuid.UUID]] = {}
        for keuze in self.gekozen.gekozen:
            per_rol.setdefault(keuze.rol, []).append(keuze.relatie_id)

        def voeg_toe() -> int:
            for rol, relatie_ids in per_rol.items():
                relaties.add_betrokkenen(self.ctx, self.dossier_id, relatie_ids, rol)
            return sum(len(ids) for ids in per_rol.values())

        return voeg_toe

    @classmethod
    def ask(cls, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None) -> Any:
        return cls.run(cls(ctx, dossier_id, parent))


class RelatieAanvraagDialog(ServiceDialog):
    """A request to the register's beheerder; it becomes an activiteit in their werkvoorraad."""

    ok_label = "Aanvraag versturen"

    def __init__(
        self,
        ctx: ServiceContext,
        dossier_id: uuid.UUID,
        parent: QWidget | None = None,
        naam: str = "",
    ) -> None:
        super().__init__(ctx, "Nieuwe relatie aanvragen", parent)
        self.dossier_id = dossier_id
        uitleg = QLabel(
            "De relatie staat nog niet in het register. Vul in wat u weet; de beheerder van "
            "het relatieregister voegt haar toe en u ziet het verzoek terug in het dossier.",
            self,
        )
        uitleg.setWordWrap(True)
        self.body.addWidget(uitleg)
        form = QFormLayout()
        self.naam = QLineEdit(naam, self)
        form.addRow("Naam:", self.naam)
        self.soort = QComboBox(self)
        self.soort.addItem("Organisatie", "organisatie")
        self.soort.addItem("Persoon", "persoon")
        form.addRow("Soort:", self.soort)
        self.kvk = QLineEdit(self)
        self.kvk.setPlaceholderText("8 cijfers, als bekend")
        form.addRow("KvK-nummer:", self.kvk)
        self.big = QLineEdit(self)
        self.big.setPlaceholderText("voor een zorgverlener, als bekend")
        form.addRow("BIG-nummer:", self.big)
        self.agb = QLineEdit(self)
        form.addRow("AGB-code:", self.agb)
        self.plaats = QLineEdit(self)
        form.addRow("Plaats:", self.plaats)
        self.toelichting = QPlainTextEdit(self)
        self.toelichting.setFixedHeight(80)
        form.addRow("Toelichting:", self.toelichting)
        self.body.addLayout(form)
        self.body.addStretch(1)
        self.resize(540, 440)

    def operation(self) -> Callable[[], uuid.UUID]:
        verzoek = self.verzoek()
        return lambda: relaties.request_relatie(self.ctx, self.dossier_id, verzoek)

    def verzoek(self) -> relaties.RelatieVerzoek:
        return relaties.RelatieVerzoek(
            naam=self.naam.text().strip(),
            soort=self.soort.currentData(),
            kvk_nummer=self.kvk.text().strip(),
            big_nummer=self.big.text().strip(),
            agb_code=self.agb.text().strip(),
            plaats=self.plaats.text().strip(),
            toelichting=self.toelichting.toPlainText().strip(),
        )

    @classmethod
    def ask(
        cls,
        ctx: ServiceContext,
        dossier_id: uuid.UUID,
        parent: QWidget | None = None,
        naam: str = "",
    ) -> Any:
        return cls.run(cls(ctx, dossier_id, parent, naam))
