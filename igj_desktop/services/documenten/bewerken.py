"""Editing a document in the user's own program: check it out into the working folder, open
it, store every real save as a concept version (``SaveDetector`` decides), check it in.

The file-level part (detecting saves, opening a program) is ``integrations/office_launcher``;
this module is the service around it, as views call it.
"""

from __future__ import annotations

import logging
import stat
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from igj_desktop.config import Settings
from igj_desktop.integrations.document_store import DocumentStore, sha256_of_file
from igj_desktop.integrations.office_launcher import (
    DEBOUNCE_SECONDEN,
    Clock,
    FolderEvents,
    Opener,
    SaveDetector,
    default_opener,
    geen_programma,
    in_map,
    werkmap,
    write_atomic,
)
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import ValidationFailed

from . import document as documenten
from . import uitchecken


class _StopRace(logging.Filter):
    """watchdog 7 logs an ERROR when its inotify thread reads once more after ``stop()``
    (``queue_events() called when the thread is inactive``): a race inside its own shutdown,
    after which it returns without reading. Harmless, and not an error of ours to log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "called when the thread is inactive" not in record.getMessage()


logging.getLogger("watchdog.observers.inotify").addFilter(_StopRace())


@dataclass
class EditSessie:
    """One document being edited in the user's editor; ``poll`` stores real saves.

    ``pad`` may carry a shortened name (see ``paden``); versions keep ``bestandsnaam``."""

    ctx: ServiceContext
    document_id: uuid.UUID
    bestandsnaam: str
    pad: Path
    detector: SaveDetector
    store: DocumentStore | None = None
    observer: BaseObserver | None = None
    versies: list[documenten.DocumentRef] = field(default_factory=list)

    def poll(self) -> documenten.DocumentRef | None:
        data = self.detector.poll()
        if data is None:
            return None
        ref = documenten.add_versie(
            self.ctx,
            self.document_id,
            self.bestandsnaam,
            data,
            opmerking="Opgeslagen in de editor",
            store=self.store,
        )
        self.detector.opgeslagen(data)
        self.versies.append(ref)
        return ref

    def stop_watching(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)
            self.observer = None

    def inchecken(self) -> documenten.DocumentRef | None:
        """Store a last save still pending, stop watching and end the check-out."""
        self.detector.debounce = 0
        ref = self.poll()
        self.stop_watching()
        uitchecken.inchecken(self.ctx, self.document_id)
        return ref


def bewerken(
    ctx: ServiceContext,
    document_id: uuid.UUID,
    *,
    opener: Opener = default_opener,
    map_: Path | None = None,
    store: DocumentStore | None = None,
    debounce: float = DEBOUNCE_SECONDEN,
    clock: Clock = time.monotonic,
    watch: bool = True,
) -> EditSessie:
    """Check the document out, put it in the working folder, open it, watch for saves.

    A file left in the working folder by an earlier session of this user (a crash, a
    forgotten check-in) is reopened as it is: its unsaved changes become the next version.
    """
    kopie = uitchecken.uitchecken(ctx, document_id)
    pad = in_map((map_ or werkmap()) / str(document_id), kopie.bestandsnaam)
    if not pad.exists():
        documenten.store_or_default(store, ctx.db).export(kopie.sha256, pad)
    detector = SaveDetector(pad, kopie.sha256, debounce=debounce, clock=clock)
    if pad.exists() and sha256_of_file(pad) != kopie.sha256:
        detector.notice(pad)
    sessie = EditSessie(ctx, document_id, kopie.bestandsnaam, pad, detector, store)
    if watch:
        observer = Observer()
        observer.schedule(FolderEvents(detector), str(pad.parent), recursive=False)
        observer.daemon = True
        observer.start()
        sessie.observer = observer
    try:
        opener(pad)
    except (OSError, ValidationFailed) as exc:
        sessie.stop_watching()
        uitchecken.inchecken(ctx, document_id)
        uitleg = exc.message if isinstance(exc, ValidationFailed) else geen_programma(pad)
        raise ValidationFailed(f"{uitleg} Het document is weer ingecheckt.") from exc
    return sessie


def open_alleen_lezen(
    ctx: ServiceContext,
    versie_id: uuid.UUID,
    *,
    opener: Opener = default_opener,
    map_: Path | None = None,
    store: DocumentStore | None = None,
) -> Path:
    """Open any version read-only: a verified copy, write-protected, in the viewing folder."""
    info, data = documenten.lees_versie(ctx, versie_id, store=store)
    map_ = map_ or Settings.from_environment().data_dir / "inzien"
    pad = in_map(map_ / str(versie_id), info.bestandsnaam)
    if pad.exists():
        pad.chmod(stat.S_IWRITE | stat.S_IREAD)
    try:
        write_atomic(pad, data)
    finally:  # also when the old copy is still open: it stays write-protected
        pad.chmod(stat.S_IREAD)
    opener(pad)
    return pad
