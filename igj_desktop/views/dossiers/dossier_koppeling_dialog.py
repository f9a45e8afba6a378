"""Koppelen: relate another dossier in this system, or a dossier in WPM/BRS/signaal apps by URL."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import keuzelijsten as catalogus
from igj_desktop.services.dossiers import koppelingen, zoeken
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.read_models import KoppelingRow
from igj_desktop.services.storing import melding
from igj_desktop.taal import aantal
from igj_desktop.views.gemeenschappelijk.leestabel import richt_in
from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog
from igj_desktop.views.gemeenschappelijk.tasks import TaskHandle, run_task
from igj_desktop.views.gemeenschappelijk.zoekveld import ZoekVeld

KENMERK_DEEL = re.compile(r"\d[\d-]*")


class KoppelingDialog(ServiceDialog):
    ok_label = "Koppelen"

    def __init__(
        self, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Gerelateerd dossier koppelen", parent)
        self.dossier_id = dossier_id
        self._task: TaskHandle | None = None
        self._results: list[Any] = []

        soort = QHBoxLayout()
        self.intern = QRadioButton("Dossier in IGJ Desktop", self)
        self.extern = QRadioButton("Dossier in een andere applicatie (hyperlink)", self)
        self.intern.setChecked(True)
        groep = QButtonGroup(self)
        groep.addButton(self.intern)
        groep.addButton(self.extern)
        soort.addWidget(self.intern)
        soort.addWidget(self.extern)
        soort.addStretch(1)
        self.body.addLayout(soort)

        self.pages = QStackedWidget(self)
        intern_page = QWidget(self.pages)
        intern_layout = QVBoxLayout(intern_page)
        intern_layout.setContentsMargins(0, 0, 0, 0)
        zoekrij = QHBoxLayout()
        self.zoekveld = ZoekVeld(intern_page, "Dossier zoeken", "Kenmerk of woorden uit de titel")
        self.zoekveld.returnPressed.connect(self.search)
        zoekrij.addWidget(self.zoekveld, 1)
        self.zoek_knop = QPushButton("Zoeken", intern_page)
        self.zoek_knop.setAutoDefault(False)
        self.zoek_knop.clicked.connect(self.search)
        zoekrij.addWidget(self.zoek_knop)
        intern_layout.addLayout(zoekrij)
        self.resultaten = richt_in(
            QTableWidget(intern_page), ["Kenmerk", "Titel", "Status"], rekken=1, enkel=True
        )
        intern_layout.addWidget(self.resultaten, 1)
        self.status_label = QLabel("", intern_page)
        self.status_label.setObjectName("hint")
        intern_layout.addWidget(self.status_label)
        self.pages.addWidget(intern_page)

        extern_page = QWidget(self.pages)
        form = QFormLayout(extern_page)
        form.setContentsMargins(0, 0, 0, 0)
        self.systeem = QComboBox(extern_page)
        for code, label in catalogus.EXTERNE_SYSTEMEN.items():
            self.systeem.addItem(label, code)
        form.addRow("Applicatie:", self.systeem)
        self.url = QLineEdit(extern_page)
        self.url.setPlaceholderText("https://…")
        form.addRow("Hyperlink:", self.url)
        self.pages.addWidget(extern_page)
        self.body.addWidget(self.pages, 1)

        form2 = QFormLayout()
        self.omschrijving = QLineEdit(self)
        self.omschrijving.setPlaceholderText("Waarom hangen deze dossiers samen?")
        form2.addRow("Omschrijving:", self.omschrijving)
        self.body.addLayout(form2)
        self.intern.toggled.connect(lambda on: self.pages.setCurrentIndex(0 if on else 1))
        self.resize(640, 480)

    def is_loading(self) -> bool:
        return self._task is not None

    def search(self) -> None:
        if self._task is not None:
            self._task.cancel()
        tekst = self.zoekveld.text().strip()
        # "IGJ-2026-000123" or a part of its number ("000123"): a kenmerk; else words.
        is_kenmerk = tekst.upper().startswith("IGJ-") or KENMERK_DEEL.fullmatch(tekst)
        vraag = zoeken.Zoekvraag(kenmerk=tekst) if is_kenmerk else zoeken.Zoekvraag(tekst=tekst)
        self.status_label.setText("Zoeken…")
        self._task = run_task(
            lambda: zoeken.search_dossiers(self.ctx, vraag), self._show, self._failed
        )

    def _show(self, resultaat: zoeken.Zoekresultaat) -> None:
        self._task = None
        self._results = [r for r in resultaat.dossiers if r.id != self.dossier_id]
        self.resultaten.setRowCount(len(self._results))
        for row, r in enumerate(self._results):
            for column, text in enumerate((r.kenmerk, r.titel, r.status)):
                self.resultaten.setItem(row, column, QTableWidgetItem(text))
        self.status_label.setText(f"{aantal(len(self._results), 'dossier', 'dossiers')} gevonden.")
        if self._results:
            self.resultaten.selectRow(0)

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.status_label.setText(melding(exc))

    def operation(self) -> Callable[[], list[KoppelingRow]]:
        omschrijving = self.omschrijving.text().strip()
        if self.intern.isChecked():
            rows = self.resultaten.selectionModel().selectedRows()
            if not rows:
                raise ValidationFailed("Zoek en kies eerst het dossier dat u wilt koppelen.")
            doel = self._results[rows[0].row()].id
            return lambda: koppelingen.link_dossier(self.ctx, self.dossier_id, doel, omschrijving)
        systeem, url = self.systeem.currentData(), self.url.text()
        return lambda: koppelingen.link_extern(
            self.ctx, self.dossier_id, systeem, url, omschrijving
        )

    @classmethod
    def ask(cls, ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget | None = None) -> Any:
        return cls.run(cls(ctx, dossier_id, parent))
