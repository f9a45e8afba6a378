"""Qt side of dropping post: QMimeData -> {format: bytes} -> dropped items.

``PostDropTarget`` is the small helper any widget (the dossier tree, the post tab, the open
dossier) calls from its ``dragEnterEvent``/``dropEvent`` with the dossier the drop lands on;
``views/post/post_registreren.py`` then registers what was dropped.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QObject, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView

from igj_desktop.config import Settings
from igj_desktop.integrations.drag_formats import (
    DESCRIPTOR_A,
    DESCRIPTOR_W,
    FILE_CONTENTS,
    URI_LIST,
    DropResult,
    format_name,
    read_drop,
)
from igj_desktop.services.base import ServiceContext

if TYPE_CHECKING:
    from igj_desktop.views.post.post_registreren import PostRegistreren

ACCEPTED = {DESCRIPTOR_W, DESCRIPTOR_A, URI_LIST}


def diagnose_dir() -> Path:
    """Where an unreadable drop leaves its diagnostics file."""
    return Settings.from_environment().data_dir / "diagnose"


def offered_formats(mime: QMimeData) -> dict[str, bytes]:
    """Every format in ``mime`` with its bytes (the Windows names keep their Qt spelling)."""
    offered = {name: bytes(mime.data(name).data()) for name in mime.formats()}
    if mime.hasUrls() and URI_LIST not in offered:
        lines = [url.toString() for url in mime.urls()]
        offered[URI_LIST] = "\r\n".join(lines).encode()
    return offered


def _contents_reader(mime: QMimeData) -> Callable[[int], bytes | None]:
    """FileContents by index; Qt exposes index 0 directly, further indexes as '…#N' formats."""
    by_name = {format_name(name): name for name in mime.formats()}

    def contents(index: int) -> bytes | None:
        for key in (f"{FILE_CONTENTS}#{index}", FILE_CONTENTS if index == 0 else None):
            if key and key in by_name:
                return bytes(mime.data(by_name[key]).data())
        return None

    return contents


def accept_copy(event: QDropEvent) -> bool:
    """Accept a drag or drop as a copy, whatever the source proposed; False when refused.

    The answer goes back to the source: "Move" makes Explorer (and Outlook) delete the
    original once the drop is done, so the app only ever takes a copy, and refuses a
    source that offers no copy at all."""
    if not event.possibleActions() & Qt.DropAction.CopyAction:
        event.ignore()
        return False
    event.setDropAction(Qt.DropAction.CopyAction)
    event.accept()
    return True


def can_drop(mime: QMimeData) -> bool:
    return mime.hasUrls() or any(format_name(f) in ACCEPTED for f in mime.formats())


def read_mime(mime: QMimeData, diagnose_dir: Path | None) -> DropResult:
    aanvulling = None
    if sys.platform == "win32":  # Qt passes only the first of several Outlook mails
        from igj_desktop.integrations.outlook_selectie import aanvullen_uit_outlook

        aanvulling = aanvullen_uit_outlook
    return read_drop(
        offered_formats(mime),
        file_contents=_contents_reader(mime),
        diagnose_dir=diagnose_dir,
        aanvulling=aanvulling,
    )


class PostDropTarget:
    """Accepts post drops for a widget; ``on_drop(dossier_id, result)`` does the registering.

    ``dossier_at(event)`` names the dossier under the cursor (None: not a dossier, refuse).
    """

    def __init__(
        self,
        dossier_at: Callable[[QDropEvent | QDragMoveEvent], uuid.UUID | None],
        on_drop: Callable[[uuid.UUID, DropResult], None],
        diagnose_dir: Callable[[], Path],
    ) -> None:
        self._dossier_at = dossier_at
        self._on_drop = on_drop
        self._diagnose_dir = diagnose_dir

    def drag_enter(self, event: QDragEnterEvent) -> None:
        # Anything is accepted: an unreadable drop gets a message and a diagnostics file
        # instead of a silent "no entry" cursor.
        if not (event.mimeData().formats() and accept_copy(event)):
            event.ignore()

    def drag_move(self, event: QDragMoveEvent) -> None:
        if not (
            event.mimeData().formats()
            and self._dossier_at(event) is not None
            and accept_copy(event)
        ):
            event.ignore()

    def drop(self, event: QDropEvent) -> None:
        dossier_id = self._dossier_at(event)
        if dossier_id is None or not accept_copy(event):
            event.ignore()
            return
        self._on_drop(dossier_id, read_mime(event.mimeData(), self._diagnose_dir()))


class ItemViewPostDrop(QObject):
    """Event filter that makes any item view (the dossier tree) accept post on its rows.

    ``dossier_id_of(index)`` returns the dossier of a row (None: not a dossier). The tree
    helper calls ``ItemViewPostDrop.install(view, ctx, dossier_id_of)`` once.
    """

    def __init__(
        self,
        view: QAbstractItemView,
        ctx: ServiceContext,
        dossier_id_of: Callable[[QModelIndex], uuid.UUID | None],
        diagnose_dir: Callable[[], Path],
    ) -> None:
        super().__init__(view)
        self.view = view
        self.ctx = ctx
        self.registreren: PostRegistreren | None = None
        self.target = PostDropTarget(
            lambda e: dossier_id_of(view.indexAt(e.position().toPoint())),
            self._dropped,
            diagnose_dir,
        )

    @classmethod
    def install(
        cls,
        view: QAbstractItemView,
        ctx: ServiceContext,
        dossier_id_of: Callable[[QModelIndex], uuid.UUID | None],
        diagnose_dir: Callable[[], Path],
    ) -> ItemViewPostDrop:
        handler = cls(view, ctx, dossier_id_of, diagnose_dir)
        view.setAcceptDrops(True)
        view.viewport().setAcceptDrops(True)
        view.setDropIndicatorShown(True)
        view.viewport().installEventFilter(handler)
        return handler

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.DragEnter:
            self.target.drag_enter(event)  # type: ignore[arg-type]
        elif kind == QEvent.Type.DragMove:
            self.target.drag_move(event)  # type: ignore[arg-type]
            index = self.view.indexAt(event.position().toPoint())  # type: ignore[attr-defined]
            if event.isAccepted() and index.isValid():
                self.view.setCurrentIndex(index)  # feedback: the row the post will go to
        elif kind == QEvent.Type.Drop:
            self.target.drop(event)  # type: ignore[arg-type]
        else:
            return False
        return True

    def _dropped(self, dossier_id: uuid.UUID, result: DropResult) -> None:
        # imported on the first drop: mail parsing and the registration dialog are not
        # needed to show the tree
        from igj_desktop.views.post.post_registreren import PostRegistreren

        self.registreren = PostRegistreren(self.ctx, dossier_id, result, self.view)
        self.registreren.start()
