"""Documents of dossiers: adding, versions, deleting, reading back; the read models and the
helpers the other document modules (koppelen, uitchecken, review, definitief) share.

The bytes go to the document store *before* the transaction that writes the
``Content``/``Versie`` rows; a crash in between leaves a blob no row points to, which
nobody sees and ``beheer.opruimen`` removes. Versions are never overwritten.
A document is visible to whoever may see one of its dossiers; changing it needs
behandelaar access to one of them.
"""

from __future__ import annotations

import contextlib
import functools
import mimetypes
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, bindparam, delete, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from igj_desktop.config import max_document_mb
from igj_desktop.db import Database
from igj_desktop.integrations import bestandsnamen
from igj_desktop.integrations.bestandsslot import BestandInGebruik
from igj_desktop.integrations.document_store import (
    DocumentStore,
    StoredBlob,
    default_store,
)
from igj_desktop.models import (
    Activiteit,
    ActiviteitDocument,
    Bewijs,
    Content,
    Document,
    DocumentDossier,
    DocumentRichting,
    DocumentStatus,
    Dossier,
    Groep,
    Medewerker,
    Post,
    Versie,
    utcnow,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import Actor, ServiceContext, check_version
from igj_desktop.services.documenten.rechten import (
    DocumentRechten,
    bij_collega,
    document_rechten,
    is_definitief,
)
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.toegang.controle import GESLOTEN, get_dossier, may_edit, visible_dossiers

DOCUMENT_NIET_GEVONDEN = "Document niet gevonden, of u hebt geen toegang tot de dossiers ervan."

STATUS_LABELS: dict[str, str] = {
    DocumentStatus.CONCEPT: "concept",
    DocumentStatus.TER_REVIEW: "ter review",
    DocumentStatus.DEFINITIEF: "definitief",
}


@dataclass(frozen=True)
class DocumentRef:
    """What a caller needs after storing: the document and the version just written."""

    document_id: uuid.UUID
    versie_id: uuid.UUID
    versie_nummer: int
    sha256: str
    titel: str


@dataclass(frozen=True)
class VersieInfo:
    id: uuid.UUID
    nummer: int
    bestandsnaam: str
    mime_type: str
    status: str
    sha256: str
    grootte: int
    aangemaakt_op: datetime
    aangemaakt_door: str
    opmerking: str


@dataclass(frozen=True)
class DocumentInfo:
    id: uuid.UUID
    version: int
    titel: str
    soort: str
    richting: str
    status: str
    auteur: str
    datum: datetime
    vertrouwelijk: bool
    sjabloon: str | None
    uitgecheckt_door_id: uuid.UUID | None
    uitgecheckt_door: str | None
    uitgecheckt_op: datetime | None
    dossier_ids: tuple[uuid.UUID, ...]
    versies: tuple[VersieInfo, ...]
    rechten: DocumentRechten  # what the actor may do with it now

    @property
    def laatste(self) -> VersieInfo:
        return self.versies[-1]

    @property
    def in_bewerking_tekst(self) -> str:
        return f"in bewerking door {self.uitgecheckt_door}" if self.uitgecheckt_door else ""


# --- validation ------------------------------------------------------------------------------


def veilige_bestandsnaam(naam: str) -> str:
    """``naam`` made safe for Windows (see ``bestandsnamen``), for names from outside."""
    return bestandsnamen.veilig(naam, "document")


def check_bestandsnaam(naam: str) -> str:
    naam = naam.strip()
    reden = bestandsnamen.bezwaar(naam)
    if reden is not None:
        raise ValidationFailed(reden)
    return naam


def _inhoud(data: bytes | Path, naam: str) -> bytes | Path:
    """The bytes, or the path to stream from: readable, not empty, not over the size limit.
    A file is never read whole into memory here; ``_opslaan`` streams it into the store."""
    if isinstance(data, Path):
        try:
            grootte = data.stat().st_size
        except OSError as exc:
            raise ValidationFailed(
                f"Het bestand '{naam}' kan niet worden gelezen (het bestaat niet meer of u hebt "
                "er geen rechten op). Er is niets opgeslagen."
            ) from exc
    else:
        grootte = len(data)
    if not grootte:
        raise ValidationFailed(
            f"Het bestand '{naam}' is leeg (0 bytes) en is daarom niet opgeslagen."
        )
    grens = max_document_mb()
    if grootte > grens * 1024 * 1024:
        raise ValidationFailed(
            f"Het bestand '{naam}' is {_mb(grootte / (1024 * 1024))} MB; de grens is "
            f"{_mb(grens)} MB. Er is niets opgeslagen. Verklein het bestand, of vraag de "
            "beheerder of de grens omhoog kan."
        )
    return data


def _mb(aantal: float) -> str:
    """Dutch thousands: 2.048."""
    return f"{aantal:,.0f}".replace(",", ".")


def _opslaan(store: DocumentStore, inhoud: bytes | Path) -> StoredBlob:
    return store.put(inhoud) if isinstance(inhoud, bytes) else store.put_file(inhoud)


def _check_keuze(waarde: str, toegestaan: Iterable[str], wat: str) -> str:
    opties = [str(t) for t in toegestaan]
    if waarde not in opties:
        raise ValidationFailed(f"Onbekende {wat} '{waarde}'; kies uit: {', '.join(opties)}.")
    return waarde


def mime_type_voor(bestandsnaam: str) -> str:
    return mimetypes.guess_type(bestandsnaam)[0] or "application/octet-stream"


# --- shared helpers (also used by the launcher, sjablonen and toetsing services) ---------------


def store_or_default(store: DocumentStore | None, db: Database | None = None) -> DocumentStore:
    """The given store, else the one that goes with the database (see ``default_store``)."""
    return store if store is not None else default_store(db)


def koppel_aan(
    s: Session,
    actor: Actor,
    document: Document,
    dossier: Dossier,
    actie: str,
    samenvatting: str,
    gegevens: dict[str, Any] | None = None,
) -> None:
    """Link ``document`` to ``dossier`` and write the audit entry that says so."""
    s.add(
        DocumentDossier(
            document_id=document.id, dossier_id=dossier.id, gekoppeld_door_id=actor.medewerker_id
        )
    )
    record_audit(
        s,
        actor,
        actie,
        samenvatting,
        entiteit="document",
        entiteit_id=document.id,
        dossier_id=dossier.id,
        gegevens=gegevens,
    )


def linked_dossier_ids(session: Session, document_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        session.scalars(
            select(DocumentDossier.dossier_id).where(DocumentDossier.document_id == document_id)
        )
    )


def _andere_dossiers(
    session: Session, actor: Actor, document_id: uuid.UUID, dossier_id: uuid.UUID
) -> str:
    """The document's other dossiers as a message names them: the kenmerken the actor sees,
    the rest only counted (on PostgreSQL the actor cannot even read those links)."""
    zichtbaar = session.scalars(
        select(Dossier.kenmerk)
        .join(DocumentDossier, DocumentDossier.dossier_id == Dossier.id)
        .where(
            DocumentDossier.document_id == document_id,
            Dossier.id != dossier_id,
            visible_dossiers(actor),
        )
    ).all()
    alle = len(linked_dossier_ids(session, document_id))  # all, unless the database hides some
    if session.get_bind().dialect.name == "postgresql":  # as a medewerker's role: count those too
        alle = max(
            alle,
            session.scalar(text("SELECT igj_document_koppelingen(:d)"), {"d": document_id}) or 0,
        )
    verborgen = alle - 1 - len(zichtbaar)
    namen = sorted(zichtbaar)
    if verborgen == 1:
        namen.append("een dossier dat u niet ziet")
    elif verborgen > 1:
        namen.append(f"{verborgen} dossiers die u niet ziet")
    return ", ".join(namen)


def load_document(
    session: Session, actor: Actor, document_id: uuid.UUID, *, write: bool = False
) -> Document:
    """The document if one of its dossiers is visible (``write``: editable) to ``actor``."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(DOCUMENT_NIET_GEVONDEN)
    dossiers = session.scalars(
        select(Dossier)
        .join(DocumentDossier, DocumentDossier.dossier_id == Dossier.id)
        .where(DocumentDossier.document_id == document_id, visible_dossiers(actor))
    ).all()
    if not dossiers:
        raise NotFound(DOCUMENT_NIET_GEVONDEN)
    if write:
        editable = [d for d in dossiers if may_edit(session, actor, d)]
        if not editable:
            raise ValidationFailed(
                f"U mag document '{document.titel}' alleen raadplegen; u bent geen behandelaar "
                "van een dossier waar het bij hoort."
            )
        if all(d.status != "open" for d in editable):
            raise ValidationFailed(GESLOTEN)
    return document


def check_not_locked(document: Document, actor: Actor) -> None:
    """Refuse changes to a definitief document or one someone else has checked out."""
    if is_definitief(document.status):
        raise ValidationFailed(
            f"Document '{document.titel}' is definitief en kan niet meer worden gewijzigd. "
            "Maak zo nodig een nieuw document."
        )
    if bij_collega(document.uitgecheckt_door_id, actor):
        raise ValidationFailed(
            f"Document '{document.titel}' is in bewerking door een collega; wacht tot het is "
            "ingecheckt."
        )


def register_contents(session: Session, blobs: Iterable[StoredBlob]) -> None:
    """Insert each ``Content`` row once, in one statement, also when two users store the same
    bytes at once."""
    values = [
        {"sha256": sha, "grootte": n} for sha, n in {b.sha256: b.grootte for b in blobs}.items()
    ]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(postgresql.insert(Content).values(values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite.insert(Content).values(values).on_conflict_do_nothing())
    else:
        session.add_all(Content(**v) for v in values if session.get(Content, v["sha256"]) is None)


def nieuwe_versie(
    actor: Actor,
    document: Document,
    bestandsnaam: str,
    sha256: str,
    *,
    nummer: int,
    status: str,
    opmerking: str = "",
) -> Versie:
    """The ``Versie`` row of ``document`` with number ``nummer``, not yet added."""
    return Versie(
        document_id=document.id,
        nummer=nummer,
        content_sha256=sha256,
        bestandsnaam=bestandsnaam,
        mime_type=mime_type_voor(bestandsnaam),
        status=status,
        aangemaakt_door_id=actor.medewerker_id,
        opmerking=opmerking[:1000],
    )


def append_versie(
    session: Session,
    actor: Actor,
    document: Document,
    bestandsnaam: str,
    sha256: str,
    grootte: int,
    *,
    status: str = DocumentStatus.CONCEPT,
    opmerking: str = "",
) -> Versie:
    register_contents(session, [StoredBlob(sha256, grootte)])
    nummer = (
        session.scalar(select(func.max(Versie.nummer)).where(Versie.document_id == document.id))
        or 0
    ) + 1
    versie = nieuwe_versie(
        actor, document, bestandsnaam, sha256, nummer=nummer, status=status, opmerking=opmerking
    )
    session.add(versie)
    document.status = status
    document.gewijzigd_op = utcnow()  # bumps the row version: concurrent saves conflict
    session.flush()
    return versie


def ref_van(document: Document, versie: Versie) -> DocumentRef:
    return DocumentRef(document.id, versie.id, versie.nummer, versie.content_sha256, document.titel)


# --- use cases -------------------------------------------------------------------------------


def add_document(
    ctx: ServiceContext,
    dossier_ids: Sequence[uuid.UUID],
    filename: str,
    data: bytes | Path,
    *,
    titel: str | None = None,
    soort: str = "overig",
    richting: str = DocumentRichting.INTERN,
    status: str = DocumentStatus.CONCEPT,
    datum: datetime | None = None,
    vertrouwelijk: bool = False,
    sjabloon: str | None = None,
    opmerking: str = "",
    store: DocumentStore | None = None,
) -> DocumentRef:
    """Store a new document (version 1) in one or more dossiers.

    Adding to a closed dossier is allowed (late documents). ``data`` may be the bytes or a
    path to read them from.
    """
    if not dossier_ids:
        raise ValidationFailed("Kies ten minste één dossier voor het document.")
    filename = check_bestandsnaam(filename)
    _check_keuze(richting, DocumentRichting, "richting")
    _check_keuze(status, DocumentStatus, "documentstatus")
    titel = (titel or Path(filename).stem).strip()
    if not titel or len(titel) > 500:
        raise ValidationFailed("Geef het document een titel van hoogstens 500 tekens.")
    inhoud = _inhoud(data, filename)
    store = store_or_default(store, ctx.db)
    with ctx.unit_of_work() as s:
        dossiers = [
            get_dossier(s, ctx.actor, d, write=True, allow_closed=True)
            for d in dict.fromkeys(dossier_ids)
        ]
        blob = _opslaan(store, inhoud)
        document = Document(
            titel=titel,
            soort=soort,
            richting=richting,
            status=status,
            auteur_id=ctx.actor.medewerker_id,
            datum=datum or ctx.now(),
            vertrouwelijk=vertrouwelijk,
            sjabloon=sjabloon,
        )
        s.add(document)
        s.flush()
        for dossier in dossiers:
            koppel_aan(
                s,
                ctx.actor,
                document,
                dossier,
                "document_toegevoegd",
                f"Document '{titel}' toegevoegd",
                gegevens={"bestandsnaam": filename, "sha256": blob.sha256},
            )
        versie = append_versie(
            s,
            ctx.actor,
            document,
            filename,
            blob.sha256,
            blob.grootte,
            status=status,
            opmerking=opmerking,
        )
        return ref_van(document, versie)


def add_versie(
    ctx: ServiceContext,
    document_id: uuid.UUID,
    filename: str,
    data: bytes | Path,
    *,
    opmerking: str = "",
    store: DocumentStore | None = None,
) -> DocumentRef:
    """A new concept version; the earlier ones stay as they are."""
    filename = check_bestandsnaam(filename)
    inhoud = _inhoud(data, filename)
    store = store_or_default(store, ctx.db)
    with ctx.unit_of_work() as s:
        document = load_document(s, ctx.actor, document_id, write=True)
        check_not_locked(document, ctx.actor)
        blob = _opslaan(store, inhoud)
        versie = append_versie(
            s, ctx.actor, document, filename, blob.sha256, blob.grootte, opmerking=opmerking
        )
        for dossier_id in linked_dossier_ids(s, document.id):
            record_audit(
                s,
                ctx.actor,
                "versie_toegevoegd",
                f"Versie {versie.nummer} van '{document.titel}' opgeslagen",
                entiteit="document",
                entiteit_id=document.id,
                dossier_id=dossier_id,
                gegevens={"versie": versie.nummer, "sha256": blob.sha256},
            )
        return ref_van(document, versie)


def wijzig_document(
    ctx: ServiceContext,
    document_id: uuid.UUID,
    expected_version: int,
    *,
    titel: str | None = None,
    soort: str | None = None,
    richting: str | None = None,
    vertrouwelijk: bool | None = None,
) -> DocumentInfo:
    """Change the metadata (not the content) of a document."""
    with ctx.unit_of_work() as s:
        document = load_document(s, ctx.actor, document_id, write=True)
        check_version(document.version, expected_version)
        check_not_locked(document, ctx.actor)
        if titel is not None:
            if not titel.strip() or len(titel) > 500:
                raise ValidationFailed("Geef het document een titel van hoogstens 500 tekens.")
            document.titel = titel.strip()
        if soort is not None:
            document.soort = soort
        if richting is not None:
            document.richting = _check_keuze(richting, DocumentRichting, "richting")
        if vertrouwelijk is not None:
            document.vertrouwelijk = vertrouwelijk
        for dossier_id in linked_dossier_ids(s, document.id):
            record_audit(
                s,
                ctx.actor,
                "document_gewijzigd",
                f"Gegevens van document '{document.titel}' gewijzigd",
                entiteit="document",
                entiteit_id=document.id,
                dossier_id=dossier_id,
            )
        s.flush()
        return info_van(s, document, ctx.actor)


def verwijder_document(
    ctx: ServiceContext,
    document_id: uuid.UUID,
    dossier_id: uuid.UUID,
    *,
    store: DocumentStore | None = None,
) -> None:
    """Delete a document with its versions; refused while another dossier still links it.

    After the commit its bytes leave the store, unless another version (of another document,
    the same bytes) still refers to them; the database store checks that itself, also for
    versions out of the user's sight. A crash in between leaves bytes for
    ``beheer.opruimen``.
    """
    with ctx.unit_of_work() as s:
        document = load_document(s, ctx.actor, document_id)
        dossier = get_dossier(s, ctx.actor, dossier_id, write=True)
        gekoppeld = linked_dossier_ids(s, document.id)
        if dossier.id not in gekoppeld:
            raise ValidationFailed(
                f"Document '{document.titel}' hoort niet bij dossier {dossier.kenmerk}."
            )
        anderen = _andere_dossiers(s, ctx.actor, document.id, dossier.id)
        if anderen:
            raise ValidationFailed(
                f"Document '{document.titel}' hoort ook bij {anderen} en kan daarom niet "
                "worden verwijderd. Ontkoppel het alleen van dit dossier."
            )
        if document.status == DocumentStatus.DEFINITIEF:
            raise ValidationFailed(
                f"Document '{document.titel}' is definitief en mag niet worden verwijderd."
            )
        check_not_locked(document, ctx.actor)
        in_gebruik = s.scalar(
            select(func.count()).select_from(Post).where(Post.document_id == document.id)
        ) or s.scalar(
            select(func.count()).select_from(Bewijs).where(Bewijs.document_id == document.id)
        )
        if in_gebruik:
            raise ValidationFailed(
                f"Document '{document.titel}' is geregistreerde post of bewijs bij een bevinding "
                "en kan niet worden verwijderd."
            )
        shas = set(
            s.scalars(select(Versie.content_sha256).where(Versie.document_id == document.id))
        )
        record_audit(
            s,
            ctx.actor,
            "document_verwijderd",
            f"Document '{document.titel}' verwijderd",
            entiteit="document",
            entiteit_id=document.id,
            dossier_id=dossier.id,
        )
        if s.get_bind().dialect.name == "postgresql":
            # once its links are gone a document is out of everyone's sight (row-level
            # security), so the database removes it in one step, after the same check
            s.flush()
            s.execute(text("SELECT igj_document_verwijderen(:d)"), {"d": document.id})
            s.expunge(document)
        else:
            s.execute(
                delete(ActiviteitDocument).where(ActiviteitDocument.document_id == document.id)
            )
            s.execute(delete(DocumentDossier).where(DocumentDossier.document_id == document.id))
            s.execute(delete(Versie).where(Versie.document_id == document.id))
            s.delete(document)
    with ctx.read() as s:
        gebruikt = set(
            s.scalars(select(Versie.content_sha256).where(Versie.content_sha256.in_(shas)))
        )
    for sha in shas - gebruikt:
        # held by a scanner: the document is gone all the same, the daily clean-up takes it
        with contextlib.suppress(BestandInGebruik):
            store_or_default(store, ctx.db).delete(sha)


def documenten_van_dossier(ctx: ServiceContext, dossier_id: uuid.UUID) -> list[DocumentInfo]:
    """Every document of a dossier with all its versions, newest document first."""
    with ctx.read() as s:
        get_dossier(s, ctx.actor, dossier_id)
        return documenten_in(s, ctx.actor, dossier_id)


def documenten_in(session: Session, actor: Actor, dossier_id: uuid.UUID) -> list[DocumentInfo]:
    """``documenten_van_dossier`` for a dossier whose access was just checked: its versions
    and links are selected by the dossier (a join), not by a list of 200 document ids."""
    # plain rows, not entities: a dossier of 200 documents is read twice as fast
    hier = {"dossier_id": dossier_id}
    documenten = session.execute(_in_dossier(), hier).all()
    if not documenten:
        return []
    versies = session.execute(_versies_in_dossier(), hier).all()
    links = session.execute(_andere_links(), hier).all()
    return _infos(session, documenten, versies, links, actor, eerste_link=dossier_id)


def document_info(ctx: ServiceContext, document_id: uuid.UUID) -> DocumentInfo:
    with ctx.read() as s:
        return info_van(s, load_document(s, ctx.actor, document_id), ctx.actor)


def lees_versie(
    ctx: ServiceContext, versie_id: uuid.UUID, *, store: DocumentStore | None = None
) -> tuple[VersieInfo, bytes]:
    """The bytes of a version, verified against their hash (``BlobCorrupt`` if damaged)."""
    with ctx.read() as s:
        versie = s.get(Versie, versie_id)
        if versie is None:
            raise NotFound(DOCUMENT_NIET_GEVONDEN)
        document = load_document(s, ctx.actor, versie.document_id)
        info = next(v for v in info_van(s, document, ctx.actor).versies if v.id == versie_id)
    return info, store_or_default(store, ctx.db).get(info.sha256)


# --- names for the review list and the PDFs -------------------------------------------------


def namen_van(session: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    """The names of these medewerkers and groepen, in two queries."""
    gezocht = {i for i in ids if i is not None}
    if not gezocht:
        return {}
    medewerkers = session.execute(
        select(Medewerker.id, Medewerker.naam).where(Medewerker.id.in_(gezocht))
    )
    groepen = session.execute(select(Groep.id, Groep.naam).where(Groep.id.in_(gezocht)))
    return {i: naam for i, naam in [*medewerkers, *groepen]}


def eigenaar_van(activiteit: Activiteit) -> uuid.UUID:
    """Who the activiteit waits for: the medewerker, else the groep."""
    eigenaar = activiteit.eigenaar_medewerker_id or activiteit.eigenaar_groep_id
    assert eigenaar is not None  # a check constraint gives every activiteit an owner
    return eigenaar


# --- read models -----------------------------------------------------------------------------


def info_van(session: Session, document: Document, actor: Actor) -> DocumentInfo:
    return infos_van(session, [document], actor)[0]


_DOCUMENT_KOLOMMEN = (
    Document.id,
    Document.version,
    Document.titel,
    Document.soort,
    Document.richting,
    Document.status,
    Document.auteur_id,
    Document.datum,
    Document.vertrouwelijk,
    Document.sjabloon,
    Document.uitgecheckt_door_id,
    Document.uitgecheckt_op,
)
_VERSIE_KOLOMMEN = (
    Versie.id,
    Versie.document_id,
    Versie.nummer,
    Versie.bestandsnaam,
    Versie.mime_type,
    Versie.status,
    Versie.content_sha256,
    Versie.aangemaakt_op,
    Versie.aangemaakt_door_id,
    Versie.opmerking,
)
# Built once, on first use (see ``services.base.vaste_query``): every opened dossier runs
# them; not at import, where the first statement configures every mapper.


def _hier() -> ColumnElement[bool]:
    return DocumentDossier.dossier_id == bindparam("dossier_id")


@functools.cache
def _in_dossier() -> Select[Any]:
    return (
        select(*_DOCUMENT_KOLOMMEN)
        .join(DocumentDossier, DocumentDossier.document_id == Document.id)
        .where(_hier())
        .order_by(Document.datum.desc(), Document.titel)
    )


@functools.cache
def _versies_in_dossier() -> Select[Any]:
    return (
        select(*_VERSIE_KOLOMMEN, Content.grootte)
        .join(Content, Content.sha256 == Versie.content_sha256)
        .join(DocumentDossier, DocumentDossier.document_id == Versie.document_id)
        .where(_hier())
        .order_by(Versie.nummer)
    )


@functools.cache
def _andere_links() -> Select[tuple[uuid.UUID, uuid.UUID]]:
    """A document's links to other dossiers: almost always none."""
    ander = aliased(DocumentDossier)
    return (
        select(ander.document_id, ander.dossier_id)
        .join(DocumentDossier, DocumentDossier.document_id == ander.document_id)
        .where(_hier(), ander.dossier_id != bindparam("dossier_id"))
    )


@functools.cache
def _namen() -> Select[tuple[uuid.UUID, str]]:
    return select(Medewerker.id, Medewerker.naam).where(
        Medewerker.id.in_(bindparam("ids", expanding=True))
    )


def infos_van(
    session: Session, documenten: Sequence[Document | Row[Any]], actor: Actor
) -> list[DocumentInfo]:
    """Read models for many documents (entities or rows of ``_DOCUMENT_KOLOMMEN``) with
    three queries in total (no N+1); versions are read as plain rows."""
    if not documenten:
        return []
    ids = [d.id for d in documenten]
    versies = session.execute(
        select(*_VERSIE_KOLOMMEN, Content.grootte)
        .join(Content, Content.sha256 == Versie.content_sha256)
        .where(Versie.document_id.in_(ids))
        .order_by(Versie.nummer)
    ).all()
    links = session.execute(
        select(DocumentDossier.document_id, DocumentDossier.dossier_id).where(
            DocumentDossier.document_id.in_(ids)
        )
    ).all()
    return _infos(session, documenten, versies, links, actor)


def _infos(
    session: Session,
    documenten: Sequence[Document | Row[Any]],
    versie_rijen: Iterable[Row[Any]],
    link_rijen: Iterable[Row[Any]],
    actor: Actor,
    eerste_link: uuid.UUID | None = None,
) -> list[DocumentInfo]:
    """The read models from the documents, their versions (rows of ``_VERSIE_KOLOMMEN`` and
    the size, by nummer) and their links (besides ``eerste_link``); the names of the people
    in one more query. Rows are unpacked by position: a dossier has hundreds of them."""
    rijen = [
        tuple(d) if isinstance(d, Row) else tuple(getattr(d, k.key) for k in _DOCUMENT_KOLOMMEN)
        for d in documenten
    ]
    versies: dict[uuid.UUID, list[VersieInfo]] = {d[0]: [] for d in rijen}
    makers: list[tuple[list[VersieInfo], tuple[Any, ...], uuid.UUID]] = []
    for v in versie_rijen:
        makers.append((versies[v[1]], tuple(v), v[8]))
    begin = [eerste_link] if eerste_link is not None else []  # a link every document has
    links: dict[uuid.UUID, list[uuid.UUID]] = {d[0]: list(begin) for d in rijen}
    for doc_id, dossier_id in link_rijen:
        links[doc_id].append(dossier_id)
    mensen = {m for _, _, m in makers} | {d[6] for d in rijen} | {d[10] for d in rijen}
    mensen.discard(None)
    rijen_namen = session.execute(_namen(), {"ids": list(mensen)})
    namen = {medewerker_id: naam for medewerker_id, naam in rijen_namen}
    for lijst, (
        id_,
        _,
        nummer,
        naam,
        mime,
        status,
        sha,
        op,
        door,
        opmerking,
        grootte,
    ), _m in makers:
        lijst.append(
            VersieInfo(
                id_, nummer, naam, mime, status, sha, grootte, op, namen.get(door, ""), opmerking
            )
        )
    return [
        DocumentInfo(
            id_,
            version,
            titel,
            soort,
            richting,
            status,
            namen.get(auteur_id, ""),
            datum,
            vertrouwelijk,
            sjabloon,
            uit_id,
            namen.get(uit_id) if uit_id else None,
            uit_op,
            tuple(links[id_]),
            tuple(versies[id_]),
            document_rechten(status, uit_id, actor),
        )
        for (
            id_,
            version,
            titel,
            soort,
            richting,
            status,
            auteur_id,
            datum,
            vertrouwelijk,
            sjabloon,
            uit_id,
            uit_op,
        ) in rijen
    ]
