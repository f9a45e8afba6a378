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

from sqlalchemy import delete, select

from igj_desktop.integrations.bestandsslot import BestandInGebruik
from igj_desktop.integrations.document_store import DocumentStore, FileDocumentStore
from igj_desktop.models import Content, Versie
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten.document import store_or_default

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


def opruimen_ongebruikte_blobs(
    ctx: ServiceContext,
    *,
    ouder_dan: timedelta = timedelta(hours=24),
    store: DocumentStore | None = None,
) -> list[str]:
    """Remove blobs no version refers to (left by a crash or a deleted document).

    Only blobs older than ``ouder_dan`` go, so a blob written by a transaction that has not
    committed yet is never taken away from under it.
    """
    store = store_or_default(store, ctx.db)
    grens = ctx.now() - ouder_dan
    kandidaten = [sha for sha, geschreven in store.hashes() if geschreven <= grens]
    verwijderd: list[str] = []
    with ctx.unit_of_work() as s:
        for begin in range(0, len(kandidaten), 500):
            deel = kandidaten[begin : begin + 500]
            gebruikt = set(
                s.scalars(select(Versie.content_sha256).where(Versie.content_sha256.in_(deel)))
            )
            for sha in deel:
                if sha not in gebruikt:
                    s.execute(delete(Content).where(Content.sha256 == sha))
                    try:
                        store.delete(sha)
                    except BestandInGebruik:  # a scanner holds it: the next clean-up takes it
                        continue
                    verwijderd.append(sha)
        if verwijderd:
            record_audit(
                s,
                ctx.actor,
                "opslag_opgeruimd",
                f"{len(verwijderd)} ongebruikte bestanden uit de documentopslag verwijderd",
                entiteit="content",
                gegevens={"sha256": verwijderd[:100]},
            )
    return verwijderd


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
