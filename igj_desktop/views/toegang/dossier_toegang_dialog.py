"""Toegang: give a medewerker or a groep access (behandelaar or lezer), revoke it, afschermen."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import keuzelijsten as catalogus
from igj_desktop.services.read_models import DossierDetail, ToegangRow
from igj_desktop.services.toegang import toekenning as toegang
from igj_desktop.views.gemeenschappelijk.leestabel import richt_in
from igj_desktop.views.gemeenschappelijk.operations import ServiceOp
from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog

ROLLEN = (("behandelaar", "Behandelaar"), ("lezer", "Lezer (alleen raadplegen)"))
ROL_LABELS = dict(ROLLEN)
SOORT_LABELS = {"medewerker": "Medewerker", "groep": "Groep / afdeling"}


class ToegangDialog(ServiceDialog):
    """Each button is its own service call; the list shows the result at once."""

    ok_label = "Sluiten"

    def __init__(
        self, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Toegang tot het dossier", parent)
        self.dossier_id = dossier_id
        self.cancel_button.setVisible(False)
        self.kop = QLabel(self)
        self.kop.setWordWrap(True)
        self.body.addWidget(self.kop)

        self.tabel = QTableWidget(0, 3, self)
        richt_in(self.tabel, ["Wie", "Soort", "Rol"], rekken=0, enkel=True)
        self.tabel.itemSelectionChanged.connect(self._update)
        self.body.addWidget(self.tabel, 1)
        rij = QHBoxLayout()
        rij.addStretch(1)
        self.intrekken = QPushButton("Toegang intrekken", self)
        self.intrekken.setAutoDefault(False)
        self.intrekken.clicked.connect(self._revoke)
        rij.addWidget(self.intrekken)
        self.body.addLayout(rij)

        form = QFormLayout()
        soort = QHBoxLayout()
        self.soort_medewerker = QRadioButton("Medewerker", self)
        self.soort_groep = QRadioButton("Groep / afdeling", self)
        self.soort_medewerker.setChecked(True)
        self._soort = QButtonGroup(self)
        self._soort.addButton(self.soort_medewerker)
        self._soort.addButton(self.soort_groep)
        self._soort.buttonToggled.connect(lambda *_: self._fill_wie())
        soort.addWidget(self.soort_medewerker)
        soort.addWidget(self.soort_groep)
        soort.addStretch(1)
        form.addRow("Toegang geven aan:", soort)
        self.wie = QComboBox(self)
        form.addRow("", self.wie)
        self.rol = QComboBox(self)
        for code, label in ROLLEN:
            self.rol.addItem(label, code)
        form.addRow("Rol:", self.rol)
        self.toevoegen = QPushButton("Toegang geven", self)
        self.toevoegen.setAutoDefault(False)
        self.toevoegen.clicked.connect(self._grant)
        form.addRow("", self.toevoegen)
        self.body.addLayout(form)

        self.met_subdossiers = QCheckBox(
            "Geven en intrekken geldt ook in de open subdossiers", self
        )
        self.body.addWidget(self.met_subdossiers)

        self.afgeschermd = QCheckBox(
            "Afgeschermd: alleen de behandelaars die hierboven persoonlijk staan, zien dit dossier",
            self,
        )
        self.afgeschermd.clicked.connect(self._afschermen)
        self.body.addWidget(self.afgeschermd)

        self._medewerkers = [(m.id, m.naam) for m in catalogus.list_medewerkers(ctx)]
        self._groepen = [(g.id, g.naam) for g in catalogus.list_groepen(ctx)]
        self._rows: list[ToegangRow] = []
        self.detail: DossierDetail
        self._fill_wie()
        self.reload()
        self.resize(620, 520)

    def reload(self) -> None:
        self.detail = dossiers.get_dossier_detail(self.ctx, self.dossier_id)
        self.kop.setText(f"Wie <b>{self.detail.kenmerk}</b> mag zien en bewerken.")
        self._rows = list(self.detail.toegang)
        self.tabel.setRowCount(len(self._rows))
        for row, regel in enumerate(self._rows):
            for column, text in enumerate(
                (regel.naam, SOORT_LABELS[regel.soort], ROL_LABELS.get(regel.rol, regel.rol))
            ):
                self.tabel.setItem(row, column, QTableWidgetItem(text))
        self.afgeschermd.setChecked(self.detail.afgeschermd)
        self.met_subdossiers.setVisible(bool(self.detail.subdossiers))
        for widget in (self.toevoegen, self.afgeschermd, self.met_subdossiers, self.wie, self.rol):
            widget.setEnabled(self.detail.mag_wijzigen)
        self._update()

    def selected(self) -> ToegangRow | None:
        rows = self.tabel.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows else None

    def select(self, naam: str) -> None:
        for row, regel in enumerate(self._rows):
            if regel.naam == naam:
                self.tabel.selectRow(row)
                return
        raise KeyError(naam)

    def _fill_wie(self) -> None:
        self.wie.clear()
        for id_, naam in self._medewerkers if self.soort_medewerker.isChecked() else self._groepen:
            self.wie.addItem(naam, id_)

    def _update(self) -> None:
        self.intrekken.setEnabled(self.detail.mag_wijzigen and self.selected() is not None)

    def _call(self, action: Callable[[], object]) -> None:
        """Run one change in the background; afterwards the list shows what is stored."""
        self.show_error("")
        ServiceOp(self, action).blocking(
            self.toevoegen, self.intrekken, self.afgeschermd, self.ok_button
        ).failure(self.show_error).conflict(self.reload).finished(self.reload).run()

    def _grant(self) -> None:
        wie = self.wie.currentData()
        medewerker = self.soort_medewerker.isChecked()
        rol = self.rol.currentData()
        met_subdossiers = self.met_subdossiers.isChecked()
        self._call(
            lambda: toegang.grant_toegang(
                self.ctx,
                self.dossier_id,
                medewerker_id=wie if medewerker else None,
                groep_id=None if medewerker else wie,
                rol=rol,
                met_subdossiers=met_subdossiers,
            )
        )

    def _revoke(self) -> None:
        regel = self.selected()
        if regel is None:
            return
        met_subdossiers = self.met_subdossiers.isChecked()
        self._call(
            lambda: toegang.revoke_toegang(
                self.ctx, self.dossier_id, regel.id, met_subdossiers=met_subdossiers
            )
        )

    def _afschermen(self, checked: bool) -> None:
        version = self.detail.version
        self._call(lambda: toegang.set_afgeschermd(self.ctx, self.dossier_id, checked, version))

    def operation(self) -> Callable[[], bool]:
        return lambda: True  # every change was stored when it was made

    @classmethod
    def ask(cls, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None) -> Any:
        return cls.run(cls(ctx, dossier_id, parent))
