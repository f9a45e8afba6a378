"""The werkvoorraad pane: open activiteiten of the user and the user's groepen."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services.errors import ServiceError
from igj_desktop.services.storing import melding
from igj_desktop.services.workflows.werkvoorraad import SCOPES
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.rekkolommen import RekbareKolommen
from igj_desktop.views.gemeenschappelijk.tasks import TaskHandle, run_task
from igj_desktop.views.workflows.werkvoorraad_model import (
    URGENTIE_LABEL,
    ActiviteitRegelLike,
    WerkvoorraadModel,
)

DEFAULT_SCOPE = "mij_en_groepen"


class WerkvoorraadView(QWidget):
    """Loads in a worker; double-click opens the dossier; the context menu does the work
    (afhandelen), hands it over or sets its urgentie."""

    open_dossier = Signal(object)  # dossier id
    hand_over = Signal(object)  # the activiteit read model
    urgentie_changed = Signal(object, str)  # the activiteit read model, new urgentie
    claim = Signal(object)  # a groep's activiteit the user takes on
    afhandelen = Signal(object)  # the activiteit read model whose work the user does now

    def __init__(
        self,
        load: Callable[[str], Sequence[ActiviteitRegelLike]],
        parent: QWidget | None = None,
        *,
        limit: int | None = None,
        alleen_lezen: bool = False,
    ) -> None:
        """``limit``: the most rows ``load`` returns; a full page is announced as such.
        ``alleen_lezen``: the database is open read-only; the menu offers only what reads."""
        super().__init__(parent)
        self._load = load
        self._limit = limit
        self._alleen_lezen = alleen_lezen
        self._task: TaskHandle | None = None
        self.model = WerkvoorraadModel(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        kop = QHBoxLayout()
        kop.addWidget(QLabel("Toon:", self))
        self.scope = QComboBox(self)
        for code, label in SCOPES.items():
            self.scope.addItem(label, code)
        self.scope.setCurrentIndex(self.scope.findData(DEFAULT_SCOPE))
        self.scope.currentIndexChanged.connect(lambda _i: self.reload())
        kop.addWidget(self.scope)
        kop.addStretch(1)
        self.telling = QLabel("", self)
        self.telling.setObjectName("hint")
        kop.addWidget(self.telling)
        layout.addLayout(kop)

        self.table = QTableView(self)
        self.table.setAccessibleName("Werkvoorraad")
        self.table.setAccessibleDescription(
            "Open activiteiten, de meest dringende eerst; Enter opent het dossier."
        )
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((122, 96, 270, 150, 300, 170)):
            header.resizeSection(column, width)
        # Activiteit and Dossier share the free width; in a narrow pane they keep a readable
        # width and the table scrolls sideways
        self.kolommen = RekbareKolommen(self.table, header, (2, 4))
        self.table.activated.connect(self._activated)  # double-click or Enter
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        layout.addWidget(self.table, 1)

    def is_loading(self) -> bool:
        return self._task is not None

    def reload(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self.telling.setText("Laden…")
        scope = self.scope.currentData()
        self._task = run_task(lambda: self._load(scope), self._show, self._failed)

    def selected(self) -> ActiviteitRegelLike | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.regel(rows[0]) if rows else None

    def _show(self, rows: Sequence[ActiviteitRegelLike]) -> None:
        self._task = None
        self.model.set_rows(rows)
        te_laat = sum(1 for r in rows if r.overdue)
        tekst = f"{len(rows)} open activiteiten"
        if self._limit is not None and len(rows) >= self._limit:
            tekst = f"De eerste {len(rows)} open activiteiten op termijn"
        if te_laat:
            tekst += f", waarvan {te_laat} over de termijn"
        self.telling.setText(tekst)

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.telling.setText("Laden mislukt")
        if isinstance(exc, ServiceError):
            dialogs.service_error(self, exc)
        else:
            dialogs.error(
                self, "Werkvoorraad", f"De werkvoorraad kon niet worden geladen. {melding(exc)}"
            )

    def _activated(self, index: QModelIndex) -> None:
        regel = self.model.regel(index)
        if regel is not None:
            self.open_dossier.emit(regel.dossier_id)

    def _context_menu(self, pos: QPoint) -> None:
        regel = self.model.regel(self.table.indexAt(pos))
        if regel is None:
            return
        menu = self.context_menu(regel)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def context_menu(self, regel: ActiviteitRegelLike) -> QMenu:
        """In read-only mode the actions that write stay visible but greyed out, with the
        reason in their tooltip, and opening the dossier is the default."""
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        afhandelen = menu.addAction("Afhandelen…", lambda: self.afhandelen.emit(regel))
        openen = menu.addAction("Dossier openen", lambda: self.open_dossier.emit(regel.dossier_id))
        schrijvend = [afhandelen]
        if regel.eigenaar_groep_id is not None:
            schrijvend.append(menu.addAction("Zelf oppakken", lambda: self.claim.emit(regel)))
        schrijvend.append(menu.addAction("Overdragen…", lambda: self.hand_over.emit(regel)))
        urgentie = menu.addMenu("Urgentie")
        for code, label in URGENTIE_LABEL.items():
            action = urgentie.addAction(label)
            action.setCheckable(True)
            action.setChecked(code == regel.urgentie)
            action.triggered.connect(lambda _=False, c=code: self.urgentie_changed.emit(regel, c))
        schrijvend.append(urgentie.menuAction())
        menu.setDefaultAction(openen if self._alleen_lezen else afhandelen)
        for action in schrijvend if self._alleen_lezen else []:
            action.setEnabled(False)
            action.setToolTip("De database is alleen te lezen: wijzigen kan nu niet.")
        return menu
