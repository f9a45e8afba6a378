"""Filling the content index: the text of each stored version, extracted in the background.

Storing a version only queues it: a trigger on ``versie`` writes one small ``wachtend`` row in
the same transaction (``models/zoektekst.py``).
The text is extracted later, outside any user's transaction: by the window's background
worker for the versions its medewerker stored, and by ``igj-desktop zoekindex bijwerken``
(or Extra › Zoekindex bijwerken) for everything not indexed yet. Both run ``bijwerken``,
which works in batches that each commit: stopped halfway, it resumes where it was.

Bulk entry points: ``indexeer_versies`` (stored files, by version id) and ``schrijf_teksten``
(texts already known, e.g. the benchmark's generated documents).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, CursorResult, Select, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import BlobCorrupt, DocumentStore
from igj_desktop.integrations.tekst_extractie import (
    MAX_BESTAND,
    MAX_TEKENS,
    Extractie,
    TekstStaat,
    extraheer,
)
from igj_desktop.models import Content, Versie, VersieTekst, utcnow
from igj_desktop.services.documenten.zoekmachine import stammen
from igj_desktop.services.errors import ServiceError

log = logging.getLogger(__name__)

BATCH = 25


@dataclass(frozen=True)
class Voortgang:
    gedaan: int
    totaal: int
    overgeslagen: int = 0
    """Versions this login may not index or whose bytes are not reachable now."""


def te_doen(van: uuid.UUID | None = None) -> Select[tuple[uuid.UUID]]:
    """Versions waiting for their text (``van``: only those this medewerker stored)."""
    query = select(VersieTekst.versie_id).where(VersieTekst.staat == TekstStaat.WACHTEND)
    if van is None:
        return query
    return query.join(Versie, Versie.id == VersieTekst.versie_id).where(
        Versie.aangemaakt_door_id == van
    )


def _lees(store: DocumentStore, versie: Versie, grootte: int) -> Extractie | None:
    """The text of one version; None when its bytes cannot be fetched now (try later)."""
    if grootte > MAX_BESTAND:
        return Extractie(TekstStaat.TE_GROOT)
    try:
        data = store.get(versie.content_sha256)
    except BlobCorrupt:  # damaged for good
        return Extractie(TekstStaat.ONLEESBAAR)
    except ServiceError as exc:  # not reachable now (offline, a share away): a next run
        log.info("Inhoud van versie %s nu niet te lezen: %s", versie.id, exc)
        return None
    return extraheer(versie.bestandsnaam, data)


def indexeer_versies(db: Database, store: DocumentStore, versie_ids: Sequence[uuid.UUID]) -> int:
    """Extract and index these versions in one transaction; returns how many were written.

    The files are read and parsed before the transaction opens, so it stays short."""
    with db.session() as session:
        rijen = session.execute(
            select(Versie, Content.grootte)
            .join(Content, Content.sha256 == Versie.content_sha256)
            .where(Versie.id.in_(versie_ids))
        ).all()
        session.expunge_all()
    teksten = {versie.id: (versie, _lees(store, versie, grootte)) for versie, grootte in rijen}
    geschreven = 0
    with db.session() as session, session.begin():
        bestaand = set(
            session.scalars(select(VersieTekst.versie_id).where(VersieTekst.versie_id.in_(teksten)))
        )
        for versie_id, (versie, extractie) in teksten.items():
            if extractie is None:
                continue
            waarden = {
                "staat": extractie.staat,
                "tekst": extractie.tekst,
                "stammen": stammen(extractie.tekst) if extractie.tekst else None,
                "bijgewerkt_op": utcnow(),
            }
            geschreven += _schrijf(session, versie, waarden, versie_id in bestaand)
    return geschreven


def schrijf_teksten(
    connection: Connection, rijen: Iterable[tuple[uuid.UUID, uuid.UUID, str]]
) -> int:
    """Bulk: index already known texts, (versie_id, document_id, tekst), in one executemany
    (the benchmark's generated documents, or an import that has the text already). Needs the
    schema owner's rights on PostgreSQL for other people's documents; the caller commits."""
    nu = utcnow()
    waarden = [
        {
            "versie_id": versie_id,
            "document_id": document_id,
            "staat": TekstStaat.TEKST if tekst else TekstStaat.GEEN_TEKST,
            "tekst": tekst[:MAX_TEKENS],
            "stammen": stammen(tekst[:MAX_TEKENS]) if tekst else None,
            "bijgewerkt_op": nu,
        }
        for versie_id, document_id, tekst in rijen
    ]
    if waarden:
        tabel = VersieTekst.__table__
        insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        opdracht = insert(tabel)
        vervang = {k: opdracht.excluded[k] for k in ("staat", "tekst", "stammen", "bijgewerkt_op")}
        connection.execute(
            opdracht.on_conflict_do_update(index_elements=[tabel.c.versie_id], set_=vervang),
            waarden,
        )
    return len(waarden)


def _schrijf(session: Session, versie: Versie, waarden: Mapping[str, object], bestaat: bool) -> int:
    """1 when written; 0 when row-level security refuses this login (not its document)."""
    if bestaat:
        tabel = VersieTekst.__table__
        resultaat = session.execute(
            update(tabel).where(tabel.c.versie_id == versie.id).values(**waarden)
        )
        assert isinstance(resultaat, CursorResult)  # an UPDATE's result counts its rows
        return resultaat.rowcount
    try:
        with session.begin_nested():
            session.add(VersieTekst(versie_id=versie.id, document_id=versie.document_id, **waarden))
    except DBAPIError:
        return 0
    return 1


def bijwerken(
    db: Database,
    store: DocumentStore,
    *,
    van: uuid.UUID | None = None,
    batch: int = BATCH,
    max_batches: int | None = None,
    voortgang: Callable[[Voortgang], None] | None = None,
    stoppen: Callable[[], bool] = lambda: False,
    tellen: bool = True,
) -> Voortgang:
    """Index what is not indexed yet, a batch (one commit) at a time, until done, ``stoppen``
    says so or ``max_batches`` ran. Resumable: a next run starts where this one stopped.
    ``tellen=False`` skips counting the work first (the window's frequent small rounds)."""
    totaal = 0
    if tellen:
        with db.session() as session:
            telling = select(func.count()).select_from(te_doen(van).subquery())
            totaal = session.scalar(telling) or 0
    gedaan = 0
    overslaan: set[uuid.UUID] = set()
    stand = Voortgang(0, totaal)
    rondes = 0
    while not stoppen() and (max_batches is None or rondes < max_batches):
        query = te_doen(van).order_by(VersieTekst.versie_id).limit(batch)
        if overslaan:
            query = query.where(VersieTekst.versie_id.not_in(overslaan))
        with db.session() as session:
            ids = list(session.scalars(query))
        if not ids:
            break
        geschreven = indexeer_versies(db, store, ids)
        if geschreven < len(ids):  # which ones were not written: leave them this run
            with db.session() as session:
                overslaan.update(
                    session.scalars(te_doen(van).where(VersieTekst.versie_id.in_(ids)))
                )
        gedaan += geschreven
        rondes += 1
        stand = Voortgang(gedaan, max(totaal, gedaan), len(overslaan))
        if voortgang is not None:
            voortgang(stand)
    return stand
