"""Housekeeping at start: what a crash or a killed app left behind in the document store.

A blob is written before the row that refers to it commits, so a kill in between leaves a
blob nobody sees, and a kill during the write leaves a ``.tmp-*`` file. Neither harms
anyone, but they take space forever. Once a day, in the background after the window is up,
both are removed when older than ``OUDER_DAN`` (so a write in progress elsewhere is never
touched). On a shared database the shared folder is the beheerder's: ``igj-desktop db
opruimen`` does the same there, rather than every workstation walking millions of files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from igj_desktop.integrations.document_store import FileDocumentStore
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten.document import opruimen_ongebruikte_blobs

OUDER_DAN = timedelta(hours=24)
ELKE = timedelta(hours=24)
STEMPEL = "opgeruimd"


@dataclass(frozen=True)
class Opgeruimd:
    tijdelijk: int
    ongebruikt: int

    @property
    def tekst(self) -> str:
        return (
            f"Documentopslag opgeruimd: {self.tijdelijk} onvoltooide en {self.ongebruikt} "
            "ongebruikte bestanden verwijderd."
        )


def opruimen(
    ctx: ServiceContext, store: FileDocumentStore, ouder_dan: timedelta = OUDER_DAN
) -> Opgeruimd:
    """Remove stale temporary files and unreferenced blobs older than ``ouder_dan``."""
    tijdelijk = store.opruimen_tijdelijk(ctx.now() - ouder_dan)
    ongebruikt = opruimen_ongebruikte_blobs(ctx, ouder_dan=ouder_dan, store=store)
    return Opgeruimd(tijdelijk, len(ongebruikt))


def opruimen_bij_start(
    ctx: ServiceContext, data_dir: Path, store: FileDocumentStore
) -> Opgeruimd | None:
    """``opruimen`` unless it ran in the last ``ELKE`` from this data folder (then None)."""
    stempel = data_dir / STEMPEL
    if stempel.exists():
        vorige = datetime.fromtimestamp(stempel.stat().st_mtime, UTC)
        if ctx.now() - vorige < ELKE:
            return None
    resultaat = opruimen(ctx, store)
    stempel.touch()
    return resultaat
