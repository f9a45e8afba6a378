"""Afsluiten: a reason is required; open work is shown; the bewaartermijn is announced.

Open subdossiers block closing. Everything else still open is listed (workflows,
activiteiten, afspraken to come, concept documents, unassessed post); the user must confirm
that the workflows and activiteiten end and the afspraken are cancelled with the dossier.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import afsluiten
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import keuzelijsten as catalogus
from igj_desktop.taal import aantal
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog

ANDERS = "Anders, namelijk…"


class AfsluitenDialog(ServiceDialog):
    ok_label = "Dossier afsluiten"

    def __init__(
        self, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Dossier afsluiten", parent)
        self.dossier_id = dossier_id
        self.detail = dossiers.get_dossier_detail(ctx, dossier_id)
        self.open_items = afsluiten.check_afsluiten(ctx, dossier_id)
        soort = "subdossier" if self.detail.parent is not None else "dossier"
        kop = QLabel(
            f"U sluit {soort} <b>{self.detail.kenmerk}</b> — {self.detail.titel}. Daarna is het "
            "alleen nog raadpleegbaar; nagekomen documenten kunnen nog worden toegevoegd.",
            self,
        )
        kop.setWordWrap(True)
        self.body.addWidget(kop)

        self.waarschuwing = QLabel(self)
        self.waarschuwing.setObjectName("waarschuwing")
        self.waarschuwing.setWordWrap(True)
        self.body.addWidget(self.waarschuwing)
        self.bevestigen = QCheckBox(self)
        self.body.addWidget(self.bevestigen)
        self._toon_open_items()

        form = QFormLayout()
        self.reden = QComboBox(self)
        self.reden.addItem("— kies een reden —", None)
        for reden in (*catalogus.REDENEN_AFSLUITING, ANDERS):
            self.reden.addItem(reden, reden)
        form.addRow("Reden van afsluiten:", self.reden)
        self.toelichting = QPlainTextEdit(self)
        self.toelichting.setPlaceholderText("Toelichting (verplicht bij 'Anders')")
        self.toelichting.setFixedHeight(80)
        form.addRow("Toelichting:", self.toelichting)
        jaren = next(
            t.bewaartermijn_jaren
            for t in catalogus.list_dossiertypes(ctx)
            if t.id == self.detail.dossiertype_id
        )
        self.bewaartermijn = QLabel(
            f"{jaren} jaar na afsluiting, volgens dossiertype {self.detail.dossiertype}. "
            "De datum wordt bij het afsluiten vastgelegd.",
            self,
        )
        self.bewaartermijn.setWordWrap(True)
        form.addRow("Bewaartermijn:", self.bewaartermijn)
        self.body.addLayout(form)
        self.body.addStretch(1)

        if self.open_items.subdossiers:
            self.show_error(
                "Dit dossier kan pas worden afgesloten als alle subdossiers gesloten zijn."
            )
        for signal in (
            self.reden.currentIndexChanged,
            self.toelichting.textChanged,
            self.bevestigen.toggled,
        ):
            signal.connect(self._update)
        self._update()
        self.resize(620, 460)

    def reden_tekst(self) -> str:
        reden = self.reden.currentData() or ""
        toelichting = " ".join(self.toelichting.toPlainText().split())
        if reden == ANDERS:
            return toelichting
        return f"{reden}: {toelichting}" if reden and toelichting else reden

    def _update(self) -> None:
        self.ok_button.setEnabled(
            not self.open_items.subdossiers
            and bool(self.reden_tekst())
            and (self.bevestigen.isChecked() or not self.open_items.te_beeindigen)
        )

    def _toon_open_items(self) -> None:
        regels = self.open_items.regels()
        self.waarschuwing.setText(
            "Nog open:\n" + "\n".join(f"• {regel}" for regel in regels) if regels else ""
        )
        self.waarschuwing.setAccessibleName(self.waarschuwing.text())
        self.waarschuwing.setVisible(bool(regels))
        self.bevestigen.setVisible(self.open_items.te_beeindigen)
        items = self.open_items
        wat = [
            tekst
            for aanwezig, tekst in (
                (items.workflows, "beëindig de open workflows"),
                (items.activiteiten, "annuleer de open activiteiten"),
                (items.afspraken, "zeg de afspraken af"),
            )
            if aanwezig
        ]
        zin = ", ".join(wat[:-1]) + (" en " if len(wat) > 1 else "") + (wat[-1] if wat else "")
        self.bevestigen.setText(f"{zin[:1].upper()}{zin[1:]}, samen met het dossier")

    def operation(self) -> Callable[[], afsluiten.Afsluitresultaat]:
        reden, version = self.reden_tekst(), self.detail.version
        # What is listed was seen: confirmed by the tick, or nothing in it ends.
        bevestigd = self.bevestigen.isChecked() or not self.open_items.te_beeindigen
        return lambda: afsluiten.close_dossier(
            self.ctx, self.dossier_id, reden, version, open_items_bevestigd=bevestigd
        )

    def succeeded(self, resultaat: afsluiten.Afsluitresultaat) -> None:
        if not resultaat.gesloten:
            # Open work appeared after the dialog opened: show it and let the user confirm.
            self.open_items = resultaat.open_items
            self.bevestigen.setChecked(False)
            self._toon_open_items()
            self._update()
            self.show_error(
                "Er staat nog werk open in dit dossier; bevestig dat het mag worden beëindigd."
            )
            return
        afgezegd = len(resultaat.open_items.afspraken)
        dialogs.notice(
            self.parentWidget(),  # the window behind: the dialog itself closes now
            "Dossier gesloten",
            f"{self.detail.kenmerk} is gesloten. {resultaat.bewaartermijn_toelichting}"
            + (
                f"\n\n{aantal(afgezegd, 'afspraak', 'afspraken')} afgezegd; de afzegging gaat "
                "via Exchange naar de agenda's van de deelnemers."
                if afgezegd
                else ""
            ),
        )
        super().succeeded(resultaat)

    @classmethod
    def ask(cls, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None) -> Any:
        return cls.run(cls(ctx, dossier_id, parent))


class HeropenenDialog(ServiceDialog):
    """Reopen a closed (sub)dossier; the service allows it to a beheerder or an MT'er."""

    ok_label = "Dossier heropenen"

    def __init__(
        self, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Dossier heropenen", parent)
        self.dossier_id = dossier_id
        detail = dossiers.get_dossier_detail(ctx, dossier_id)
        kop = QLabel(
            f"<b>{detail.kenmerk}</b> — {detail.titel} is gesloten: {detail.reden_afsluiting}. "
            "Heropenen maakt het weer bewerkbaar en wist de bewaartermijn.",
            self,
        )
        kop.setWordWrap(True)
        self.body.addWidget(kop)
        form = QFormLayout()
        self.reden = QPlainTextEdit(self)
        self.reden.setPlaceholderText("Waarom moet het dossier weer open?")
        self.reden.setFixedHeight(80)
        form.addRow("Reden:", self.reden)
        self.body.addLayout(form)
        self.body.addStretch(1)
        self.resize(520, 260)

    def operation(self) -> Callable[[], bool]:
        reden = self.reden.toPlainText()

        def heropen() -> bool:
            afsluiten.reopen_dossier(self.ctx, self.dossier_id, reden)
            return True

        return heropen

    @classmethod
    def ask(cls, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None) -> Any:
        return cls.run(cls(ctx, dossier_id, parent))
