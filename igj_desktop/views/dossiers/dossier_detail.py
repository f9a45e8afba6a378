"""The selected dossier: a header with its kenmerk and state, and the registered tabs."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from igj_desktop.services import read_models
from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.storing import melding
from igj_desktop.views.dossiers import dossier_tabs
from igj_desktop.views.gemeenschappelijk.tasks import TaskHandle, run_task
from igj_desktop.views.gemeenschappelijk.toegankelijkheid import afgeleide_naam

if TYPE_CHECKING:
    from igj_desktop.services.dossiers.overzicht import DossierOverzicht


def _houder() -> QScrollArea:
    """A tab's page: on a small (laptop) screen a tab scrolls instead of making the whole
    window taller or wider than the screen."""
    houder = QScrollArea()
    houder.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the tab's own controls
    houder.setWidgetResizable(True)
    houder.setFrameShape(QFrame.Shape.NoFrame)
    binnen = QWidget()
    QVBoxLayout(binnen).setContentsMargins(0, 0, 0, 0)
    houder.setWidget(binnen)
    houder.viewport().setAutoFillBackground(False)  # the tab's own white shows through
    binnen.setAutoFillBackground(False)
    return houder


class DossierDetail(QWidget):
    """Shows one dossier; tabs are built the first time they are shown.

    Opening a dossier is one read in the background (``dossier_overzicht``): the header, and
    the ``voorgeladen`` tabs (Overzicht, Activiteiten, Documenten) get their part of it."""

    open_dossier = Signal(object)  # navigate to another dossier (subdossier, hoofddossier, link)
    changed = Signal(object)  # the dossier id whose data changed (tree, werkvoorraad refresh)
    loaded = Signal(object)  # the DossierDetail read model, after every (re)load

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id: uuid.UUID | None = None
        self.detail: read_models.DossierDetail | None = None
        self.overzicht: DossierOverzicht | None = None
        self._task: TaskHandle | None = None
        self._built: dict[int, QWidget] = {}

        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.leeg = QLabel("Kies een dossier in de dossierboom of dubbelklik op een activiteit.")
        self.leeg.setObjectName("hint")
        self.leeg.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.leeg)

        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 6)
        kop = QHBoxLayout()
        self.kenmerk_label = QLabel(page)
        self.kenmerk_label.setObjectName("dossierKop")
        self.kenmerk_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # the kenmerk is never squeezed: the titel beside it wraps instead
        self.kenmerk_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        kop.addWidget(self.kenmerk_label, 0, Qt.AlignmentFlag.AlignTop)
        self.titel_label = QLabel(page)
        self.titel_label.setObjectName("dossierKop")
        # A long titel wraps instead of widening the whole pane (titels run to 300 characters).
        self.titel_label.setWordWrap(True)
        kop.addWidget(self.titel_label, 1)
        self.badge_label = QLabel(page)
        self.badge_label.setObjectName("waarschuwing")
        self.badge_label.setVisible(False)
        kop.addWidget(self.badge_label)
        layout.addLayout(kop)
        self.sub_label = QLabel(page)
        self.sub_label.setObjectName("dossierSubkop")
        self.sub_label.setWordWrap(True)
        layout.addWidget(self.sub_label)
        self.tabs = QTabWidget(page)
        self.tabs.setDocumentMode(False)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.currentChanged.connect(self._ensure_built)
        layout.addWidget(self.tabs, 1)
        self.stack.addWidget(page)

    # -- public -------------------------------------------------------------------------

    def is_loading(self) -> bool:
        if self._task is not None:
            return True
        return any(
            getattr(widget, "is_loading", lambda: False)() for widget in self._built.values()
        )

    def set_dossier(self, dossier_id: uuid.UUID | None) -> None:
        if dossier_id == self.dossier_id and dossier_id is not None:
            return
        self.dossier_id = dossier_id
        self.detail = None
        self.overzicht = None
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if dossier_id is None:
            self._rebuild_tabs()
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        self.kenmerk_label.setText("")
        self.titel_label.setText("Laden…")
        self.sub_label.setText("")
        self.badge_label.setVisible(False)
        self._load_header()  # first: the tabs built now wait for it instead of reading
        self._rebuild_tabs()

    def reload(self) -> None:
        """Refresh the header and every tab already built (after a change)."""
        if self.dossier_id is None:
            return
        self._load_header()
        for widget in self._built.values():
            if self._voorgeladen(widget):
                widget.wacht_op_overzicht()  # type: ignore[attr-defined]
                continue
            reload = getattr(widget, "reload", None)
            if callable(reload):
                reload()

    def tab(self, titel: str) -> QWidget:
        """The widget of a tab (built now if needed); tests and the window navigate with it."""
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i) == titel:
                self.tabs.setCurrentIndex(i)
                self._ensure_built(i)
                return self._built[i]
        raise KeyError(titel)

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    # -- internals ----------------------------------------------------------------------

    def _load_header(self) -> None:
        if self._task is not None:
            self._task.cancel()
        # the read behind it (documents, leases, werkvoorraad) is imported when a dossier
        # first opens, not with the window
        from igj_desktop.services.dossiers.overzicht import dossier_overzicht

        dossier_id = self.dossier_id
        assert dossier_id is not None
        ctx = self.ctx

        self._task = run_task(
            lambda: dossier_overzicht(ctx, dossier_id), self._show_header, self._failed
        )

    def use_context(self, ctx: ServiceContext) -> None:
        """Work on another database (the replica offline, the shared one online again)."""
        self.ctx = ctx
        dossier_id, self.dossier_id = self.dossier_id, None
        self.set_dossier(dossier_id)

    def _show_header(self, overzicht: DossierOverzicht) -> None:
        self._task = None
        self.overzicht = overzicht
        detail, leases = overzicht.detail, overzicht.leases
        self.detail = detail
        self.kenmerk_label.setText(detail.kenmerk)
        self.titel_label.setText(detail.titel)
        self.titel_label.setToolTip(detail.titel)
        self.sub_label.setText(dossier_tabs.header_line(detail))
        badges = []
        if detail.status == "gesloten":
            badges.append("Gesloten — alleen raadplegen")
        if detail.afgeschermd:
            badges.append("Afgeschermd")
        badges += [
            f"Meegenomen door {lease.medewerker} tot {lease.tot.astimezone(AMSTERDAM):%d-%m}"
            for lease in leases
        ]
        self.badge_label.setText(" · ".join(badges))
        self.badge_label.setVisible(bool(badges))
        for widget in self._built.values():
            if self._voorgeladen(widget):
                widget.toon_overzicht(overzicht)  # type: ignore[attr-defined]
            self._apply_read_only(widget)
        self.loaded.emit(detail)

    def _apply_read_only(self, widget: QWidget) -> None:
        """Tabs with a ``set_read_only`` hear whether the user may change this dossier."""
        set_read_only = getattr(widget, "set_read_only", None)
        if callable(set_read_only) and self.detail is not None:
            set_read_only(not self.detail.mag_wijzigen)

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        self.titel_label.setText("")
        self.sub_label.setText(melding(exc))
        for widget in self._built.values():  # tabs waiting for the read try their own
            if self._voorgeladen(widget):
                widget.reload()  # type: ignore[attr-defined]

    def _voorgeladen(self, widget: QWidget) -> bool:
        return any(
            self._built.get(i) is widget and tab.voorgeladen
            for i, tab in enumerate(dossier_tabs.DOSSIER_TABS)
        )

    def _rebuild_tabs(self) -> None:
        self.tabs.blockSignals(True)
        for widget in self._built.values():
            if hasattr(widget, "cancel"):
                widget.cancel()
        self._built.clear()
        while self.tabs.count():
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            page.deleteLater()
        if self.dossier_id is not None:
            for tab in dossier_tabs.DOSSIER_TABS:
                self.tabs.addTab(_houder(), tab.titel)
            self.tabs.setCurrentIndex(0)  # another dossier opens on its Overzicht
        self.tabs.blockSignals(False)
        if self.tabs.count():
            self._ensure_built(self.tabs.currentIndex())

    def _ensure_built(self, index: int) -> None:
        if index < 0 or index in self._built or self.dossier_id is None:
            return
        holder = self.tabs.widget(index)
        assert isinstance(holder, QScrollArea)
        tab = dossier_tabs.DOSSIER_TABS[index]
        overzicht = self.overzicht
        if not tab.voorgeladen or (overzicht is None and self._task is None):
            widget = tab.factory(self.ctx, self.dossier_id, holder.widget())
        else:  # the pane's read brings (or brought) its rows: it reads nothing itself
            widget = tab.factory(self.ctx, self.dossier_id, holder.widget(), False)
            if overzicht is not None and self._task is None:
                widget.toon_overzicht(overzicht)
        holder.widget().layout().addWidget(widget)
        for lijst in widget.findChildren(QAbstractItemView):  # a screen reader names the list
            if not lijst.accessibleName():
                lijst.setAccessibleName(f"{tab.titel}: {afgeleide_naam(lijst)}".rstrip(": "))
        widget.show()  # the layout would only show it after the next event-loop turn
        self._built[index] = widget
        self._apply_read_only(widget)
        if hasattr(widget, "open_dossier"):
            widget.open_dossier.connect(self.open_dossier)
        if hasattr(widget, "changed"):
            widget.changed.connect(self._tab_changed)

    def _tab_changed(self) -> None:
        self.reload()
        self.changed.emit(self.dossier_id)
