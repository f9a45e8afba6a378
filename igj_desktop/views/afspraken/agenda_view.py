"""My agenda: the afspraken of a week, by day, with what still waits for Exchange."""

from __future__ import annotations

import os
import uuid
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services import outbox
from igj_desktop.services.afspraken import afspraak as afspraken
from igj_desktop.services.afspraken.afspraak import AfspraakRow
from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.errors import ServiceError
from igj_desktop.views.afspraken.afspraak_dialog import SOORT_LABELS
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import run_task

DAGEN = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MAANDEN = [
    "januari", "februari", "maart", "april", "mei", "juni", "juli",
    "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


def _dag(d: date) -> str:
    return f"{DAGEN[d.weekday()]} {d.day} {MAANDEN[d.month - 1]}"


def afspraak_status(row: AfspraakRow) -> str:
    """One line: stopgezet, onaangekondigd, conflict, change from Outlook, waiting."""
    parts = []
    if row.status == "stopgezet":
        parts.append(f"stopgezet: {row.reden_stopzetten}")
    if not row.aangekondigd:
        parts.append("onaangekondigd")
    if row.conflict:
        parts.append("conflict met Outlook")
    if row.wijziging_outlook:
        parts.append(row.wijziging_outlook)
    if row.wacht_op_exchange:
        parts.append("wacht op Exchange")
    return "; ".join(parts) or "gepland"


class AgendaView(QWidget):
    """A week of my afspraken; loads off the UI thread and says what waits for Exchange."""

    loaded = Signal()
    afspraak_gekozen = Signal(uuid.UUID)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        today = ctx.today()
        self.week_start = today - timedelta(days=today.weekday())
        self.rows: list[AfspraakRow] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.vorige = QPushButton("◀ Vorige week", self)
        self.deze = QPushButton("Deze week", self)
        self.volgende = QPushButton("Volgende week ▶", self)
        self.titel = QLabel(self)
        self.titel.setObjectName("kop")
        self.export = QPushButton("Exporteren (.ics)…", self)
        self.export.setToolTip("De afspraken van deze week als iCalendar-bestand, voor elke agenda")
        for widget in (self.vorige, self.deze, self.volgende):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.titel, 1)
        bar.addWidget(self.export)
        layout.addLayout(bar)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Tijd", "Onderwerp", "Soort", "Locatie", "Deelnemers", "Status"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        for column, width in enumerate((110, 240, 110, 170, 220)):
            self.tree.setColumnWidth(column, width)
        layout.addWidget(self.tree, 1)
        self.wachtrij = QLabel(self)
        layout.addWidget(self.wachtrij)
        self.vorige.clicked.connect(lambda: self.show_week(self.week_start - timedelta(days=7)))
        self.volgende.clicked.connect(lambda: self.show_week(self.week_start + timedelta(days=7)))
        self.deze.clicked.connect(lambda: self.show_week(today - timedelta(days=today.weekday())))
        self.export.clicked.connect(self.export_ics)
        self.tree.itemActivated.connect(self._activated)
        self.show_week(self.week_start)

    def show_week(self, maandag: date) -> None:
        self.week_start = maandag
        zondag = maandag + timedelta(days=6)
        self.titel.setText(f"Week {maandag.isocalendar().week}: {_dag(maandag)} – {_dag(zondag)}")
        van = datetime.combine(maandag, time(), AMSTERDAM)
        tot = van + timedelta(days=7)
        ctx = self.ctx
        run_task(
            lambda: (afspraken.mijn_afspraken(ctx, van, tot), outbox.outbox_status(ctx)),
            self._show,
            self._failed,
        )

    def _show(self, result: tuple[list[AfspraakRow], str]) -> None:
        self.rows, wacht = result
        self.tree.clear()
        dag: date | None = None
        for row in self.rows:
            begin = row.begin.astimezone(AMSTERDAM)
            if begin.date() != dag:
                dag = begin.date()
                kop = QTreeWidgetItem(self.tree, [_dag(dag).capitalize()])
                kop.setFirstColumnSpanned(True)
                font = kop.font(0)
                font.setBold(True)
                kop.setFont(0, font)
                kop.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item = QTreeWidgetItem(
                self.tree,
                [
                    f"{begin:%H:%M}–{row.einde.astimezone(AMSTERDAM):%H:%M}",
                    row.onderwerp,
                    SOORT_LABELS.get(row.soort, row.soort),  # type: ignore[call-overload]
                    row.locatie,
                    ", ".join(d.naam for d in row.deelnemers),
                    afspraak_status(row),
                ],
            )
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            if row.conflict or row.status == "stopgezet":
                color = QColor("#b00020") if row.conflict else QColor("#777777")
                for column in range(6):
                    item.setForeground(column, QBrush(color))
        if not self.rows:
            leeg = QTreeWidgetItem(self.tree, ["Geen afspraken in deze week."])
            leeg.setFirstColumnSpanned(True)
            leeg.setFlags(Qt.ItemFlag.NoItemFlags)
        self.wachtrij.setText(wacht or "Alles is verstuurd naar Exchange.")
        self.export.setEnabled(bool(self.rows))
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ServiceError):
            dialogs.service_error(self, error)
        else:
            raise error

    def _activated(self, item: QTreeWidgetItem) -> None:
        afspraak_id = item.data(0, Qt.ItemDataRole.UserRole)
        if afspraak_id is not None:
            self.afspraak_gekozen.emit(afspraak_id)

    def export_ics(self) -> None:
        pad = dialogs.save_file(
            self,
            "Afspraken exporteren",
            f"afspraken-week-{self.week_start.isocalendar().week}.ics",
            "iCalendar (*.ics)",
        )
        if pad is None:
            return
        data = afspraken.ics_export(self.ctx, [r.id for r in self.rows])
        tijdelijk = pad.with_name(f".{pad.name}.tmp")
        with tijdelijk.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tijdelijk, pad)
        dialogs.inform(
            self, "Afspraken exporteren", f"{len(self.rows)} afspraken opgeslagen in {pad.name}."
        )
