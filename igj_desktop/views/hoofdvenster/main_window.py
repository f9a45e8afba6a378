"""The workbench: dossier tree on the left, werkvoorraad and the selected dossier on the right."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QItemSelection, QPoint, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.config import app_versie
from igj_desktop.integrations.office_launcher import default_opener
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.read_models import DossierDetail as DossierDetailModel
from igj_desktop.services.read_models import DossierNode, WerkvoorraadItem
from igj_desktop.services.storing import melding
from igj_desktop.services.workflows import acties as workflows
from igj_desktop.services.workflows import werkvoorraad
from igj_desktop.services.workflows.werkvoorraad import Scope
from igj_desktop.views.documenten.zoekindex_werk import AchtergrondIndex, ZoekindexBijwerken
from igj_desktop.views.dossiers import dossier_tabs
from igj_desktop.views.dossiers.dossier_detail import DossierDetail
from igj_desktop.views.dossiers.dossier_relatie_dialog import RelatieDialog
from igj_desktop.views.dossiers.dossier_subdossier_dialog import (
    BulkSubdossierDialog,
    SubdossierDialog,
)
from igj_desktop.views.dossiers.dossier_tree_model import DossierTreeModel
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.inkortlabel import InkortLabel
from igj_desktop.views.gemeenschappelijk.operations import ServiceOp
from igj_desktop.views.gemeenschappelijk.style import icon
from igj_desktop.views.gemeenschappelijk.tasks import wait_for_tasks
from igj_desktop.views.gemeenschappelijk.zoekveld import ZoekVeld
from igj_desktop.views.hoofdvenster.alleen_lezen_banner import AlleenLezenBanner
from igj_desktop.views.post.post_drop import ItemViewPostDrop, diagnose_dir
from igj_desktop.views.toegang.dossier_overdragen_dialog import OverdragenDialog
from igj_desktop.views.toegang.dossier_toegang_dialog import ToegangDialog
from igj_desktop.views.workflows.werkvoorraad_view import WerkvoorraadView
from igj_desktop.workflows.termijnen import gelijkstellingen

if TYPE_CHECKING:
    from igj_desktop.views.afspraken.agenda_view import AgendaView

# The dialogs of the menu commands, the agenda and the afhandelen flow are imported when
# first used: they are not on the first screen, and their imports cost start-up time.

FILTER_DELAY_MS = 300
EERSTE_GROOTTE = QSize(1400, 900)
WERKVOORRAAD_LIMIT = 500  # the most urgent first; a table of thousands helps nobody


class MainWindow(QMainWindow):
    opener: Callable[[Path], None] = staticmethod(default_opener)  # tests replace it

    def __init__(self, ctx: ServiceContext, settings: QSettings) -> None:
        super().__init__()
        self.ctx = ctx
        self.settings = settings
        self.setWindowTitle("IGJ Desktop")
        self.setObjectName("hoofdvenster")
        self._build_status_bar()  # first: loading starts as soon as the tree has its model

        self.tree_model = DossierTreeModel(self._load_tree_page, parent=self)
        self.tree_model.load_failed.connect(self._load_failed)
        self.tree_model.loading_changed.connect(self._tree_loading)
        self.tree_model.loading_changed.connect(
            lambda loading: self.laden_label.setText("Dossiers laden…" if loading else "")
        )
        self._select_after_load: uuid.UUID | None = None
        self._expand_after_load: set[uuid.UUID] = set()
        self.werkvoorraad = WerkvoorraadView(
            self._load_werkvoorraad, limit=WERKVOORRAAD_LIMIT, alleen_lezen=ctx.db.alleen_lezen
        )
        # its query runs while the rest of the window is built, like the tree's first page
        self.werkvoorraad.reload()
        self.werkvoorraad.open_dossier.connect(self._open_from_werkvoorraad)
        self.werkvoorraad.hand_over.connect(self._hand_over_activiteit)
        self.werkvoorraad.urgentie_changed.connect(self._set_urgentie)
        self.werkvoorraad.claim.connect(self._claim)
        self.werkvoorraad.afhandelen.connect(self._afhandelen)
        self.detail = DossierDetail(ctx)
        self.detail.open_dossier.connect(self.open_dossier)
        self.detail.changed.connect(lambda _id: self.refresh())
        self.detail.loaded.connect(self._detail_loaded)
        # a stored document becomes searchable in the background, never on this thread
        self.zoekindex = AchtergrondIndex(lambda: self.ctx, self)
        self.detail.changed.connect(lambda _id: self.zoekindex.binnenkort())

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self._build_tree_pane())
        self.rechts = QSplitter(Qt.Orientation.Vertical, self.splitter)
        self.werk = QTabWidget(self.rechts)
        self.werk.addTab(self.werkvoorraad, "Werkvoorraad")
        self.werk.currentChanged.connect(self._werk_tab)
        self._werk_factories: dict[str, Callable[[], QWidget]] = {}
        self._close_hooks: list[Callable[[], None]] = []
        self.extras: list[object] = []  # installed by app.py (views/hoofdvenster/werkbank_extra.py)
        self.agenda: AgendaView | None = None
        self.add_werk_tab("Mijn agenda", self._build_agenda)
        self.rechts.addWidget(self.werk)
        self.rechts.addWidget(self.detail)
        self.rechts.setStretchFactor(0, 1)
        self.rechts.setStretchFactor(1, 1)
        self.splitter.addWidget(self.rechts)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        # Banners (offline, read-only) go above the splitter in this container: putting one
        # in later by re-parenting the splitter re-polished every widget (100-150 ms at start).
        centraal = QWidget(self)
        self._banners = QVBoxLayout(centraal)
        self._banners.setContentsMargins(0, 0, 0, 0)
        self._banners.setSpacing(0)
        self._banners.addWidget(self.splitter, 1)
        self.setCentralWidget(centraal)

        self._build_actions()
        if ctx.db.alleen_lezen:
            self.act_nieuw.setEnabled(False)
            self.add_banner(AlleenLezenBanner(self))
        self._restore_geometry()
        self._update_actions()

    # -- building -----------------------------------------------------------------------

    def _build_tree_pane(self) -> QWidget:
        pane = QWidget(self)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(6, 6, 0, 0)
        titel = QLabel("Dossiers", pane)
        titel.setObjectName("paneelTitel")
        layout.addWidget(titel)
        self.filter_edit = ZoekVeld(pane, "Filter dossierboom", "Filter op kenmerk of titel…")
        layout.addWidget(self.filter_edit)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(lambda _t: self._filter_timer.start())
        self.filter_edit.returnPressed.connect(self._apply_filter)
        self.filter_inhoud = QCheckBox("Ook in documenten en &mail", pane)
        self.filter_inhoud.setToolTip(
            "Ook dossiers tonen met een document of mail waarin de filterwoorden voorkomen"
        )
        self.filter_inhoud.toggled.connect(self._filter_inhoud_gewijzigd)
        self._filter_in_documenten = False
        layout.addWidget(self.filter_inhoud)

        self.tree = QTreeView(pane)
        self.tree.setAccessibleName("Dossierboom")
        self.tree.setAccessibleDescription(
            "Hoofddossiers met hun subdossiers; Enter of klikken toont het dossier, "
            "pijl rechts klapt subdossiers uit."
        )
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.setAllColumnsShowFocus(True)
        # Several dossiers at once (Ctrl/Shift): to take along on a visit.
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.header().setStretchLastSection(True)
        self.tree.setColumnWidth(0, 218)
        self.tree.selectionModel().selectionChanged.connect(self._tree_selection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        # The next page of hoofddossiers when the user scrolls to the end of the loaded ones.
        balk = self.tree.verticalScrollBar()
        balk.valueChanged.connect(lambda waarde: self._tree_gescrold(waarde, balk.maximum()))
        # Post dropped from Outlook or Explorer on a dossier row is registered in that dossier.
        self.post_drop = ItemViewPostDrop.install(
            self.tree,
            self.ctx,
            lambda index: self.tree_model.data(index, Qt.ItemDataRole.UserRole),
            diagnose_dir,
        )
        layout.addWidget(self.tree, 1)
        return pane

    def _action(
        self,
        label: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | str | None = None,
        icon_name: str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(label, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setIcon(icon(icon_name))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.act_nieuw = a(
            "&Nieuw dossier…", self.new_dossier, "Ctrl+N", "nieuw", "Een nieuw dossier aanmaken"
        )
        self.act_zoeken = a(
            "&Zoeken…",
            self.search,
            "Ctrl+F",
            "zoeken",
            "Dossiers zoeken op kenmerk, tekst, relatie, behandelaar…",
        )
        self.act_zoekindex = a(
            "Zoekindex &bijwerken…",
            self._zoekindex_bijwerken,
            None,
            None,
            "De tekst van alle nog niet doorzochte documenten en mails doorzoekbaar maken",
        )
        self.act_vernieuwen = a(
            "&Vernieuwen",
            self.refresh,
            QKeySequence.StandardKey.Refresh,
            "vernieuwen",
            "Dossierboom en werkvoorraad opnieuw laden",
        )
        self.act_afsluiten_app = a("&Afsluiten", self.close, "Ctrl+Q")
        self.act_filter = a("&Filter dossierboom", self._focus_filter, "Ctrl+L")
        self.act_subdossier = a(
            "Nieuw &subdossier…",
            self.new_subdossier,
            "Ctrl+Shift+N",
            "subdossier",
            "Een subdossier onder het gekozen dossier",
        )
        self.act_bulk = a(
            "Subdossiers in &bulk…",
            self.bulk_subdossiers,
            None,
            None,
            "Eén subdossier per onder toezicht staande",
        )
        self.act_toegang = a(
            "&Toegang…",
            self.manage_access,
            "Ctrl+Shift+T",
            "toegang",
            "Toegang tot het dossier beheren",
        )
        self.act_relatie = a(
            "&Relatie toevoegen…",
            self.add_relatie,
            "Ctrl+Shift+R",
            "relatie",
            "Een relatie uit het register aan het dossier toevoegen",
        )
        self.act_koppelen = a(
            "&Koppelen…",
            self.link_dossier,
            "Ctrl+Shift+K",
            "koppeling",
            "Een gerelateerd dossier koppelen",
        )
        self.act_afspraak = a(
            "Afs&praak plannen…",
            self.plan_afspraak,
            None,
            None,
            "Een bezoek, overleg of gesprek plannen, met Outlook-uitnodiging",
        )
        self.act_overdragen = a(
            "&Overdragen…",
            self.hand_over_dossier,
            None,
            "overdragen",
            "Het dossier aan een andere behandelaar overdragen",
        )
        self.act_afsluiten = a(
            "Dossier af&sluiten…",
            self.close_dossier,
            None,
            "afsluiten",
            "Het dossier afsluiten (reden verplicht)",
        )
        self.act_heropenen = a(
            "Dossier &heropenen…",
            self.reopen_dossier,
            None,
            None,
            "Een gesloten dossier heropenen (beheerder of MT)",
        )
        self.act_over = a("&Over IGJ Desktop", self._about)
        self.act_help = a("&Sneltoetsen en hulp", self._help, QKeySequence.StandardKey.HelpContents)
        self.dossier_actions = [
            self.act_subdossier, self.act_bulk, self.act_toegang, self.act_relatie,
            self.act_koppelen, self.act_afspraak, self.act_overdragen, self.act_afsluiten,
        ]  # fmt: skip

        menu = self.menuBar()
        bestand = menu.addMenu("&Bestand")
        bestand.addActions([self.act_nieuw, self.act_zoeken, self.act_zoekindex])
        bestand.addSeparator()
        bestand.addAction(self.act_afsluiten_app)
        dossier = menu.addMenu("&Dossier")
        dossier.addActions([self.act_subdossier, self.act_bulk])
        dossier.addSeparator()
        dossier.addActions([self.act_toegang, self.act_relatie, self.act_koppelen])
        dossier.addAction(self.act_afspraak)
        dossier.addSeparator()
        dossier.addActions([self.act_overdragen, self.act_afsluiten, self.act_heropenen])
        beeld = menu.addMenu("Bee&ld")
        beeld.addActions([self.act_vernieuwen, self.act_filter])
        self.help_menu = menu.addMenu("&Help")
        self.help_menu.addActions([self.act_help, self.act_over])
        # The same dossier commands on a right click in the tree (their state follows the
        # dossier shown, as in the menu bar).
        self.boom_menu = QMenu(self)
        self.boom_menu.addActions([self.act_subdossier, self.act_relatie, self.act_afspraak])
        self.boom_menu.addActions([self.act_koppelen, self.act_toegang])
        self.boom_menu.addSeparator()
        self.boom_menu.addActions([self.act_overdragen, self.act_afsluiten, self.act_heropenen])

        toolbar = QToolBar("Werkbalk", self)
        toolbar.setObjectName("werkbalk")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.act_nieuw, self.act_zoeken, self.act_vernieuwen])
        toolbar.addSeparator()
        toolbar.addActions(
            [self.act_subdossier, self.act_toegang, self.act_relatie, self.act_koppelen]
        )
        toolbar.addSeparator()
        toolbar.addActions([self.act_overdragen, self.act_afsluiten])
        self.addToolBar(toolbar)
        self.werkbalk = toolbar
        # On a narrow window these lose their text first (icon, tooltip and menu stay), so no
        # command drops off the toolbar behind its overflow arrow.
        self._werkbalk_inkorten = [
            self.act_vernieuwen, self.act_koppelen, self.act_toegang, self.act_overdragen,
            self.act_relatie, self.act_subdossier, self.act_zoeken, self.act_nieuw,
            self.act_afsluiten,
        ]  # fmt: skip

    def _build_status_bar(self) -> None:
        self.database_label = InkortLabel(self.ctx.db.description)
        self.gebruiker_label = QLabel(
            f"Aangemeld als {self.ctx.actor.naam} ({self.ctx.actor.gebruikersnaam})"
        )
        self.laden_label = QLabel("")
        self.laden_label.setObjectName("hint")
        self.statusBar().addWidget(self.database_label, 2)
        self.statusBar().addPermanentWidget(self.laden_label)
        self.statusBar().addPermanentWidget(self.gebruiker_label)

    # -- state --------------------------------------------------------------------------

    @property
    def dossier_id(self) -> uuid.UUID | None:
        return self.detail.dossier_id

    def _tree_gescrold(self, waarde: int, maximum: int) -> None:
        if maximum > 0 and waarde >= maximum - 5:
            self.tree_model.meer_laden()

    def is_loading(self) -> bool:
        return (
            self.tree_model.is_loading()
            or self.werkvoorraad.is_loading()
            or self.detail.is_loading()
        )

    def _update_actions(self) -> None:
        """Dossier commands follow the dossier shown: none without one, read-only when closed."""
        detail = self.detail.detail if self.dossier_id is not None else None
        loaded = detail is not None and detail.id == self.dossier_id
        may_edit = loaded and detail.mag_wijzigen
        for action in self.dossier_actions:
            action.setEnabled(may_edit)
        if loaded and detail.parent is not None:  # no subdossiers under a subdossier
            self.act_subdossier.setEnabled(False)
            self.act_bulk.setEnabled(False)
        self.act_heropenen.setEnabled(loaded and detail.gesloten and not self.ctx.db.alleen_lezen)

    def _load_tree_page(
        self, parent_id: uuid.UUID | None, filter_text: str, offset: int, limit: int
    ) -> list[DossierNode]:
        if parent_id is None:
            return dossiers.list_hoofddossiers(
                self.ctx, filter_text, offset, limit, in_documenten=self._filter_in_documenten
            )
        return dossiers.list_subdossiers(self.ctx, parent_id)

    def _load_werkvoorraad(self, scope: Scope) -> list[WerkvoorraadItem]:
        return werkvoorraad.list_werkvoorraad(self.ctx, scope, limit=WERKVOORRAAD_LIMIT)

    def _load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ServiceError):
            dialogs.service_error(self, exc)
        else:
            dialogs.error(
                self, "Laden mislukt", f"De dossiers konden niet worden geladen. {melding(exc)}"
            )

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        if self.filter_edit.text().strip() != self.tree_model.filter_text:
            self.tree_model.set_filter(self.filter_edit.text())

    def _filter_inhoud_gewijzigd(self, aan: bool) -> None:
        self._filter_in_documenten = aan
        if self.tree_model.filter_text:
            self.tree_model.set_filter(self.tree_model.filter_text)

    def _zoekindex_bijwerken(self) -> None:
        ZoekindexBijwerken(self.ctx, self).show()

    def _focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _tree_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            dossier_id = self.tree_model.data(indexes[0], Qt.ItemDataRole.UserRole)
            self.detail.set_dossier(dossier_id)
            self._update_actions()

    def open_dossier(self, dossier_id: uuid.UUID) -> None:
        """Show a dossier; select it in the tree when it is loaded there."""
        index = self.tree_model.index_of(dossier_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        self.detail.set_dossier(dossier_id)
        self._update_actions()

    def _detail_loaded(self, detail: DossierDetailModel) -> None:
        """Follow the detail in the tree; a subdossier's hoofddossier is expanded to show it."""
        self._update_actions()
        # The platform appends the application's display name ("… – IGJ Desktop").
        self.setWindowTitle(f"{detail.kenmerk} {detail.titel}")
        current = self.tree_model.regel(self.tree.currentIndex())
        if current is not None and current.id == detail.id:
            return
        index = self.tree_model.index_of(detail.id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        elif detail.parent is not None:
            parent = self.tree_model.index_of(detail.parent.id)
            if parent.isValid():
                self._select_after_load = detail.id
                self.tree.expand(parent)

    def add_werk_tab(self, titel: str, factory: Callable[[], QWidget]) -> None:
        """A tab beside the werkvoorraad, built the first time it is shown."""
        self._werk_factories[titel] = factory
        self.werk.addTab(QWidget(), titel)

    def werk_tab(self, titel: str) -> QWidget:
        """Show the tab ``titel`` beside the werkvoorraad (building it) and return it."""
        index = next(i for i in range(self.werk.count()) if self.werk.tabText(i) == titel)
        self.werk.setCurrentIndex(index)
        self._werk_tab(index)
        return self.werk.widget(index)

    def _werk_tab(self, index: int) -> None:
        factory = self._werk_factories.pop(self.werk.tabText(index), None)
        if factory is None:
            return
        titel = self.werk.tabText(index)
        self.werk.blockSignals(True)
        self.werk.removeTab(index)
        self.werk.insertTab(index, factory(), titel)
        self.werk.setCurrentIndex(index)
        self.werk.blockSignals(False)

    def _build_agenda(self) -> AgendaView:
        from igj_desktop.views.afspraken.agenda_view import AgendaView

        self.agenda = AgendaView(self.ctx)
        self.agenda.afspraak_gekozen.connect(self._open_afspraak)
        return self.agenda

    def _open_afspraak(self, afspraak_id: uuid.UUID) -> None:
        """An afspraak chosen in Mijn agenda: its dossier, at the Afspraken tab."""
        assert self.agenda is not None
        row = next((r for r in self.agenda.rows if r.id == afspraak_id), None)
        if row is not None:
            self.open_dossier(row.dossier_id)
            self.detail.tab("Afspraken")

    def menu(self, titel: str) -> QMenu:
        """The menu-bar menu ``titel`` (with its & accelerator), created before Help if new."""
        for action in self.menuBar().actions():
            if action.text() == titel and action.menu() is not None:
                return action.menu()
        menu = QMenu(titel, self)
        self.menuBar().insertMenu(self.help_menu.menuAction(), menu)
        return menu

    def use_context(self, ctx: ServiceContext, *, offline: bool) -> None:
        """Work on another database: the local replica offline, the shared one online.

        Offline, only what the replica can do stays enabled: no new dossiers (their
        kenmerk comes from the shared database)."""
        self.ctx = ctx
        self.post_drop.ctx = ctx
        for widget in (self.agenda, *self._werk_widgets()):
            if widget is not None and hasattr(widget, "ctx"):
                widget.ctx = ctx
        self.act_nieuw.setEnabled(not offline and not ctx.db.alleen_lezen)
        self.database_label.setText(
            "Offline: meegenomen dossiers op deze laptop" if offline else ctx.db.description
        )
        self.detail.use_context(ctx)
        self.refresh()

    def _werk_widgets(self) -> list[QWidget]:
        return [self.werk.widget(i) for i in range(1, self.werk.count())]

    def selected_dossier_ids(self) -> list[uuid.UUID]:
        """The dossiers chosen in the tree (several with Ctrl/Shift), for bulk commands."""
        ids = []
        for index in self.tree.selectionModel().selectedRows():
            regel = self.tree_model.regel(index)
            if regel is not None:
                ids.append(regel.id)
        return ids

    def add_banner(self, banner: QWidget) -> None:
        """A bar across the top of the window (offline notice), above tree and werkvoorraad;
        a later one above the earlier ones."""
        self._banners.insertWidget(0, banner)

    def add_close_hook(self, hook: Callable[[], None]) -> None:
        """Run ``hook`` when the window closes (stop workers, timers)."""
        self._close_hooks.append(hook)

    def open_file(self, pad: Path) -> None:
        """Open a file the app made in the user's own program for it."""
        type(self).opener(pad)

    def _open_from_werkvoorraad(self, dossier_id: uuid.UUID) -> None:
        """Work comes from the werkvoorraad: show the dossier at its activiteiten."""
        self.open_dossier(dossier_id)
        self.detail.tab("Activiteiten")

    def refresh(self, select: uuid.UUID | None = None) -> None:
        """Reload tree, werkvoorraad and detail; then select ``select`` (or the current one).

        The tree comes back as the user left it: expanded dossiers are expanded again.
        """
        self._select_after_load = select or self.dossier_id
        self._expand_after_load = self._expanded_ids()
        self.tree_model.reload()
        self.werkvoorraad.reload()
        if select is not None and select != self.dossier_id:
            self.detail.set_dossier(select)
            self._update_actions()
        else:
            self.detail.reload()

    def _expanded_ids(self) -> set[uuid.UUID]:
        ids = set()
        for row in range(self.tree_model.rowCount()):
            index = self.tree_model.index(row, 0)
            regel = self.tree_model.regel(index)
            if regel is not None and self.tree.isExpanded(index):
                ids.add(regel.id)
        return ids

    def _tree_loading(self, loading: bool) -> None:
        if loading:
            return
        for dossier_id in list(self._expand_after_load):
            index = self.tree_model.index_of(dossier_id)
            if index.isValid():
                self._expand_after_load.discard(dossier_id)
                self.tree.expand(index)  # loads its subdossiers; we come back here after
        target = self._select_after_load
        index = self.tree_model.index_of(target) if target is not None else None
        if index is not None and index.isValid():
            self._select_after_load = None
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    # -- commands -----------------------------------------------------------------------

    def new_dossier(self) -> None:
        from igj_desktop.views.dossiers.dossier_nieuw_wizard import NieuwDossierWizard

        dossier_id = NieuwDossierWizard.ask(self.ctx, self)
        if dossier_id is not None:
            self.refresh(select=dossier_id)

    def search(self) -> None:
        # imported on first use: the dialog and its result list are not on the first screen
        from igj_desktop.views.dossiers.dossier_zoeken_dialog import ZoekDialog

        keuze = ZoekDialog.kies(self.ctx, self)
        if keuze is None:
            return
        self.open_dossier(keuze.dossier_id)
        if keuze.document_id is not None:
            self.toon_document(keuze.document_id)

    def toon_document(self, document_id: uuid.UUID) -> None:
        """The Documenten tab of the open dossier, with ``document_id`` chosen once loaded."""
        tab = self.detail.tab("Documenten")
        if not tab.is_loading():
            tab.selecteer(document_id)
            return

        def kies() -> None:
            tab.loaded.disconnect(kies)
            tab.selecteer(document_id)

        tab.loaded.connect(kies)

    def _with_dossier(self, ask: Callable[[uuid.UUID], Any]) -> Any:
        if self.dossier_id is None:
            return None
        try:
            result = ask(self.dossier_id)
        except ServiceError as exc:  # e.g. the dossier was closed or access revoked meanwhile
            dialogs.service_error(self, exc, reload=self.refresh)
            return None
        if result:
            self.refresh()
        return result

    def new_subdossier(self) -> None:
        new_id = self._with_dossier(lambda d: SubdossierDialog.ask(self.ctx, d, self))
        if new_id:
            self.open_dossier(new_id)
            self._select_after_load = new_id

    def bulk_subdossiers(self) -> None:
        self._with_dossier(lambda d: BulkSubdossierDialog.ask(self.ctx, d, self))

    def manage_access(self) -> None:
        self._with_dossier(lambda d: ToegangDialog.ask(self.ctx, d, self))

    def add_relatie(self) -> None:
        self._with_dossier(lambda d: RelatieDialog.ask(self.ctx, d, self))

    def link_dossier(self) -> None:
        self._with_dossier(lambda d: dossier_tabs.koppelen(self.ctx, d, self))

    def close_dossier(self) -> None:
        from igj_desktop.views.dossiers.dossier_afsluiten_dialog import AfsluitenDialog

        self._with_dossier(lambda d: AfsluitenDialog.ask(self.ctx, d, self))

    def plan_afspraak(self) -> None:
        from igj_desktop.views.afspraken.afspraak_dialog import AfspraakDialog

        if self._with_dossier(lambda d: AfspraakDialog.ask(self.ctx, d, self)) and self.agenda:
            self.agenda.show_week(self.agenda.week_start)

    def reopen_dossier(self) -> None:
        from igj_desktop.views.dossiers.dossier_afsluiten_dialog import HeropenenDialog

        self._with_dossier(lambda d: HeropenenDialog.ask(self.ctx, d, self))

    def hand_over_dossier(self) -> None:
        omschrijving = self._dossier_omschrijving()
        self._with_dossier(lambda d: OverdragenDialog.ask_dossier(self.ctx, d, omschrijving, self))

    def _dossier_omschrijving(self) -> str:
        detail = self.detail.detail
        return f"{detail.kenmerk} — {detail.titel}" if detail is not None else ""

    def _hand_over_activiteit(self, regel: WerkvoorraadItem) -> None:
        if OverdragenDialog.ask_activiteit(self.ctx, regel, self):
            self.refresh()

    def _afhandelen(self, regel: WerkvoorraadItem) -> None:
        from igj_desktop.views.workflows.werkvoorraad_afhandelen import afhandelen

        afhandelen(self.ctx, regel, self, self.refresh)

    def _claim(self, regel: WerkvoorraadItem) -> None:
        self._werkvoorraad_op(
            regel,
            lambda: workflows.claim_activiteit(
                self.ctx, regel.activiteit_id, version=regel.version
            ),
        )

    def _set_urgentie(self, regel: WerkvoorraadItem, urgentie: str) -> None:
        self._werkvoorraad_op(
            regel,
            lambda: workflows.set_urgentie(self.ctx, regel.activiteit_id, urgentie, regel.version),
        )

    def _werkvoorraad_op(self, regel: WerkvoorraadItem, call: Callable[[], object]) -> None:
        """A change to one werkvoorraad item, in the background; then both lists reload."""

        def gedaan(_: object) -> None:
            self.werkvoorraad.reload()
            if regel.dossier_id == self.dossier_id:
                self.detail.reload()

        ServiceOp(self, call).conflict(self.refresh).success(gedaan).run()

    def _tree_menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        if self.tree_model.regel(index) is None:
            return
        if index != self.tree.currentIndex():
            self.tree.setCurrentIndex(index)  # the menu acts on the row that was clicked
        self.boom_menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _about(self) -> None:
        dialogs.inform(
            self,
            "Over IGJ Desktop",
            f"IGJ Desktop {app_versie()} — zaaksysteem voor de Inspectie Gezondheidszorg en "
            f"Jeugd.\n{self.ctx.db.description}\nLicentie: EUPL-1.2\n"
            f"{gelijkstellingen().samenvatting(self.ctx.today())}\n\n"
            "Hulp nodig? Kies Help ▸ Sneltoetsen en hulp (F1) of neem contact op met de "
            "servicedesk.",
        )

    def _help(self) -> None:
        regels = [
            f"{a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}\t"
            f"{a.text().replace('&', '')}"
            for a in self.actions()
            if not a.shortcut().isEmpty()
        ]
        dialogs.inform(
            self,
            "Sneltoetsen en hulp",
            "Sneltoetsen:\n" + "\n".join(sorted(regels)) + "\n\n"
            "Tab gaat naar het volgende veld, ook vanuit tekstvakken; Ctrl+Tab typt een tab. "
            "In lijsten en de dossierboom kiest u met de pijltjestoetsen en opent u met Enter. "
            "Met de rechtermuisknop (of de menutoets) op een dossier in de boom ziet u wat u "
            "ermee kunt. Post of bestanden sleept u op een dossier of op het tabblad Post.",
        )

    # -- geometry -----------------------------------------------------------------------

    def _splitters(self) -> dict[str, QSplitter]:
        return {"hoofd": self.splitter, "rechts": self.rechts}

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("venster/geometrie")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self._first_geometry()
        state = self.settings.value("venster/indeling")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        for naam, splitter in self._splitters().items():
            sizes = self.settings.value(f"venster/splitter_{naam}")
            if isinstance(sizes, QByteArray):
                splitter.restoreState(sizes)
        for naam, header in self._kolommen().items():
            kolommen = self.settings.value(f"venster/kolommen_{naam}")
            if isinstance(kolommen, QByteArray) and header.restoreState(kolommen):
                header.sortIndicatorChanged.emit(
                    header.sortIndicatorSection(), header.sortIndicatorOrder()
                )
        # Where the user left off: the dossier (selected once the tree has it) and the tab
        # beside the werkvoorraad (after the extras have added theirs).
        with contextlib.suppress(ValueError):  # none saved yet
            self._select_after_load = uuid.UUID(str(self.settings.value("venster/dossier", "")))
        QTimer.singleShot(0, self, self._herstel_werk_tab)

    def _herstel_werk_tab(self) -> None:
        titel = self.settings.value("venster/werk_tab", "")
        for index in range(self.werk.count()):
            if self.werk.tabText(index) == titel:
                self.werk_tab(titel)

    def _kolommen(self) -> dict[str, QHeaderView]:
        return {"werkvoorraad": self.werkvoorraad.table.horizontalHeader()}

    def _first_geometry(self) -> None:
        """The very first window fits the screen it opens on: 1400×900 where that fits,
        maximised on a smaller (or scaled) laptop screen; splitters in proportion."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        ruimte = screen.availableGeometry()
        if ruimte.width() >= EERSTE_GROOTTE.width() + 40 and ruimte.height() >= (
            EERSTE_GROOTTE.height() + 80
        ):
            self.resize(EERSTE_GROOTTE)
            breedte, hoogte = EERSTE_GROOTTE.width(), EERSTE_GROOTTE.height()
        else:
            self.resize(ruimte.size())
            self.setWindowState(Qt.WindowState.WindowMaximized)
            breedte, hoogte = ruimte.width(), ruimte.height()
        boom = max(240, min(430, breedte * 3 // 10))
        self.splitter.setSizes([boom, breedte - boom])
        self.rechts.setSizes([hoogte // 2, hoogte // 2])  # at 720 high: six werkvoorraad rows

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._werkbalk_passend()

    def _werkbalk_passend(self) -> None:
        """Take the text off toolbar buttons, least needed first, until all of them fit."""
        for action in self._werkbalk_inkorten:
            knop = self.werkbalk.widgetForAction(action)
            if isinstance(knop, QToolButton):
                knop.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        beschikbaar = self.width() - 12
        for action in self._werkbalk_inkorten:
            if self.werkbalk.sizeHint().width() <= beschikbaar:
                return
            knop = self.werkbalk.widgetForAction(action)
            if isinstance(knop, QToolButton):
                knop.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)

    def save_geometry(self) -> None:
        self.settings.setValue("venster/geometrie", self.saveGeometry())
        self.settings.setValue("venster/indeling", self.saveState())
        for naam, splitter in self._splitters().items():
            self.settings.setValue(f"venster/splitter_{naam}", splitter.saveState())
        for naam, header in self._kolommen().items():
            self.settings.setValue(f"venster/kolommen_{naam}", header.saveState())
        self.settings.setValue("venster/dossier", str(self.dossier_id or ""))
        self.settings.setValue("venster/werk_tab", self.werk.tabText(self.werk.currentIndex()))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._filter_timer.stop()
        for hook in self._close_hooks:
            hook()
        self.save_geometry()
        wait_for_tasks()
        super().closeEvent(event)
