"""The tabs of the dossier detail, as a registry other modules add to with one line.

A tab is ``(titel, factory(ctx, dossier_id, parent) -> QWidget)``. The detail pane builds
a tab's widget only when the tab is first shown, and calls its ``reload()`` (when it has
one) after something in the dossier changed. A module that brings its own tab (documents,
post, afspraken, toetsing, workflows) calls ``register_tab`` when it is imported.

A ``voorgeladen`` tab (Overzicht, Activiteiten, Documenten) shows part of the
``DossierOverzicht`` the pane reads once when a dossier opens: its factory takes a fourth
argument ``laden``; built with ``False`` it reads nothing itself and waits for
``toon_overzicht(overzicht)`` (``wacht_op_overzicht()`` puts it back in that state).
"""

from __future__ import annotations

import importlib
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import keuzelijsten as catalogus
from igj_desktop.services.dossiers import koppelingen, relaties, telefoonnotities, tijdlijn
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.read_models import BetrokkeneRow, DossierDetail, GroepRow, KoppelingRow
from igj_desktop.services.toegang import toekenning as toegang
from igj_desktop.services.workflows import werkvoorraad
from igj_desktop.views.dossiers.dossier_relatie_dialog import RelatieDialog
from igj_desktop.views.dossiers.dossier_subdossier_dialog import (
    BulkSubdossierDialog,
    SubdossierDialog,
)
from igj_desktop.views.dossiers.dossier_telefoonnotitie_dialog import TelefoonnotitieDialog
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.leestabel import data_index
from igj_desktop.views.gemeenschappelijk.ongedaan_maken import meld_met_ongedaan
from igj_desktop.views.gemeenschappelijk.operations import ServiceOp
from igj_desktop.views.gemeenschappelijk.rekkolommen import RekbareKolommen
from igj_desktop.views.gemeenschappelijk.tasks import TaskHandle, run_task
from igj_desktop.views.gemeenschappelijk.thema import kleur
from igj_desktop.views.toegang.dossier_overdragen_dialog import OverdragenDialog
from igj_desktop.views.toegang.dossier_toegang_dialog import ROL_LABELS, SOORT_LABELS, ToegangDialog
from igj_desktop.views.workflows.werkvoorraad_model import URGENTIE_LABEL

if TYPE_CHECKING:
    from igj_desktop.services.dossiers.overzicht import DossierOverzicht

log = logging.getLogger(__name__)

TabFactory = Callable[[ServiceContext, uuid.UUID, QWidget], QWidget]


def koppelen(ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget) -> bool:
    """Koppelen…: a dossier or hyperlink linked to ``dossier_id``. The dialog (and dossier
    search behind it) is imported when first used, not with the window."""
    from igj_desktop.views.dossiers.dossier_koppeling_dialog import KoppelingDialog

    return bool(KoppelingDialog.ask(ctx, dossier_id, parent))


@dataclass(frozen=True)
class DossierTab:
    titel: str
    factory: Callable[..., QWidget]
    voorgeladen: bool = False
    """Fed from the pane's ``DossierOverzicht``; ``factory`` takes ``laden`` (module doc)."""


DOSSIER_TABS: list[DossierTab] = []


def register_tab(titel: str, factory: TabFactory) -> None:
    """Add a tab to every dossier detail (once per titel; a second call replaces it)."""
    for i, tab in enumerate(DOSSIER_TABS):
        if tab.titel == titel:
            DOSSIER_TABS[i] = DossierTab(titel, factory)
            return
    DOSSIER_TABS.append(DossierTab(titel, factory))


def lazy_tab(pad: str) -> TabFactory:
    """A factory for the tab class at ``pad`` (module.Class), imported on first use: the
    document, post and agenda tabs bring Word, PDF and Exchange libraries the first screen
    does not need."""
    module, _, naam = pad.rpartition(".")

    def factory(
        ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget, *laden: bool
    ) -> QWidget:
        return getattr(importlib.import_module(module), naam)(ctx, dossier_id, parent, *laden)

    return factory


@dataclass(frozen=True)
class Column:
    titel: str
    text: Callable[[Any], str]
    stretch: bool = False


@dataclass(frozen=True)
class Action:
    """A button above a list; ``needs_row`` actions get the selected read model."""

    label: str
    # True when the list must reload, or the service call to run in the background first
    run: Callable[[Any], bool | Callable[[], object] | None]
    needs_row: bool = False
    # after that background call succeeded, with the row (a notice with Ongedaan maken)
    daarna: Callable[[Any], None] | None = None


