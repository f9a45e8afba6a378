"""Verplaatsen and stopzetten of an afspraak; the agendas follow through the outbox."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.afspraken.afspraak import AfspraakRow, DeelnemerInvoer
from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.views.afspraken.afspraak_dialog import datetime_edit, moment_of
from igj_desktop.views.gemeenschappelijk.service_dialog import ServiceDialog


def _kop(row: AfspraakRow) -> str:
    begin, einde = row.begin.astimezone(AMSTERDAM), row.einde.astimezone(AMSTERDAM)
    return f"<b>{html.escape(row.onderwerp)}</b><br>nu: {begin:%d-%m-%Y %H:%M}–{einde:%H:%M}"


class VerplaatsDialog(ServiceDialog):
    ok_label = "Verplaatsen"

    def __init__(self, ctx: ServiceContext, row: AfspraakRow, parent: QWidget | None = None):
        super().__init__(ctx, "Afspraak verplaatsen", parent)
        self.row = row
        self.body.addWidget(QLabel(_kop(row), self))
        form = QFormLayout()
        self.begin = datetime_edit(row.begin)
        form.addRow("Nieuw begin:", self.begin)
        self.einde = datetime_edit(row.einde)
        form.addRow("Nieuw einde:", self.einde)
        self.body.addLayout(form)
        hint = QLabel("De deelnemers krijgen een bijgewerkte uitnodiging in hun agenda.", self)
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self.resize(420, 220)

    def operation(self) -> Callable[[], AfspraakRow]:
        begin, einde, row = moment_of(self.begin), moment_of(self.einde), self.row
        return lambda: afspraken.verplaats_afspraak(
            self.ctx, row.id, begin, einde, version=row.version
        )

    @classmethod
    def ask(cls, ctx: ServiceContext, row: AfspraakRow, parent: QWidget | None = None) -> Any:
        return cls.run(cls(ctx, row, parent))


class StopzetDialog(ServiceDialog):
    ok_label = "Stopzetten"

    def __init__(self, ctx: ServiceContext, row: AfspraakRow, parent: QWidget | None = None):
        super().__init__(ctx, "Afspraak stopzetten", parent)
        self.row = row
        self.body.addWidget(QLabel(_kop(row), self))
        form = QFormLayout()
        self.reden = QPlainTextEdit(self)
        self.reden.setFixedHeight(80)
        form.addRow("Reden:", self.reden)
        self.body.addLayout(form)
        hint = QLabel("De afspraak wordt in de agenda's geannuleerd.", self)
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self.resize(420, 240)

    def operation(self) -> Callable[[], AfspraakRow]:
        afspraak_id, reden = self.row.id, self.reden.toPlainText()
        return lambda: afspraken.stopzet_afspraak(self.ctx, afspraak_id, reden)

    @classmethod
    def ask(cls, ctx: ServiceContext, row: AfspraakRow, parent: QWidget | None = None) -> Any:
        return cls.run(cls(ctx, row, parent))


class DeelnemersDialog(ServiceDialog):
    """Add behandelaars, relaties or open places to a planned afspraak."""

    ok_label = "Toevoegen"

    def __init__(self, ctx: ServiceContext, row: AfspraakRow, parent: QWidget | None = None):
        super().__init__(ctx, "Deelnemers toevoegen", parent)
        self.row = row
        self.body.addWidget(QLabel(_kop(row), self))
        detail = dossiers.get_dossier_detail(ctx, row.dossier_id)
        al = {d.medewerker_id for d in row.deelnemers} | {d.relatie_id for d in row.deelnemers}
        self.keuzes = QListWidget(self)
        self.keuzes.setAccessibleName("Nieuwe deelnemers")
        self.keuzes.setAccessibleDescription("Vink aan wie u wilt uitnodigen")
        choices = [
            (f"{b.naam} – behandelaar", DeelnemerInvoer(medewerker_id=b.medewerker_id))
            for b in detail.behandelaars
            if b.medewerker_id is not None and b.medewerker_id not in al
        ] + [
            (f"{r.naam} – {r.rol_label}", DeelnemerInvoer(relatie_id=r.relatie_id))
            for r in detail.betrokkenen
            if r.relatie_id not in al
        ]
        for label, invoer in choices:
            item = QListWidgetItem(label, self.keuzes)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, invoer)
        self.body.addWidget(self.keuzes)
        self.open_plaatsen = QSpinBox(self)
        self.open_plaatsen.setRange(0, 20)
        self.open_plaatsen.setSuffix(" nog in te vullen")
        self.open_plaatsen.setAccessibleDescription(
            "Plaatsen voor deelnemers die nog niet bekend zijn"
        )
        plaatsen = QFormLayout()
        plaatsen.addRow("&Open plaatsen:", self.open_plaatsen)
        self.body.addLayout(plaatsen)
        hint = QLabel("Alleen de nieuwe deelnemers krijgen een uitnodiging.", self)
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self.resize(460, 380)

    def operation(self) -> Callable[[], AfspraakRow]:
        items = [self.keuzes.item(i) for i in range(self.keuzes.count())]
        gekozen = [
            i.data(Qt.ItemDataRole.UserRole)
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        ]
        deelnemers = (*gekozen, *([DeelnemerInvoer()] * self.open_plaatsen.value()))
        afspraak_id = self.row.id
        return lambda: afspraken.voeg_deelnemers_toe(self.ctx, afspraak_id, deelnemers)

    @classmethod
    def ask(cls, ctx: ServiceContext, row: AfspraakRow, parent: QWidget | None = None) -> Any:
        return cls.run(cls(ctx, row, parent))
