"""Post in bulk: one sjabloon, personalised for each chosen betrokkene (seed 000, "In bulk
aanmaken activiteiten"; a vragenlijst to forty zorgaanbieders).

The dialog only collects the choice; the caller runs it with progress (``SyncDialog``), since
forty letters take a while.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QWidget,
)

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten.sjablonen import Sjabloon
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.read_models import BetrokkeneRow
from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog

MAIL = "mail"
BRIEF = "brief"


@dataclass(frozen=True)
class BulkOpdracht:
    kanaal: str  # MAIL or BRIEF
    sjabloon: str
    relatie_ids: tuple[uuid.UUID, ...]
    namen: tuple[str, ...]


class PostBulkDialog(ServiceDialog):
    """Returns a ``BulkOpdracht``; refuses mail to betrokkenen without an e-mailadres."""

    ok_label = "Versturen…"

    def __init__(
        self,
        ctx: ServiceContext,
        betrokkenen: Sequence[BetrokkeneRow],
        sjablonen: Sequence[Sjabloon],
        parent: QWidget | None = None,
        *,
        voorgeselecteerd: Collection[uuid.UUID] = (),
        sjabloon: str | None = None,
    ) -> None:
        super().__init__(ctx, "Post in bulk versturen", parent)
        self.resize(620, 560)
        self._sjablonen = sjablonen
        form = QFormLayout()
        self.body.addLayout(form)

        kanalen = QHBoxLayout()
        self.kanaal = QButtonGroup(self)
        self.mail_keuze = QRadioButton("E-mail", self)
        self.brief_keuze = QRadioButton("Brief (via de postkamer)", self)
        for knop in (self.mail_keuze, self.brief_keuze):
            self.kanaal.addButton(knop)
            kanalen.addWidget(knop)
            knop.toggled.connect(lambda _on: self._kanaal_gewijzigd())
        kanalen.addStretch(1)
        form.addRow("Versturen als:", kanalen)

        self.sjabloon = QComboBox(self)
        form.addRow("Sjabloon:", self.sjabloon)

        self.ontvangers = QListWidget(self)
        self.ontvangers.setMinimumHeight(240)
        # A relatie may be betrokken twice (OTS and stakeholder): one letter each.
        uniek = {b.relatie_id: b for b in reversed(betrokkenen)}
        for b in sorted(uniek.values(), key=lambda b: b.naam.lower()):
            item = QListWidgetItem(self.ontvangers)
            item.setData(Qt.ItemDataRole.UserRole, b)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            gekozen = b.relatie_id in voorgeselecteerd
            item.setCheckState(Qt.CheckState.Checked if gekozen else Qt.CheckState.Unchecked)
        form.addRow("Aan:", self.ontvangers)
        selectie = QHBoxLayout()
        self.alles_knop = QPushButton("Alles selecteren", self)
        self.alles_knop.clicked.connect(lambda: self._vink_alles(Qt.CheckState.Checked))
        self.niets_knop = QPushButton("Niets selecteren", self)
        self.niets_knop.clicked.connect(lambda: self._vink_alles(Qt.CheckState.Unchecked))
        selectie.addWidget(self.alles_knop)
        selectie.addWidget(self.niets_knop)
        selectie.addStretch(1)
        form.addRow("", selectie)

        self.mail_keuze.setChecked(True)
        if sjabloon is not None and self.sjabloon.findData(sjabloon) >= 0:
            self.sjabloon.setCurrentIndex(self.sjabloon.findData(sjabloon))

    def _items(self) -> list[QListWidgetItem]:
        return [self.ontvangers.item(i) for i in range(self.ontvangers.count())]

    def _vink_alles(self, staat: Qt.CheckState) -> None:
        for item in self._items():
            item.setCheckState(staat)

    def _kanaal_gewijzigd(self) -> None:
        mail = self.mail_keuze.isChecked()
        self.sjabloon.clear()
        for sjabloon in self._sjablonen:
            if sjabloon.is_mail == mail:
                self.sjabloon.addItem(sjabloon.titel, sjabloon.naam)
        for item in self._items():
            b: BetrokkeneRow = item.data(Qt.ItemDataRole.UserRole)
            adres = (b.email or "geen e-mailadres") if mail else (b.plaats or "adres onbekend")
            item.setText(f"{b.naam}  ·  {b.rol_label}  ·  {adres}")
        self.show_error("")

    def operation(self) -> Callable[[], BulkOpdracht]:
        gekozen: list[BetrokkeneRow] = [
            i.data(Qt.ItemDataRole.UserRole)
            for i in self._items()
            if i.checkState() == Qt.CheckState.Checked
        ]
        if not gekozen:
            raise ValidationFailed("Vink één of meer betrokkenen aan.")
        if self.sjabloon.currentData() is None:
            raise ValidationFailed("Er is geen sjabloon voor dit soort post in dit dossier.")
        kanaal = MAIL if self.mail_keuze.isChecked() else BRIEF
        zonder = [b.naam for b in gekozen if kanaal == MAIL and not b.email]
        if zonder:
            raise ValidationFailed(
                f"Geen e-mailadres bekend voor: {', '.join(zonder)}. Vul het aan in het "
                "relatieregister of stuur hen een brief."
            )
        opdracht = BulkOpdracht(
            kanaal,
            self.sjabloon.currentData(),
            tuple(b.relatie_id for b in gekozen),
            tuple(b.naam for b in gekozen),
        )
        return lambda: opdracht  # the caller makes the post

    @classmethod
    def ask(
        cls,
        ctx: ServiceContext,
        betrokkenen: Sequence[BetrokkeneRow],
        sjablonen: Sequence[Sjabloon],
        parent: QWidget | None = None,
        *,
        voorgeselecteerd: Collection[uuid.UUID] = (),
        sjabloon: str | None = None,
    ) -> BulkOpdracht | None:
        return cls.run(
            cls(
                ctx,
                betrokkenen,
                sjablonen,
                parent,
                voorgeselecteerd=voorgeselecteerd,
                sjabloon=sjabloon,
            )
        )


def bulk_samenvatting(opdracht: BulkOpdracht, resultaten: Sequence[object]) -> str:
    """What the progress dialog says when the run ends (also after "Stoppen")."""
    totaal, gedaan = len(opdracht.relatie_ids), len(resultaten)
    gestopt = f"Gestopt na {gedaan} van {totaal}. " if gedaan < totaal else ""
    if opdracht.kanaal == BRIEF:
        return (
            f"{gestopt}{gedaan} {'brief' if gedaan == 1 else 'brieven'} gemaakt en in het "
            "dossier bewaard; de postkamer "
            "heeft voor elke brief een verzendverzoek in de werkvoorraad."
        )
    via_exchange = sum(1 for r in resultaten if getattr(r, "verzonden", False))
    klaargezet = gedaan - via_exchange
    delen = [f"{via_exchange} verzonden via Exchange"] if via_exchange else []
    if klaargezet:
        delen.append(
            f"{klaargezet} als .eml klaargezet in de map 'uitgaand' (geopend): verstuur ze "
            "vanuit uw mailprogramma"
        )
    return f"{gestopt}{'; '.join(delen) or 'Niets verstuurd'}. Elke mail is in het dossier bewaard."
