"""Deciding synchronisation conflicts: both values side by side, who changed what and when.

For each conflict the user keeps their own value, keeps the colleague's, or types the value
that should stand. The decision goes to the service ``oplossen`` (``sync.los_op`` bound to
the context) on the thread pool; the dialog closes when nothing is left to decide.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services.base import AMSTERDAM
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.offline.sync import AFGEWEZEN, ConflictInfo
from igj_desktop.views.gemeenschappelijk.tasks import run_task

Oplossen = Callable[[uuid.UUID, str, dict[str, Any] | None], object]

# One column per disputed field, one row per version: long texts get the full width.
RIJEN = ["Oorspronkelijk", "Uw waarde", "Waarde collega", "Nieuwe waarde"]
NIEUW = 3


def _tijd(moment: datetime | None) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M") if moment else "onbekend"


def _waarde(value: object, operatie: str = "", mijn: bool = False) -> str:
    if value is None or value == "":
        return "(verwijderd)" if mijn and operatie in ("delete", AFGEWEZEN) else "(leeg)"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value).replace("_", " ")


def _label(naam: str) -> str:
    return naam.replace("_", " ").capitalize()


class SyncConflictDialog(QDialog):
    """One conflict at a time, chosen from the list on the left."""

    def __init__(
        self, conflicten: list[ConflictInfo], oplossen: Oplossen, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Conflicten bij synchroniseren")
        self.resize(860, 420)
        self.conflicten = list(conflicten)
        self._oplossen = oplossen
        self.opgelost: list[tuple[uuid.UUID, str]] = []

        self.lijst = QListWidget()
        self.lijst.setMaximumWidth(240)
        self.lijst.currentRowChanged.connect(self._toon)
        self.kop = QLabel()
        self.kop.setObjectName("paneelTitel")
        self.uitleg = QLabel()
        self.uitleg.setWordWrap(True)
        self.wie = QLabel()
        self.wie.setWordWrap(True)
        self.tabel = QTableWidget(len(RIJEN), 0)
        self.tabel.setVerticalHeaderLabels(RIJEN)
        kop = self.tabel.horizontalHeader()
        kop.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tabel.setWordWrap(True)
        self.tabel.setTextElideMode(Qt.TextElideMode.ElideNone)
        # wrapped values need their row height recomputed whenever a column width changes
        kop.sectionResized.connect(lambda *_: self.tabel.resizeRowsToContents())
        self.melding = QLabel()
        self.melding.setObjectName("foutmelding")
        self.melding.setWordWrap(True)
        self.mijn_knop = QPushButton("Mijn versie houden")
        self.hun_knop = QPushButton("Versie op de server houden")
        self.bewerkt_knop = QPushButton("Nieuwe waarde opslaan")
        self.mijn_knop.clicked.connect(lambda: self.kies("mijn"))
        self.hun_knop.clicked.connect(lambda: self.kies("hun"))
        self.bewerkt_knop.clicked.connect(lambda: self.kies("bewerkt"))
        self.sluit_knop = QPushButton("Later beslissen")
        self.sluit_knop.clicked.connect(self.reject)

        rechts = QVBoxLayout()
        rechts.addWidget(self.kop)
        rechts.addWidget(self.uitleg)
        rechts.addWidget(self.wie)
        rechts.addWidget(self.tabel, 1)
        rechts.addWidget(self.melding)
        knoppen = QHBoxLayout()
        for knop in (self.mijn_knop, self.hun_knop, self.bewerkt_knop):
            knoppen.addWidget(knop)
        knoppen.addStretch(1)
        knoppen.addWidget(self.sluit_knop)
        rechts.addLayout(knoppen)
        layout = QHBoxLayout(self)
        layout.addWidget(self.lijst)
        layout.addLayout(rechts, 1)
        self._vul_lijst()

    @classmethod
    def ask(
        cls, conflicten: list[ConflictInfo], oplossen: Oplossen, parent: QWidget | None = None
    ) -> list[tuple[uuid.UUID, str]]:
        """Show the dialog modally; returns the decisions taken (tests replace this)."""
        dialog = cls(conflicten, oplossen, parent)
        dialog.exec()
        return dialog.opgelost

    @property
    def huidig(self) -> ConflictInfo | None:
        row = self.lijst.currentRow()
        return self.conflicten[row] if 0 <= row < len(self.conflicten) else None

    def _vul_lijst(self) -> None:
        self.lijst.clear()
        for conflict in self.conflicten:
            waar = conflict.kenmerk or "zonder dossier"
            velden = ", ".join(veld.veld.replace("_", " ") for veld in conflict.velden[:3])
            self.lijst.addItem(f"{waar}: {_label(conflict.tabel)}\n{velden}")
        if self.conflicten:
            self.lijst.setCurrentRow(0)

    def _toon(self, row: int) -> None:
        conflict = self.huidig
        self.melding.clear()
        if conflict is None:
            return
        self.kop.setText(f"{_label(conflict.tabel)} in {conflict.kenmerk or 'onbekend dossier'}")
        self.uitleg.setText(conflict.omschrijving)
        self.wie.setText(
            f"Uw wijziging: {conflict.mijn_naam}, {_tijd(conflict.mijn_gewijzigd_op)} (offline)\n"
            f"Wijziging collega: {conflict.hun_naam}, {_tijd(conflict.hun_gewijzigd_op)}"
        )
        self.tabel.setColumnCount(len(conflict.velden))
        self.tabel.setHorizontalHeaderLabels([_label(veld.veld) for veld in conflict.velden])
        for c, veld in enumerate(conflict.velden):
            versies = [
                _waarde(veld.basis),
                _waarde(veld.mijn, conflict.operatie, mijn=True),
                _waarde(veld.hun),
                "" if veld.mijn is None else str(veld.mijn),
            ]
            for r, tekst in enumerate(versies):
                item = QTableWidgetItem(tekst)
                if r != NIEUW:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.tabel.setItem(r, c, item)
        self.tabel.resizeRowsToContents()
        self._zet_knoppen(True)

    def nieuwe_waarden(self) -> dict[str, Any]:
        conflict = self.huidig
        assert conflict is not None
        return {
            veld.veld: self.tabel.item(NIEUW, c).text() for c, veld in enumerate(conflict.velden)
        }

    def kies(self, keuze: str) -> None:
        """Send the decision for the current conflict to the service, off the UI thread."""
        conflict = self.huidig
        if conflict is None:
            return
        waarden = self.nieuwe_waarden() if keuze == "bewerkt" else None
        self._zet_knoppen(False)
        run_task(
            lambda: self._oplossen(conflict.id, keuze, waarden),
            lambda _r: self._beslist(conflict, keuze),
            self._mislukt,
        )

    def _beslist(self, conflict: ConflictInfo, keuze: str) -> None:
        self.opgelost.append((conflict.id, keuze))
        self.conflicten.remove(conflict)
        self._zet_knoppen(True)
        if not self.conflicten:
            self.accept()
            return
        self._vul_lijst()

    def _mislukt(self, fout: BaseException) -> None:
        self._zet_knoppen(True)
        self.melding.setText(fout.message if isinstance(fout, ServiceError) else str(fout))

    def _zet_knoppen(self, aan: bool) -> None:
        conflict = self.huidig
        afgewezen = conflict is not None and conflict.operatie == AFGEWEZEN
        self.mijn_knop.setVisible(not afgewezen)
        self.bewerkt_knop.setVisible(not afgewezen)
        self.mijn_knop.setEnabled(aan)
        self.hun_knop.setEnabled(aan)
        bewerkbaar = conflict is not None and conflict.operatie == "update"
        self.bewerkt_knop.setEnabled(aan and bewerkbaar)
