"""The save detector of the editor launcher, without database or Qt: events, scans, debounce."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileMovedEvent

from igj_desktop.integrations.office_launcher import FolderEvents, SaveDetector


class Klok:
    def __init__(self) -> None:
        self.nu = 0.0

    def __call__(self) -> float:
        return self.nu


def _detector(tmp_path: Path, inhoud: bytes) -> tuple[Path, SaveDetector, Klok]:
    pad = tmp_path / "rapport.docx"
    pad.write_bytes(inhoud)
    klok = Klok()
    return pad, SaveDetector(pad, hashlib.sha256(inhoud).hexdigest(), 1.0, klok), klok


def _stil_overschrijven(pad: Path, inhoud: bytes) -> None:
    """Change the bytes but not size, mtime or inode: only an event can reveal this save."""
    stat = pad.stat()
    with open(pad, "r+b") as f:
        f.write(inhoud)
    os.utime(pad, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_move_onto_the_document_name_is_a_save(tmp_path: Path) -> None:
    pad, detector, klok = _detector(tmp_path, b"AAAA")
    events = FolderEvents(detector)
    _stil_overschrijven(pad, b"BBBB")
    events.on_any_event(FileCreatedEvent(str(tmp_path / "~$rapport.docx")))  # Word's lock file
    klok.nu = 5
    assert detector.poll() is None  # events about other files do not count

    events.on_any_event(FileMovedEvent(str(tmp_path / "~WRL0001.tmp"), str(pad)))
    klok.nu = 5.5
    assert detector.poll() is None  # debounce: wait for Word to finish
    klok.nu = 6
    assert detector.poll() == b"BBBB"


def test_same_hash_and_vanished_file_make_no_version(tmp_path: Path) -> None:
    pad, detector, klok = _detector(tmp_path, b"AAAA")
    events = FolderEvents(detector)
    events.on_any_event(FileDeletedEvent(str(pad)))
    pad.unlink()
    klok.nu = 2
    assert detector.poll() is None  # gone between Word's delete and rename
    pad.write_bytes(b"AAAA")  # Word put back identical content
    klok.nu = 4
    assert detector.poll() is None
    pad.write_bytes(b"")  # truncated, content still to come
    klok.nu = 6
    assert detector.poll() is None
    pad.write_bytes(b"CCCCCC")  # no event: the scan in poll notices it, the debounce starts
    klok.nu = 8
    assert detector.poll() is None
    klok.nu = 9
    assert detector.poll() == b"CCCCCC"
    detector.opgeslagen(b"CCCCCC")
    events.on_any_event(FileMovedEvent(str(tmp_path / "x.tmp"), str(pad)))
    klok.nu = 10
    assert detector.poll() is None
