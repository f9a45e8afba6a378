"""Subdossiers: one at a time, or in bulk (one per selected OTS, optionally with a workflow)."""

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
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from igj_desktop.models import BetrokkeneRol
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import keuzelijsten as catalogus
from igj_desktop.views.gemeenschappelijk.leestabel import data_index
from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog


def _dossiertype_combo(
    ctx: ServiceContext, parent: QWidget, selected: uuid.UUID | None
) -> QComboBox:
    combo = QComboBox(parent)
    for dossiertype in catalogus.list_dossiertypes(ctx):
        combo.addItem(dossiertype.naam, dossiertype.id)
    combo.setCurrentIndex(max(0, data_index(combo, selected)))  # the hoofddossier's type
    return combo


class SubdossierDialog(ServiceDialog):
    ok_label = "Subdossier aanmaken"

    def __init__(
        self, ctx: ServiceContext, parent_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Nieuw subdossier", parent)
        self.parent_id = parent_id
        hoofd = dossiers.get_dossier_detail(ctx, parent_id)
        intro = QLabel(
            f"Subdossier onder <b>{hoofd.kenmerk}</b> — {hoofd.titel}. De behandelaars en "
            "toegang van het hoofddossier worden overgenomen.",
            self,
        )
        intro.setWordWrap(True)
        self.body.addWidget(intro)
        form = QFormLayout()
        self.dossiertype = _dossiertype_combo(ctx, self, hoofd.dossiertype_id)
        form.addRow("Dossiertype:", self.dossiertype)
        self.aanleiding = QComboBox(self)
        for aanleiding in catalogus.AANLEIDINGEN:
            self.aanleiding.addItem(aanleiding, aanleiding)
        self.aanleiding.setCurrentIndex(max(0, self.aanleiding.findData(hoofd.aanleiding)))
        form.addRow("Aanleiding:", self.aanleiding)
        self.titel = QLineEdit(self)
        self.titel.setMaxLength(300)
        form.addRow("Titel:", self.titel)
        self.omschrijving = QPlainTextEdit(self)
        self.omschrijving.setFixedHeight(90)
        form.addRow("Omschrijving:", self.omschrijving)
        self.ots = QComboBox(self)
        self.ots.addItem("— geen —", None)
        for betrokkene in hoofd.betrokkenen:
            if betrokkene.rol == BetrokkeneRol.OTS:
                self.ots.addItem(betrokkene.naam, betrokkene.relatie_id)
        form.addRow("Onder toezicht staande:", self.ots)
        self.body.addLayout(form)
        self.body.addStretch(1)
        self.resize(560, 380)

    def operation(self) -> Callable[[], uuid.UUID]:
        ots = self.ots.currentData()
        dossiertype, titel = self.dossiertype.currentData(), self.titel.text().strip()
        aanleiding = self.aanleiding.currentData()
        omschrijving = self.omschrijving.toPlainText().strip()
        return lambda: (
            dossiers.create_subdossier(
                self.ctx,
                self.parent_id,
                dossiertype,
                titel,
                aanleiding,
                omschrijving,
                betrokkenen=[(ots, BetrokkeneRol.OTS)] if ots is not None else [],
            ).id
        )

    @classmethod
    def ask(cls, ctx: ServiceContext, parent_id: uuid.UUID, parent: QWidget | None = None) -> Any:
        return cls.run(cls(ctx, parent_id, parent))


class BulkSubdossierDialog(ServiceDialog):
    ok_label = "Subdossiers aanmaken"

    def __init__(
        self, ctx: ServiceContext, parent_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Subdossiers in bulk aanmaken", parent)
        self.parent_id = parent_id
        hoofd = dossiers.get_dossier_detail(ctx, parent_id)
        intro = QLabel(
            f"Eén subdossier per gekozen onder toezicht staande onder <b>{hoofd.kenmerk}</b>. "
            "Met een workflow start in elk subdossier meteen de eerste activiteit.",
            self,
        )
        intro.setWordWrap(True)
        self.body.addWidget(intro)
        form = QFormLayout()
        self._workflows = {t.id: t.workflows for t in catalogus.list_dossiertypes(ctx)}
        self.dossiertype = _dossiertype_combo(ctx, self, hoofd.dossiertype_id)
        self.dossiertype.currentIndexChanged.connect(self._fill_workflows)
        form.addRow("Dossiertype:", self.dossiertype)
        self.workflow = QComboBox(self)
        form.addRow("Workflow starten:", self.workflow)
        self.ots = QListWidget(self)
        for betrokkene in hoofd.betrokkenen:
            if betrokkene.rol == BetrokkeneRol.OTS:
                item = QListWidgetItem(betrokkene.naam, self.ots)
                item.setData(Qt.ItemDataRole.UserRole, betrokkene.relatie_id)
                item.setCheckState(Qt.CheckState.Checked)
        if self.ots.count() == 0:
            self.show_error(
                "Dit dossier heeft nog geen onder toezicht staanden. Voeg ze eerst toe "
                "op het tabblad Betrokkenen."
            )
        form.addRow("Onder toezicht staanden:", self.ots)
        self.body.addLayout(form)
        self._fill_workflows()
        self.resize(560, 440)

    def _fill_workflows(self) -> None:
        self.workflow.clear()
        self.workflow.addItem("— geen workflow —", None)
        for code in self._workflows.get(self.dossiertype.currentData(), ()):
            self.workflow.addItem(code.replace("_", " ").capitalize(), code)

    def gekozen_ots(self) -> list[uuid.UUID]:
        return [
            self.ots.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.ots.count())
            if self.ots.item(i).checkState() == Qt.CheckState.Checked
        ]

    def operation(self) -> Callable[[], list[uuid.UUID]]:
        dossiertype, ots = self.dossiertype.currentData(), self.gekozen_ots()
        workflow_code = self.workflow.currentData()
        return lambda: [
            node.id
            for node in dossiers.create_subdossiers_bulk(
                self.ctx, self.parent_id, dossiertype, ots, workflow_code=workflow_code
            )
        ]

    @classmethod
    def ask(cls, ctx: ServiceContext, parent_id: uuid.UUID, parent: QWidget | None = None) -> Any:
        return cls.run(cls(ctx, parent_id, parent))
