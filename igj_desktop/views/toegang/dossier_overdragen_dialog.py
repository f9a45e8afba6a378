"""Overdragen: hand a dossier or an activiteit over to another medewerker or groep."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import keuzelijsten as catalogus
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.read_models import WerkvoorraadItem
from igj_desktop.services.toegang import toekenning as toegang
from igj_desktop.services.workflows import acties as workflows
from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog


class OverdragenDialog(ServiceDialog):
    """For a dossier (``dossier_id``) or for one activiteit (``activiteit``)."""

    ok_label = "Overdragen"

    def __init__(
        self,
        ctx: ServiceContext,
        *,
        dossier_id: uuid.UUID | None = None,
        activiteit: WerkvoorraadItem | None = None,
        omschrijving: str = "",
        parent: QWidget | None = None,
    ) -> None:
        titel = "Activiteit overdragen" if activiteit else "Dossier overdragen"
        super().__init__(ctx, titel, parent)
        self.dossier_id = dossier_id
        self.activiteit = activiteit
        if activiteit is not None:
            omschrijving = f"{activiteit.titel} ({activiteit.dossier_kenmerk})"
            uitleg = "De activiteit verhuist naar de werkvoorraad van de nieuwe eigenaar."
        else:
            uitleg = (
                "De nieuwe behandelaar krijgt toegang en neemt uw open activiteiten in dit "
                "dossier over; u houdt leestoegang."
            )
        kop = QLabel(f"<b>{omschrijving}</b><br>{uitleg}" if omschrijving else uitleg, self)
        kop.setWordWrap(True)
        self.body.addWidget(kop)

        form = QFormLayout()
        soort = QHBoxLayout()
        self.aan_medewerker = QRadioButton("Medewerker", self)
        self.aan_groep = QRadioButton("Groep / afdeling", self)
        self.aan_medewerker.setChecked(True)
        groep = QButtonGroup(self)
        groep.addButton(self.aan_medewerker)
        groep.addButton(self.aan_groep)
        groep.buttonToggled.connect(lambda *_: self._fill())
        soort.addWidget(self.aan_medewerker)
        soort.addWidget(self.aan_groep)
        soort.addStretch(1)
        form.addRow("Overdragen aan:", soort)
        self.aan = QComboBox(self)
        form.addRow("", self.aan)
        self.body.addLayout(form)
        self.body.addStretch(1)

        self._medewerkers = [
            (m.id, m.naam)
            for m in catalogus.list_medewerkers(ctx)
            if m.id != ctx.actor.medewerker_id
        ]
        self._groepen = [(g.id, g.naam) for g in catalogus.list_groepen(ctx)]
        self._fill()
        self.resize(520, 240)

    def _fill(self) -> None:
        self.aan.clear()
        for id_, naam in self._medewerkers if self.aan_medewerker.isChecked() else self._groepen:
            self.aan.addItem(naam, id_)

    def choose(self, naam: str) -> None:
        index = self.aan.findText(naam)
        if index < 0:
            raise KeyError(naam)
        self.aan.setCurrentIndex(index)

    def operation(self) -> Callable[[], bool]:
        aan = self.aan.currentData()
        if aan is None:
            raise ValidationFailed("Kies aan wie u overdraagt.")
        naar = (
            {"naar_medewerker_id": aan}
            if self.aan_medewerker.isChecked()
            else {"naar_groep_id": aan}
        )
        activiteit, dossier_id = self.activiteit, self.dossier_id

        def draag_over() -> bool:
            if activiteit is not None:
                workflows.transfer_activiteit(
                    self.ctx, activiteit.activiteit_id, version=activiteit.version, **naar
                )
            else:
                assert dossier_id is not None
                toegang.transfer_dossier(self.ctx, dossier_id, **naar)
            return True

        return draag_over

    @classmethod
    def ask_dossier(
        cls, ctx: ServiceContext, dossier_id: uuid.UUID, omschrijving: str, parent: QWidget | None
    ) -> Any:
        return cls.run(cls(ctx, dossier_id=dossier_id, omschrijving=omschrijving, parent=parent))

    @classmethod
    def ask_activiteit(
        cls, ctx: ServiceContext, activiteit: WerkvoorraadItem, parent: QWidget | None
    ) -> Any:
        return cls.run(cls(ctx, activiteit=activiteit, parent=parent))
