"""Automatic back-ups of the embedded database, and putting one back.

Once a day, in the background after start, SQLite's online backup API copies the database
page by page into ``<data>/back-ups/igj-<datum>.sqlite``: a consistent copy even while the
app writes (each step copies a committed state; a write in between makes it start again for
the changed pages). The last ``BEWAREN`` copies are kept. Putting one back copies it into
the database file with the same API; the damaged or unwanted file is first set aside
beside it (``igj.sqlite.voor-terugzetten-<tijd>``), never thrown away.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from igj_desktop.integrations.paden import sqlite_uri
from igj_desktop.tijd import AMSTERDAM

MAP = "back-ups"
BEWAREN = 5
_VOORVOEGSEL = "igj-"


@dataclass(frozen=True)
class Backup:
    pad: Path
    datum: date

    @property
    def tekst(self) -> str:
        return f"Back-up van {self.datum:%d-%m-%Y} ({self.pad.stat().st_size / 1e6:.1f} MB)"


def backups(data_dir: Path) -> list[Backup]:
    """The back-ups in ``data_dir``, newest first."""
    gevonden = []
    for pad in (data_dir / MAP).glob(f"{_VOORVOEGSEL}*.sqlite"):
        try:
            datum = date.fromisoformat(pad.stem.removeprefix(_VOORVOEGSEL))
        except ValueError:
            continue
        gevonden.append(Backup(pad, datum))
    return sorted(gevonden, key=lambda b: b.datum, reverse=True)


def _kopieer(bron: Path, doel: Path) -> None:
    """``bron`` into ``doel`` with the online backup API (both SQLite files)."""
    van = sqlite3.connect(f"{sqlite_uri(bron)}?mode=ro", uri=True)
    naar = sqlite3.connect(doel)
    try:
        van.backup(naar, pages=1024)
    finally:
        naar.close()
        van.close()


def maak_backup(database: Path, data_dir: Path, nu: datetime) -> Backup | None:
    """Today's back-up of ``database``; None when there is one already. Older ones beyond
    ``BEWAREN`` are removed once the new one is complete."""
    vandaag = nu.astimezone(AMSTERDAM).date()
    if any(b.datum == vandaag for b in backups(data_dir)):
        return None
    map_ = data_dir / MAP
    map_.mkdir(parents=True, exist_ok=True)
    doel = map_ / f"{_VOORVOEGSEL}{vandaag.isoformat()}.sqlite"
    tijdelijk = map_ / f".tmp-{doel.name}"
    tijdelijk.unlink(missing_ok=True)
    try:
        _kopieer(database, tijdelijk)
        os.replace(tijdelijk, doel)
    finally:
        tijdelijk.unlink(missing_ok=True)
    for oud in backups(data_dir)[BEWAREN:]:
        oud.pad.unlink(missing_ok=True)
    return Backup(doel, vandaag)


def zet_terug(backup: Backup, database: Path, nu: datetime) -> Path:
    """Put ``backup`` in place of ``database`` (nothing may have it open); returns where the
    file it replaced was set aside."""
    opzij = database.with_name(f"{database.name}.voor-terugzetten-{nu:%Y%m%d-%H%M%S}")
    if database.exists():
        shutil.move(database, opzij)
    for rest in ("-wal", "-shm"):  # they belong to the file set aside
        zijbestand = database.with_name(database.name + rest)
        if zijbestand.exists():
            shutil.move(zijbestand, opzij.with_name(opzij.name + rest))
    _kopieer(backup.pad, database)
    return opzij
