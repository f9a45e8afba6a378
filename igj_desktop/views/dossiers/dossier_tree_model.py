"""The dossier tree: hoofddossiers with their subdossiers, loaded lazily page by page.

The model is a thin adapter (napari style): it holds read models the services returned and
asks for more through ``canFetchMore``/``fetchMore``; the query runs in a worker
(``run_task``) and the rows are inserted when the answer is back in the UI thread.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from igj_desktop.views.gemeenschappelijk.style import icon
from igj_desktop.views.gemeenschappelijk.tasks import TaskHandle, run_task
from igj_desktop.views.gemeenschappelijk.thema import kleur

Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 100
COLUMNS = ("Kenmerk", "Titel")


class DossierRegelLike(Protocol):
    """What the tree shows of a dossier (the services' list read model)."""

    id: uuid.UUID
    kenmerk: str
    titel: str
    status: str
    afgeschermd: bool
    dossiertype: str
    child_count: int


# (parent_id or None for the hoofddossiers, filter text, offset, limit) -> one page
PageLoader = Callable[[uuid.UUID | None, str, int, int], Sequence[DossierRegelLike]]


@dataclass(eq=False)
class _Node:
    regel: DossierRegelLike | None  # None: the invisible root
    parent: _Node | None
    row: int = 0  # rows are only ever appended, so a node's row never changes
    children: list[_Node] = field(default_factory=list)
    complete: bool = False
    loading: TaskHandle | None = None

    @property
    def may_have_children(self) -> bool:
        return self.regel is None or self.regel.child_count > 0


class DossierTreeModel(QAbstractItemModel):
    """Dossiers the user may see; ``set_filter`` restarts loading with a search text."""

    loading_changed = Signal(bool)
    load_failed = Signal(object)  # the exception, for the window to show

    def __init__(
        self,
        loader: PageLoader,
        *,
        page_size: int = PAGE_SIZE,
        asynchronous: bool = True,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._loader = loader
        self._page_size = page_size
        self._asynchronous = asynchronous
        self._filter = ""
        self._root = _Node(None, None)
        # QTreeView lays out the root after every page and then fetches the next one, so
        # without this an asynchronous model loads all 200,000 hoofddossiers in the
        # background. A page after the first comes only when ``meer_laden`` asks for it.
        self._meer_gevraagd = False

    # -- public -------------------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        return self._filter

    def set_filter(self, text: str) -> None:
        self._filter = text.strip()
        self.reload()

    def reload(self) -> None:
        """Forget every loaded row; the view fetches the first page again."""
        was_loading = self.is_loading()
        self._cancel(self._root)
        self.beginResetModel()
        self._root = _Node(None, None)
        self._meer_gevraagd = False
        self.endResetModel()
        if was_loading:
            self.loading_changed.emit(False)
        # Start the first page now rather than at the view's next layout pass, so "loading"
        # is true from this moment on and nobody sees a stale empty tree as the answer.
        self.fetchMore(QModelIndex())

    def is_loading(self) -> bool:
        return self._any_loading(self._root)

    @property
    def heeft_meer(self) -> bool:
        """More hoofddossiers than loaded (for the view to offer them on scrolling)."""
        return not self._root.complete

    def meer_laden(self) -> None:
        """The next page of hoofddossiers: the view scrolled to the end of what is loaded."""
        if self.heeft_meer and self._root.loading is None:
            self._meer_gevraagd = True
            self.fetchMore(QModelIndex())

    def regel(self, index: Index) -> DossierRegelLike | None:
        node = self._node(index)
        return node.regel if node is not None else None

    def index_of(self, dossier_id: uuid.UUID) -> QModelIndex:
        """The index of a loaded dossier, or an invalid index."""
        stack = [self._root]
        while stack:
            node = stack.pop()
            for child in node.children:
                if child.regel is not None and child.regel.id == dossier_id:
                    return self.createIndex(child.row, 0, child)
                stack.append(child)
        return QModelIndex()

    # -- Qt item model ------------------------------------------------------------------

    def _node(self, index: Index) -> _Node | None:
        if not index.isValid():
            return self._root
        node = index.internalPointer()
        return node if isinstance(node, _Node) else None

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent)
        if node is None or not (0 <= row < len(node.children)) or not 0 <= column < len(COLUMNS):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self._node(index)
        if node is None or node is self._root or node.parent is None:
            return QModelIndex()
        if node.parent is self._root:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self._node(parent)
        return len(node.children) if node is not None else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent)
        if node is None:
            return False
        return bool(node.children) or (node.may_have_children and not node.complete)

    def canFetchMore(self, parent: Index) -> bool:
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent)
        return (
            node is not None
            and node.may_have_children
            and not node.complete
            and node.loading is None
            and (node is not self._root or not node.children or self._meer_gevraagd)
        )

    def fetchMore(self, parent: Index) -> None:
        node = self._node(parent)
        if node is None or not self.canFetchMore(parent):
            return
        parent_id = node.regel.id if node.regel is not None else None
        # A subdossier list is short: load it whole. Hoofddossiers come page by page.
        limit = self._page_size if node is self._root else 10_000
        offset = len(node.children)
        text = self._filter if node is self._root else ""

        def load() -> Sequence[DossierRegelLike]:
            return self._loader(parent_id, text, offset, limit)

        if not self._asynchronous:
            self._insert(node, load(), limit)
            return
        was_loading = self.is_loading()
        node.loading = run_task(
            load,
            lambda rows: self._loaded(node, rows, limit),
            lambda exc: self._failed(node, exc),
        )
        if not was_loading:
            self.loading_changed.emit(True)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index)
        if node is None or node.regel is None:
            return None
        regel = node.regel
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return regel.kenmerk if column == 0 else regel.titel
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return icon(_icon_name(regel, node.parent is not self._root))
        if role == Qt.ItemDataRole.ToolTipRole:
            extra = " · afgeschermd" if regel.afgeschermd else ""
            return f"{regel.kenmerk} — {regel.titel}\n{regel.dossiertype} · {regel.status}{extra}"
        if role == Qt.ItemDataRole.ForegroundRole and regel.status == "gesloten":
            return kleur("grijs")
        if role == Qt.ItemDataRole.UserRole:
            return regel.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        node = self._node(index)
        if node is not None and not node.may_have_children:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    # -- loading ------------------------------------------------------------------------

    def _parent_index(self, node: _Node) -> QModelIndex:
        return QModelIndex() if node is self._root else self.createIndex(node.row, 0, node)

    def _attached(self, node: _Node) -> bool:
        """False when a reset dropped this node while its page was loading."""
        while node.parent is not None:
            node = node.parent
        return node is self._root

    def _insert(self, node: _Node, rows: Sequence[DossierRegelLike], limit: int) -> None:
        node.complete = len(rows) < limit
        if node is self._root:
            self._meer_gevraagd = False
        if rows:
            first = len(node.children)
            self.beginInsertRows(self._parent_index(node), first, first + len(rows) - 1)
            node.children.extend(_Node(regel, node, first + i) for i, regel in enumerate(rows))
            self.endInsertRows()
        elif node is not self._root:
            # It turned out to have no subdossiers: let the view drop the expander.
            index = self._parent_index(node)
            self.dataChanged.emit(index, index.siblingAtColumn(len(COLUMNS) - 1))

    def _loaded(self, node: _Node, rows: Sequence[DossierRegelLike], limit: int) -> None:
        if self._attached(node):
            # Still "loading" while the rows go in: a view or tester that asks for more from
            # inside the insert signals must not start this same page a second time.
            self._insert(node, rows, limit)
        node.loading = None
        if not self.is_loading():
            self.loading_changed.emit(False)

    def _failed(self, node: _Node, exc: BaseException) -> None:
        node.loading = None
        node.complete = True  # do not retry in a loop; "Vernieuwen" starts over
        if not self.is_loading():
            self.loading_changed.emit(False)
        self.load_failed.emit(exc)

    def _any_loading(self, node: _Node) -> bool:
        return node.loading is not None or any(self._any_loading(c) for c in node.children)

    def _cancel(self, node: _Node) -> None:
        if node.loading is not None:
            node.loading.cancel()
            node.loading = None
        for child in node.children:
            self._cancel(child)


def _icon_name(regel: DossierRegelLike, is_sub: bool) -> str:
    if regel.status == "gesloten":
        return "dossier-gesloten"
    if regel.afgeschermd:
        return "dossier-afgeschermd"
    return "subdossier" if is_sub else "dossier-open"
