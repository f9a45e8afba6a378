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
The session around it (check-out, versions, check-in) is ``services/documenten/bewerken.py``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from igj_desktop.config import Settings
from igj_desktop.errors import ValidationFailed
from igj_desktop.integrations.bestandsslot import herhaal
from igj_desktop.integrations.paden import naam_die_past

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
            os.startfile(pad)
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


def in_map(map_: Path, bestandsnaam: str) -> Path:
    """Where the copy for Word goes: shortened where the full path would be too long."""
    return map_ / naam_die_past(map_, bestandsnaam)


def write_atomic(pad: Path, data: bytes) -> None:
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


class FolderEvents(FileSystemEventHandler):
    """Forwards watchdog events (from its own thread) to the detector's ``notice``."""

    def __init__(self, detector: SaveDetector) -> None:
        self.detector = detector

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.detector.notice(os.fsdecode(event.src_path))
        if getattr(event, "dest_path", ""):
            self.detector.notice(os.fsdecode(event.dest_path))
