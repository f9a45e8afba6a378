"""The editor launcher: "Bewerken" in the user's own Word, saves coming back as versions.

Word does not write into the file it opened: it writes a temporary file (``~WRL0001.tmp``),
deletes or renames the original and renames the temporary file to the original name, and
it keeps a lock file ``~$name.docx`` next to it. A watcher on the *file* loses track after
the first save, so ``SaveDetector`` watches the folder: every event that touches the
document's name (created, modified, moved onto it) and every change a periodic scan sees
(size, modification time, inode) marks it dirty; once nothing has happened for the
debounce interval, the file is read and hashed, and only a hash that differs from the last
stored version becomes a new concept version. The detector is plain Python with an
injectable clock; watchdog only feeds it events, and a QTimer (in the view) calls ``poll``.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from igj_desktop.config import Settings
from igj_desktop.integrations.bestandsslot import herhaal
from igj_desktop.integrations.document_store import DocumentStore, sha256_of_file
from igj_desktop.integrations.paden import naam_die_past
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.errors import ValidationFailed

Opener = Callable[[Path], None]
Clock = Callable[[], float]
DEBOUNCE_SECONDEN = 1.5


def geen_programma(pad: Path) -> str:
    """The Dutch message when no program on this computer opens ``pad``: what and what to do."""
    soort = pad.suffix.lower() or "dit soort"
    welk = "Word of LibreOffice" if soort in (".doc", ".docx", ".odt", ".rtf") else "een programma"
    return (
        f"Er is op deze computer geen programma ingesteld dat {soort}-bestanden opent. "
        f"Installeer {welk} voor {soort}-bestanden, of vraag de servicedesk het te koppelen. "
        f"Het bestand zelf staat klaar in {pad.parent}."
    )


def default_opener(pad: Path) -> None:
    """Open a file in the program the user chose for it; none: a Dutch ``ValidationFailed``."""
    try:
        if sys.platform == "win32":
            os.startfile(pad)  # type: ignore[attr-defined]
        elif sys.platform == "darwin":
            subprocess.Popen(["open", str(pad)])
        else:
            subprocess.Popen(
                ["xdg-open", str(pad)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
    except OSError as exc:  # xdg-open missing; Windows: no program associated (WinError 1155)
        raise ValidationFailed(geen_programma(pad)) from exc


def werkmap() -> Path:
    return Settings.from_environment().data_dir / "werkmap"


def _in_map(map_: Path, bestandsnaam: str) -> Path:
    """Where the copy for Word goes: shortened where the full path would be too long."""
    return map_ / naam_die_past(map_, bestandsnaam)


def _write_atomic(pad: Path, data: bytes) -> None:
    pad.parent.mkdir(parents=True, exist_ok=True)
    tmp = pad.with_name(f".{pad.name}.igj-tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        herhaal(lambda: os.replace(tmp, pad), pad, "het klaarzetten")
    finally:
        tmp.unlink(missing_ok=True)


# --- the pure part: deciding when a save has happened ----------------------------------------


@dataclass
class SaveDetector:
    """Decides, from folder events and scans, when the document has really been saved."""

    pad: Path
    laatste_sha256: str
    debounce: float = DEBOUNCE_SECONDEN
    clock: Clock = time.monotonic
    _dirty_since: float | None = field(default=None, init=False)
    _signature: tuple[int, int, int] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self._signature = self._stat()

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = self.pad.stat()
        except FileNotFoundError:
            return None
        return (st.st_size, st.st_mtime_ns, st.st_ino)

    def notice(self, event_pad: str | os.PathLike[str]) -> None:
        """A file system event in the folder; only the document's own name counts."""
        if Path(event_pad).name == self.pad.name:
            self._dirty_since = self.clock()

    def scan(self) -> None:
        """The fallback for folders without events (network shares): compare size/mtime/inode."""
        signature = self._stat()
        if signature != self._signature:
            self._signature = signature
            self._dirty_since = self.clock()

    def poll(self) -> bytes | None:
        """The new content once the file has been quiet for ``debounce`` seconds, else None."""
        self.scan()
        if self._dirty_since is None or self.clock() - self._dirty_since < self.debounce:
            return None
        try:
            data = self.pad.read_bytes()
        except OSError:  # between Word's delete and rename, or still locked: try again later
            return None
        self._dirty_since = None
        if not data or hashlib.sha256(data).hexdigest() == self.laatste_sha256:
            return None  # empty: Word truncated before writing; same hash: nothing changed
        return data

    def opgeslagen(self, data: bytes) -> None:
        """The content was stored as a version; only a different hash counts from now on."""
        self.laatste_sha256 = hashlib.sha256(data).hexdigest()


class _FolderEvents(FileSystemEventHandler):
    """Forwards watchdog events (from its own thread) to the detector's ``notice``."""

    def __init__(self, detector: SaveDetector) -> None:
        self.detector = detector

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.detector.notice(os.fsdecode(event.src_path))
        if getattr(event, "dest_path", ""):
            self.detector.notice(os.fsdecode(event.dest_path))


# --- an edit session -------------------------------------------------------------------------


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
    observer: Observer | None = None  # type: ignore[valid-type]
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
        documenten.inchecken(self.ctx, self.document_id)
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
    kopie = documenten.uitchecken(ctx, document_id)
    pad = _in_map((map_ or werkmap()) / str(document_id), kopie.bestandsnaam)
    if not pad.exists():
        documenten.store_or_default(store, ctx.db).export(kopie.sha256, pad)
    detector = SaveDetector(pad, kopie.sha256, debounce=debounce, clock=clock)
    if pad.exists() and sha256_of_file(pad) != kopie.sha256:
        detector.notice(pad)
    sessie = EditSessie(ctx, document_id, kopie.bestandsnaam, pad, detector, store)
    if watch:
        observer = Observer()
        observer.schedule(_FolderEvents(detector), str(pad.parent), recursive=False)
        observer.daemon = True
        observer.start()
        sessie.observer = observer
    try:
        opener(pad)
    except (OSError, ValidationFailed) as exc:
        sessie.stop_watching()
        documenten.inchecken(ctx, document_id)
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
    pad = _in_map(map_ / str(versie_id), info.bestandsnaam)
    if pad.exists():
        pad.chmod(stat.S_IWRITE | stat.S_IREAD)
    try:
        _write_atomic(pad, data)
    finally:  # also when the old copy is still open: it stays write-protected
        pad.chmod(stat.S_IREAD)
    opener(pad)
    return pad
