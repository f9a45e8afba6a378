"""Registering what was dropped (``views/post/post_drop.py``): parse, ask, store, one item
after the other."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from igj_desktop.integrations.drag_formats import DropResult
from igj_desktop.integrations.mail_import import ParsedFile, ParsedMail, parse_path
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.post import inkomend as post
from igj_desktop.services.storing import melding
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.gemeenschappelijk.tasks import run_task
from igj_desktop.views.post.post_registratie_dialog import PostRegistratieDialog


class _ProgressRelay(QObject):
    """Carries progress from the worker to the UI thread (a queued signal)."""

    step = Signal(int, int, str)


class PostRegistreren(QObject):
    """Registers the items of one drop, one after the other: parse, ask, store with progress.

    Parsing and storing run on the thread pool; the dialog and messages on the UI thread.
    ``finished`` is emitted once all items are handled (registered, refused or cancelled).
    """

    finished = Signal()
    registered = Signal(object)  # RegistratieResultaat

    def __init__(
        self,
        ctx: ServiceContext,
        dossier_id: uuid.UUID,
        result: DropResult,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id = dossier_id
        self.widget = parent
        self.pending = list(result.items)
        self.aantal = len(self.pending)
        self.progress: QProgressDialog | None = None
        if not self.pending:
            dialogs.warn(parent, "Niets te registreren", result.message)
        elif result.message:  # some of the dragged items came without their contents
            dialogs.warn(parent, "Niet alles kwam mee", result.message)

    def start(self) -> None:
        self._next()

    def _next(self) -> None:
        if not self.pending:
            self.finished.emit()
            return
        item = self.pending.pop(0)
        ctx, dossier_id = self.ctx, self.dossier_id

        def prepare() -> tuple[ParsedMail | ParsedFile, post.RegistratieKeuzes]:
            parsed = (
                parse_path(item.path)
                if item.path is not None
                else post.lees_bestand(item.naam, item.data or b"", item.gewijzigd)
            )
            return parsed, post.registratie_keuzes(ctx, dossier_id)

        run_task(prepare, self._ask, self._failed, owner=self)

    def _ask(self, prepared: tuple[ParsedMail | ParsedFile, post.RegistratieKeuzes]) -> None:
        parsed, keuzes = prepared
        registratie = PostRegistratieDialog.ask(
            self.ctx,
            parsed,
            keuzes.dossiers,
            self.dossier_id,
            keuzes.beoordelaars,
            self.widget,
            relaties=keuzes.relaties,
            volgorde=(self.aantal - len(self.pending), self.aantal),
        )
        if registratie is None:
            self._next()
            return
        relay = _ProgressRelay(self)
        self.progress = QProgressDialog("Post opslaan…", "", 0, 0, self.widget)
        self.progress.setWindowTitle("Registreren")
        self.progress.setCancelButton(None)
        self.progress.setMinimumDuration(300)
        relay.step.connect(self._step)
        ctx = self.ctx

        def register() -> post.RegistratieResultaat:
            return post.registreer_post(
                ctx, parsed, registratie, progress=lambda *s: relay.step.emit(*s)
            )

        run_task(register, self._done, self._failed, owner=self)

    def _step(self, done: int, total: int, naam: str) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.setLabelText(f"Opgeslagen: {naam}")

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _done(self, resultaat: post.RegistratieResultaat) -> None:
        self._close_progress()
        self.registered.emit(resultaat)
        if resultaat.duplicaat:
            dialogs.warn(self.widget, "Al geregistreerd", resultaat.melding)
        elif resultaat.waarschuwingen:
            dialogs.warn(self.widget, "Geregistreerd, met een waarschuwing", resultaat.melding)
        else:
            dialogs.notice(self.widget, "Post geregistreerd", resultaat.melding)
        self._next()

    def _failed(self, error: BaseException) -> None:
        self._close_progress()
        if isinstance(error, ServiceError):
            dialogs.error(self.widget, "Niet geregistreerd", error.message)
        else:
            dialogs.error(
                self.widget,
                "Niet geregistreerd",
                f"Er is niets geregistreerd. {melding(error)}",
            )
        self._next()
