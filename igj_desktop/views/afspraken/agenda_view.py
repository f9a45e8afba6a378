"""My agenda: the afspraken of a week as a list or a day/week grid, with what still waits
for Exchange."""

from __future__ import annotations

import os
import uuid
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
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
from igj_desktop.views.afspraken.agenda_rooster import AgendaRooster
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.inkortlabel import InkortLabel
from igj_desktop.views.gemeenschappelijk.tasks import run_task
from igj_desktop.views.gemeenschappelijk.thema import kleur

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
    """My afspraken as a list (a week, by day) or a calendar grid of a day or a week; loads
    off the UI thread and says what waits for Exchange.

    Vorige/Volgende step a day in the day grid and a week otherwise (also Alt+← / Alt+→;
    Alt+Home is Vandaag)."""

    loaded = Signal()
    afspraak_gekozen = Signal(uuid.UUID)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.vandaag = ctx.today()
        self.dag = self.vandaag  # the day shown in the day grid; its week elsewhere
        self.week_start = self.vandaag - timedelta(days=self.vandaag.weekday())
        self.modus = "lijst"
        self.rows: list[AfspraakRow] = []
        self._geladen_van: datetime | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.modus_knoppen: dict[str, QPushButton] = {}
        for modus, tekst in (("lijst", "&Lijst"), ("dag", "Da&g"), ("week", "&Week")):
            knop = QPushButton(tekst, self, checkable=True, checked=modus == self.modus)
            knop.setAccessibleDescription("Weergave van de agenda")
            knop.clicked.connect(lambda _=False, m=modus: self.toon_als(m))
            self.modus_knoppen[modus] = knop
            bar.addWidget(knop)
        bar.addSpacing(12)
        self.vorige = QPushButton("◀ &Vorige", self)
        self.deze = QPushButton("Vand&aag", self)
        self.volgende = QPushButton("V&olgende ▶", self)
        for knop, sneltoets in ((self.vorige, "Alt+Left"), (self.deze, "Alt+Home"),
                                (self.volgende, "Alt+Right")):  # fmt: skip
            knop.setToolTip(sneltoets.replace("Left", "←").replace("Right", "→"))
            QShortcut(
                QKeySequence(sneltoets), self, knop.click,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )  # fmt: skip
            bar.addWidget(knop)
        bar.addSpacing(12)
        self.titel = InkortLabel("", self)  # shortens on a narrow window, buttons stay whole
        self.titel.setObjectName("kop")
        self.export = QPushButton("Exporteren (.ics)…", self)
        self.export.setToolTip("De afspraken van deze week als iCalendar-bestand, voor elke agenda")
        bar.addWidget(self.titel, 1)
        bar.addWidget(self.export)
        layout.addLayout(bar)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Agenda als lijst")
        self.tree.setHeaderLabels(["Tijd", "Onderwerp", "Soort", "Locatie", "Deelnemers", "Status"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        for column, width in enumerate((110, 240, 110, 170, 220)):
            self.tree.setColumnWidth(column, width)
        self.rooster = AgendaRooster(self.vandaag, self)
        self.stapel = QStackedWidget(self)
        self.stapel.addWidget(self.tree)
        self.stapel.addWidget(self.rooster)
        layout.addWidget(self.stapel, 1)
        self.wachtrij = QLabel(self)
        layout.addWidget(self.wachtrij)
        self.vorige.clicked.connect(lambda: self.stap(-1))
        self.volgende.clicked.connect(lambda: self.stap(1))
        self.deze.clicked.connect(lambda: self.ga_naar(self.vandaag))
        self.export.clicked.connect(self.export_ics)
        self.tree.itemActivated.connect(self._activated)
        self.rooster.afspraak_gekozen.connect(self.afspraak_gekozen)
        self.show_week(self.week_start, self.vandaag)

    def toon_als(self, modus: str) -> None:
        """Lijst, dag or week; the day stays the one the user was at."""
        self.modus = modus
        for andere, knop in self.modus_knoppen.items():  # one checked; Tab reaches all three
            knop.setChecked(andere == modus)
        self.stapel.setCurrentWidget(self.tree if modus == "lijst" else self.rooster)
        stap = "dag" if modus == "dag" else "week"
        self.vorige.setAccessibleName(f"Vorige {stap}")
        self.volgende.setAccessibleName(f"Volgende {stap}")
        self._vul()

    def stap(self, richting: int) -> None:
        self.ga_naar(self.dag + timedelta(days=richting * (1 if self.modus == "dag" else 7)))

    def ga_naar(self, dag: date) -> None:
        maandag = dag - timedelta(days=dag.weekday())
        self.dag = dag
        if maandag != self.week_start or not self.rows:
            self.show_week(maandag, dag)
        else:
            self._vul()
            self.loaded.emit()

    def show_week(self, maandag: date, dag: date | None = None) -> None:
        self.week_start = maandag
        self.dag = dag or maandag
        self._zet_titel()
        van = datetime.combine(maandag, time(), AMSTERDAM)
        tot = van + timedelta(days=7)
        ctx = self.ctx
        self._geladen_van = van
        run_task(
            lambda: (afspraken.mijn_afspraken(ctx, van, tot), outbox.outbox_status(ctx)),
            # a week left before it arrived is not shown over the week now asked for
            lambda result: self._show(result) if van == self._geladen_van else None,
            self._failed,
        )

    def _zet_titel(self) -> None:
        if self.modus == "dag":
            self.titel.setText(_dag(self.dag).capitalize())
            return
        maandag = self.week_start
        zondag = maandag + timedelta(days=6)
        self.titel.setText(f"Week {maandag.isocalendar().week}: {_dag(maandag)} – {_dag(zondag)}")

    def _vul(self) -> None:
        """The grid shows the day or the week of what is loaded (the list is always the week)."""
        self._zet_titel()
        dagen = (
            [self.dag]
            if self.modus == "dag"
            else [self.week_start + timedelta(days=i) for i in range(7)]
        )
        self.rooster.toon(dagen, self.rows, {r.id: afspraak_status(r) for r in self.rows})

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
                color = kleur("rood") if row.conflict else kleur("grijs")
                for column in range(6):
                    item.setForeground(column, QBrush(color))
        if not self.rows:
            leeg = QTreeWidgetItem(self.tree, ["Geen afspraken in deze week."])
            leeg.setFirstColumnSpanned(True)
            leeg.setFlags(Qt.ItemFlag.NoItemFlags)
        self.wachtrij.setText(wacht or "Alles is verstuurd naar Exchange.")
        self.export.setEnabled(bool(self.rows))
        self._vul()
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
