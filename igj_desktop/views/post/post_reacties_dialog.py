"""Who reacted to a uitzending (a vragenlijst to forty zorgaanbieders), and a rappel to the rest."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.post import reacties as post_reacties
from igj_desktop.services.post.reacties import Reactie, Uitzending
from igj_desktop.services.storing import melding
from igj_desktop.views.gemeenschappelijk.leestabel import richt_in
from igj_desktop.views.gemeenschappelijk.tasks import run_task

COLUMNS = ("Relatie", "Verzonden", "Reactie ontvangen", "Onderwerp reactie")


def _datum(moment: datetime | None) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y") if moment else ""


class PostReactiesDialog(QDialog):
    """``rappel`` carries the relatie ids that have not reacted yet."""

    rappel = Signal(list)

    def __init__(
        self,
        ctx: ServiceContext,
        dossier_id: uuid.UUID,
        uitzendingen: Sequence[Uitzending],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id = dossier_id
        self.rijen: list[Reactie] = []
        self._loading = False
        self.setWindowTitle("Reacties per relatie")
        self.resize(760, 460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.uitzending = QComboBox(self)
        for u in uitzendingen:
            self.uitzending.addItem(f"{u.titel} ({u.ontvangers} ontvangers)", u.sjabloon)
        self.uitzending.currentIndexChanged.connect(lambda _i: self.laad())
        form.addRow("Uitzending:", self.uitzending)
        layout.addLayout(form)
        self.tabel = richt_in(QTableWidget(self), COLUMNS, rekken=3)
        layout.addWidget(self.tabel, 1)
        self.samenvatting = QLabel(self)
        self.samenvatting.setWordWrap(True)
        layout.addWidget(self.samenvatting)
        knoppen = QDialogButtonBox(self)
        self.rappel_knop = QPushButton("Rappel sturen aan wie nog niet reageerde…", self)
        self.rappel_knop.clicked.connect(self._rappel)
        knoppen.addButton(self.rappel_knop, QDialogButtonBox.ButtonRole.ActionRole)
        sluiten = knoppen.addButton(QDialogButtonBox.StandardButton.Close)
        sluiten.setText("Sluiten")
        knoppen.rejected.connect(self.reject)
        layout.addWidget(knoppen)
        self.laad()

    def is_loading(self) -> bool:
        return self._loading

    def laad(self) -> None:
        sjabloon = self.uitzending.currentData()
        if sjabloon is None:
            return
        self._loading = True
        ctx, dossier_id = self.ctx, self.dossier_id
        run_task(lambda: post_reacties.reacties(ctx, dossier_id, sjabloon), self._toon, self._fout)

    def _toon(self, rijen: list[Reactie]) -> None:
        self.rijen = rijen
        self.tabel.setRowCount(len(rijen))
        for r, rij in enumerate(rijen):
            waarden = (
                rij.naam,
                f"{_datum(rij.verzonden_op)} ({rij.kanaal})",
                _datum(rij.reactie_op) if rij.gereageerd else "nog niet",
                rij.reactie_onderwerp,
            )
            for c, waarde in enumerate(waarden):
                item = QTableWidgetItem(waarde)
                item.setData(Qt.ItemDataRole.UserRole, rij.relatie_id)
                self.tabel.setItem(r, c, item)
        open_ = sum(1 for rij in rijen if not rij.gereageerd)
        self.samenvatting.setText(
            f"{len(rijen) - open_} van {len(rijen)} relaties hebben gereageerd; {open_} nog niet."
        )
        self.rappel_knop.setEnabled(open_ > 0)
        self._loading = False

    def _fout(self, error: BaseException) -> None:
        tekst = melding(error)
        self.samenvatting.setText(tekst)
        self._loading = False

    def _rappel(self) -> None:
        self.rappel.emit([rij.relatie_id for rij in self.rijen if not rij.gereageerd])
        self.accept()