class ListTab(QWidget):
    """A read-only table of read models, loaded in a worker, with buttons above it."""

    changed = Signal()  # something in the dossier changed: other panes may refresh

    def __init__(
        self,
        load: Callable[[], Sequence[Any]],
        columns: Sequence[Column],
        *,
        actions: Sequence[Action] = (),
        empty_text: str = "Nog niets vastgelegd.",
        on_activate: Callable[[Any], None] | None = None,
        warn: Callable[[Any], bool] | None = None,
        uit_overzicht: Callable[[DossierOverzicht], Sequence[Any]] | None = None,
        laden: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._load = load
        self._uit_overzicht = uit_overzicht
        self._wacht = False
        self._warn = warn
        self._columns = list(columns)
        self._rows: list[Any] = []
        self._task: TaskHandle | None = None
        self._on_activate = on_activate

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.buttons: dict[str, QPushButton] = {}
        if actions:
            bar = QHBoxLayout()
            for action in actions:
                button = QPushButton(action.label, self)
                button.clicked.connect(lambda _=False, a=action: self._run(a))
                bar.addWidget(button)
                self.buttons[action.label] = button
            bar.addStretch(1)
            layout.addLayout(bar)
            self._row_buttons = [self.buttons[a.label] for a in actions if a.needs_row]
        else:
            self._row_buttons = []

        self.table = QTableWidget(0, len(self._columns), self)
        self.table.setHorizontalHeaderLabels([c.titel for c in self._columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rekken = [i for i, column in enumerate(self._columns) if column.stretch]
        RekbareKolommen(self.table, header, rekken)  # readable in a narrow pane
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.activated.connect(self._activated)  # double-click or Enter
        layout.addWidget(self.table, 1)

        self.empty_label = QLabel(empty_text, self)
        self.empty_label.setObjectName("hint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty_label)
        self._update_buttons()
        if laden:
            self.reload()
        else:
            self.wacht_op_overzicht()

    def is_loading(self) -> bool:
        return self._task is not None or self._wacht

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def wacht_op_overzicht(self) -> None:
        self.cancel()
        self._wacht = True

    def toon_overzicht(self, overzicht: DossierOverzicht) -> None:
        """The rows from the pane's read, instead of reading them again."""
        assert self._uit_overzicht is not None
        self.cancel()
        self._show(self._uit_overzicht(overzicht))

    def set_read_only(self, read_only: bool) -> None:
        """A closed dossier, or one the user may only read: no buttons that change it."""
        for button in self.buttons.values():
            button.setVisible(not read_only)

    def reload(self) -> None:
        self.cancel()
        self._wacht = False
        self._task = run_task(self._load, self._show, self._failed)

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows else None

    def _show(self, rows: Sequence[Any]) -> None:
        self._task = None
        self._wacht = False
        self._rows = list(rows)
        self.table.setRowCount(len(self._rows))
        for r, regel in enumerate(self._rows):
            red = self._warn is not None and self._warn(regel)
            for c, column in enumerate(self._columns):
                text = column.text(regel)
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if red:
                    item.setForeground(kleur("rood"))
                self.table.setItem(r, c, item)
        self.empty_label.setVisible(not self._rows)
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self._wacht = False
        self.empty_label.setText(
            exc.message if isinstance(exc, ServiceError) else "Laden is mislukt."
        )
        self.empty_label.setVisible(True)
        if not isinstance(exc, ServiceError):
            log.error("Laden van een dossiertab mislukt", exc_info=exc)

    def _update_buttons(self) -> None:
        has_row = self.selected() is not None
        for button in self._row_buttons:
            button.setEnabled(has_row)

    def _run(self, action: Action) -> None:
        regel = self.selected()
        if action.needs_row and regel is None:
            return
        try:
            outcome = action.run(regel)
        except ServiceError as exc:
            dialogs.service_error(self, exc, reload=self.reload)
            return
        if callable(outcome):
            ServiceOp(self, outcome).blocking(*self.buttons.values()).conflict(self.reload).success(
                lambda _: self._gedaan(action, regel)
            ).run()
        elif outcome:
            self.changed.emit()  # the detail pane reloads every tab, this one included

    def _gedaan(self, action: Action, regel: Any) -> None:
        self.changed.emit()
        if action.daarna is not None:
            action.daarna(regel)

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if self._on_activate is not None and 0 <= index.row() < len(self._rows):
            self._on_activate(self._rows[index.row()])


# -- the built-in tabs ---------------------------------------------------------------------


def _datum(value: date | datetime | None) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(AMSTERDAM)
    return value.strftime("%d-%m-%Y") if value else ""


def _tijdstip(value: datetime | None) -> str:
    return value.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M") if value else ""


def load_detail(ctx: ServiceContext, dossier_id: uuid.UUID) -> DossierDetail:
    return dossiers.get_dossier_detail(ctx, dossier_id)


def header_line(detail: DossierDetail) -> str:
    """Dossiertype · status · afdeling · geopend: the line under the dossier's title."""
    delen = [detail.dossiertype, STATUS_LABELS.get(detail.status, detail.status)]
    if detail.afdeling:
        delen.append(detail.afdeling)
    if detail.sector:
        delen.append(detail.sector)
    delen.append(f"geopend {_datum(detail.geopend_op)}")
    if detail.parent is not None:
        delen.append(f"subdossier van {detail.parent.kenmerk}")
    return " · ".join(delen)


STATUS_LABELS = {"open": "open", "gesloten": "gesloten"}


def _combo(parent: QWidget, items: Sequence[tuple[str, object]]) -> QComboBox:
    combo = QComboBox(parent)
    for label, data in items:
        combo.addItem(label, data)
    return combo


def _select(combo: QComboBox, data: object, label: str | None = None) -> None:
    """Select ``data``; a value the list does not know (older data) is added, not lost."""
    index = data_index(combo, data)
    if index < 0 and data is not None:
        combo.addItem(label or str(data), data)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


class OverzichtTab(QWidget):
    """Basic data of the dossier; "Wijzigen" makes titel, omschrijving etc. editable."""

    changed = Signal()
    open_dossier = Signal(object)

    def __init__(
        self,
        ctx: ServiceContext,
        dossier_id: uuid.UUID,
        parent: QWidget | None,
        laden: bool = True,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id = dossier_id
        self.detail: DossierDetail | None = None
        self._task: TaskHandle | None = None
        self._wacht = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 10)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        self.titel = QLineEdit(self)
        self.titel.setMaxLength(300)
        form.addRow("Titel:", self.titel)
        self.dossiertype = QLabel(self)
        form.addRow("Dossiertype:", self.dossiertype)
        self.aanleiding = _combo(self, [(a, a) for a in catalogus.AANLEIDINGEN])
        form.addRow("Aanleiding:", self.aanleiding)
        self.afdeling = _combo(self, [("— geen afdeling —", None)])  # filled when loaded
        form.addRow("Afdeling:", self.afdeling)
        self.sector = _combo(
            self, [("— geen sector —", None)] + [(s, s) for s in catalogus.SECTOREN]
        )
        form.addRow("Sector:", self.sector)
        self.omschrijving = QPlainTextEdit(self)
        self.omschrijving.setMinimumHeight(60)
        form.addRow("Omschrijving:", self.omschrijving)
        self.hoofddossier = QLabel(self)
        self.hoofddossier.setWordWrap(True)
        self.hoofddossier.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.hoofddossier.linkActivated.connect(
            lambda link: self.open_dossier.emit(uuid.UUID(link))
        )
        form.addRow("Hoofddossier:", self.hoofddossier)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        form.addRow("Status:", self.status)
        outer.addLayout(form, 1)

        knoppen = QHBoxLayout()
        self.alleen_lezen = QLabel("", self)
        self.alleen_lezen.setObjectName("hint")
        knoppen.addWidget(self.alleen_lezen, 1)
        self.wijzigen = QPushButton("Wijzigen", self)
        self.wijzigen.clicked.connect(lambda: self.set_editing(True))
        self.opslaan = QPushButton("Opslaan", self)
        self.opslaan.setDefault(True)
        self.opslaan.clicked.connect(self.save)
        self.annuleren = QPushButton("Annuleren", self)
        self.annuleren.clicked.connect(self.reload)
        for button in (self.wijzigen, self.opslaan, self.annuleren):
            knoppen.addWidget(button)
        outer.addLayout(knoppen)
        self.set_editing(False)
        if laden:
            self.reload()
        else:
            self.wacht_op_overzicht()

    def is_loading(self) -> bool:
        return self._task is not None or self._wacht

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def wacht_op_overzicht(self) -> None:
        self.cancel()
        self._wacht = True

    def toon_overzicht(self, overzicht: DossierOverzicht) -> None:
        self.cancel()
        self._show((overzicht.detail, overzicht.afdelingen))

    def reload(self) -> None:
        self.cancel()
        self._wacht = False
        ctx, dossier_id = self.ctx, self.dossier_id
        self._task = run_task(
            lambda: (load_detail(ctx, dossier_id), catalogus.list_afdelingen(ctx)),
            self._show,
            self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self._wacht = False
        self.status.setText(exc.message if isinstance(exc, ServiceError) else "Laden is mislukt.")
        if not isinstance(exc, ServiceError):
            log.error("Laden van het dossieroverzicht mislukt", exc_info=exc)

    def _show(self, loaded: tuple[DossierDetail, Sequence[GroepRow]]) -> None:
        self._task = None
        self._wacht = False
        detail, afdelingen = loaded
        self.detail = detail
        self.afdeling.clear()
        for label, data in [("— geen afdeling —", None), *((a.naam, a.id) for a in afdelingen)]:
            self.afdeling.addItem(label, data)
        self.titel.setText(detail.titel)
        self.titel.setCursorPosition(0)
        self.dossiertype.setText(detail.dossiertype)
        _select(self.aanleiding, detail.aanleiding)
        _select(self.afdeling, detail.afdeling_id, detail.afdeling)
        _select(self.sector, detail.sector)
        self.omschrijving.setPlainText(detail.omschrijving)
        parent = detail.parent
        self.hoofddossier.setText(
            f'<a href="{parent.id}">{parent.kenmerk}</a> — {parent.titel}'
            if parent is not None
            else "— (dit is een hoofddossier)"
        )
        if detail.gesloten:
            self.status.setText(
                f"Gesloten op {_datum(detail.gesloten_op)}: {detail.reden_afsluiting}. "
                f"Bewaren tot {_datum(detail.bewaartermijn_tot)}."
            )
        else:
            self.status.setText(f"Open sinds {_datum(detail.geopend_op)}")
        self.alleen_lezen.setText(
            ""
            if detail.mag_wijzigen
            else "U kunt dit dossier alleen raadplegen."
            if not detail.gesloten
            else "Gesloten: alleen raadplegen."
        )
        self.set_editing(False)

    def set_editing(self, editing: bool) -> None:
        may_edit = bool(self.detail is not None and self.detail.mag_wijzigen)
        for widget in (self.titel, self.omschrijving):
            widget.setReadOnly(not editing)
        for combo in (self.aanleiding, self.afdeling, self.sector):
            combo.setEnabled(editing)
        self.wijzigen.setVisible(not editing)
        self.wijzigen.setEnabled(may_edit)
        self.opslaan.setVisible(editing)
        self.annuleren.setVisible(editing)
        if editing:
            self.titel.setFocus()

    def save(self) -> None:
        """Store the edits in the background; a refusal leaves them in the form."""
        assert self.detail is not None
        version = self.detail.version
        velden = {
            "titel": self.titel.text(),
            "aanleiding": self.aanleiding.currentData(),
            "omschrijving": self.omschrijving.toPlainText(),
            "afdeling_id": self.afdeling.currentData(),
            "sector": self.sector.currentData() or "",
        }
        ServiceOp(
            self, lambda: dossiers.update_dossier(self.ctx, self.dossier_id, version, **velden)
        ).blocking(self.opslaan, self.annuleren).conflict(self.reload).success(
            self._opgeslagen
        ).run()

    def _opgeslagen(self, _: object) -> None:
        self.set_editing(False)
        self.changed.emit()


class NavigatingListTab(ListTab):
    """A list whose rows point at dossiers: double-click opens them."""

    open_dossier = Signal(object)


def _betrokkenen_tab(ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget) -> QWidget:
    """Verwijderen asks nothing: it happens, and the notice offers to undo it."""

    def remove(regel: BetrokkeneRow) -> Callable[[], object]:
        return lambda: relaties.remove_betrokkene(ctx, dossier_id, regel.id)

    def verwijderd(regel: BetrokkeneRow) -> None:
        meld_met_ongedaan(
            tab,
            f"{regel.naam} uit het dossier gehaald.",
            lambda: relaties.add_betrokkenen(
                ctx, dossier_id, [regel.relatie_id], regel.rol, regel.toelichting
            ),
            tab.changed.emit,
            f"{regel.naam} ({regel.rol_label})",
        )

    tab = ListTab(
        lambda: relaties.list_betrokkenen(ctx, dossier_id),
        [
            Column("Naam", lambda r: r.naam, stretch=True),
            Column("Rol", lambda r: r.rol_label),
            Column("Soort", lambda r: r.relatie_soort),
            Column("Plaats", lambda r: r.plaats or ""),
            Column("Sector", lambda r: r.sector or ""),
            Column("KvK / BIG / AGB", lambda r: r.kvk_nummer or r.big_nummer or r.agb_code or ""),
        ],
        actions=[
            Action(
                "Relatie toevoegen…", lambda _r: bool(RelatieDialog.ask(ctx, dossier_id, parent))
            ),
            Action("Verwijderen", remove, needs_row=True, daarna=verwijderd),
        ],
        empty_text="Nog geen onder toezicht staanden of andere relaties.",
        parent=parent,
    )
    return tab


def _toegang_tab(ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget) -> QWidget:
    return ListTab(
        lambda: toegang.list_toegang(ctx, dossier_id),
        [
            Column("Wie", lambda r: r.naam, stretch=True),
            Column("Soort", lambda r: SOORT_LABELS[r.soort]),
            Column("Rol", lambda r: ROL_LABELS.get(r.rol, r.rol)),
        ],
        actions=[
            Action("Toegang beheren…", lambda _r: bool(ToegangDialog.ask(ctx, dossier_id, parent)))
        ],
        parent=parent,
    )


def _koppeling_doel(regel: KoppelingRow) -> str:
    if regel.doel is not None:
        return f"{regel.doel.kenmerk} — {regel.doel.titel}"
    return regel.url or ""


def _koppeling_systeem(regel: KoppelingRow) -> str:
    if regel.intern:
        return "IGJ Desktop"
    return catalogus.EXTERNE_SYSTEMEN.get(regel.systeem, regel.systeem)


def _gerelateerd_tab(ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget) -> QWidget:
    def unlink(regel: KoppelingRow) -> Callable[[], object]:
        return lambda: koppelingen.unlink(ctx, dossier_id, regel.id)

    def opnieuw(regel: KoppelingRow) -> object:
        """The same link again (both ways for a dossier, as ``unlink`` removed it)."""
        if regel.doel is not None:
            return koppelingen.link_dossier(ctx, dossier_id, regel.doel.id, regel.omschrijving)
        return koppelingen.link_extern(
            ctx, dossier_id, regel.systeem, regel.url or "", regel.omschrijving
        )

    def ontkoppeld(regel: KoppelingRow) -> None:
        doel = _koppeling_doel(regel)
        meld_met_ongedaan(
            tab,
            f"Koppeling met {doel} verwijderd.",
            lambda: opnieuw(regel),
            tab.changed.emit,
            f"De koppeling met {doel}",
        )

    def activate(regel: KoppelingRow) -> None:
        if regel.doel is not None:
            tab.open_dossier.emit(regel.doel.id)
        elif regel.url:
            QDesktopServices.openUrl(QUrl(regel.url))

    tab = NavigatingListTab(
        lambda: koppelingen.list_koppelingen(ctx, dossier_id),
        [
            Column("Dossier of hyperlink", _koppeling_doel, stretch=True),
            Column("Applicatie", _koppeling_systeem),
            Column("Omschrijving", lambda r: r.omschrijving),
        ],
        actions=[
            Action("Koppelen…", lambda _r: koppelen(ctx, dossier_id, parent)),
            Action("Ontkoppelen", unlink, needs_row=True, daarna=ontkoppeld),
        ],
        empty_text="Geen gerelateerde dossiers.",
        on_activate=activate,
        parent=parent,
    )
    return tab


def _subdossiers_tab(ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget) -> QWidget:
    tab = NavigatingListTab(
        lambda: dossiers.list_subdossiers(ctx, dossier_id),
        [
            Column("Kenmerk", lambda r: r.kenmerk),
            Column("Titel", lambda r: r.titel, stretch=True),
            Column("Dossiertype", lambda r: r.dossiertype),
            Column("Status", lambda r: STATUS_LABELS.get(r.status, r.status)),
        ],
        actions=[
            Action(
                "Nieuw subdossier…", lambda _r: bool(SubdossierDialog.ask(ctx, dossier_id, parent))
            ),
            Action(
                "Subdossiers in bulk…",
                lambda _r: bool(BulkSubdossierDialog.ask(ctx, dossier_id, parent)),
            ),
        ],
        empty_text="Geen subdossiers.",
        on_activate=lambda regel: tab.open_dossier.emit(regel.id),
        parent=parent,
    )
    return tab


def _activiteiten_tab(
    ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget, laden: bool = True
) -> QWidget:
    return ListTab(
        lambda: werkvoorraad.list_werkvoorraad(ctx, "alles", dossier_id=dossier_id),
        [
            Column("Activiteit", lambda r: r.titel, stretch=True),
            Column("Toegewezen aan", lambda r: r.eigenaar),
            Column("Termijn", lambda r: _datum(r.termijn) + (" (verstreken)" if r.overdue else "")),
            Column("Urgentie", lambda r: URGENTIE_LABEL.get(r.urgentie, r.urgentie)),
            Column("Status", lambda r: r.status),
        ],
        actions=[
            Action(
                "Overdragen…",
                lambda r: bool(OverdragenDialog.ask_activiteit(ctx, r, parent)),
                needs_row=True,
            )
        ],
        empty_text="Geen open activiteiten in dit dossier.",
        warn=lambda r: r.overdue,
        uit_overzicht=lambda overzicht: overzicht.activiteiten,
        laden=laden,
        parent=parent,
    )


def _tijdlijn_tab(ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget) -> QWidget:
    return ListTab(
        lambda: tijdlijn.list_tijdlijn(ctx, dossier_id, met_subdossiers=True),
        [
            Column("Wanneer", lambda r: _tijdstip(r.tijdstip)),
            Column("Wie", lambda r: r.medewerker),
            Column("Dossier", lambda r: r.kenmerk),
            Column("Wat", lambda r: r.omschrijving, stretch=True),
        ],
        empty_text="Nog niets gebeurd.",
        parent=parent,
    )


def _telefoonnotities_tab(ctx: ServiceContext, dossier_id: uuid.UUID, parent: QWidget) -> QWidget:
    return ListTab(
        lambda: telefoonnotities.list_telefoonnotities(ctx, dossier_id),
        [
            Column("Wanneer", lambda r: _tijdstip(r.gesprek_op)),
            Column("Met", lambda r: r.gesprekspartner),
            Column("Onderwerp", lambda r: r.onderwerp, stretch=True),
            Column("Richting", lambda r: r.richting),
            Column("Terugbellen", lambda r: "ja" if r.terugbellen else ""),
            Column("Vastgelegd door", lambda r: r.medewerker),
        ],
        actions=[
            Action(
                "Nieuwe telefoonnotitie…",
                lambda _r: bool(TelefoonnotitieDialog.ask(ctx, dossier_id, parent)),
            )
        ],
        empty_text="Geen telefoonnotities.",
        parent=parent,
    )


DOSSIER_TABS.extend(
    [
        # The daily work first, so a laptop screen shows it without scrolling the tab bar;
        # then what is looked up now and then. The other modules' tabs are imported when
        # first shown.
        DossierTab("Overzicht", OverzichtTab, voorgeladen=True),
        DossierTab("Activiteiten", _activiteiten_tab, voorgeladen=True),
        DossierTab(
            "Documenten",
            lazy_tab("igj_desktop.views.documenten.documenten_tab.DocumentenTab"),
            voorgeladen=True,
        ),
        DossierTab("Post", lazy_tab("igj_desktop.views.post.post_tab.PostTab")),
        DossierTab("Afspraken", lazy_tab("igj_desktop.views.afspraken.afspraak_tab.AfsprakenTab")),
        DossierTab("Workflows", lazy_tab("igj_desktop.views.workflows.workflow_tab.WorkflowsTab")),
        DossierTab("Toetsing", lazy_tab("igj_desktop.views.toetsing.toetsing_view.ToetsingView")),
        DossierTab("Betrokkenen", _betrokkenen_tab),
        DossierTab("Subdossiers", _subdossiers_tab),
        DossierTab("Telefoonnotities", _telefoonnotities_tab),
        DossierTab("Tijdlijn", _tijdlijn_tab),
        DossierTab("Gerelateerd", _gerelateerd_tab),
        DossierTab("Toegang", _toegang_tab),
    ]
)
