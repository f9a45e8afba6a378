"""Documents of dossiers: adding, versions, links to other dossiers, reading back.

The bytes go to the document store *before* the transaction that writes the
``Content``/``Versie`` rows; a crash in between leaves a blob no row points to, which
nobody sees and ``opruimen_ongebruikte_blobs`` removes. Versions are never overwritten.
A document is visible to whoever may see one of its dossiers; changing it needs
behandelaar access to one of them.
"""

from __future__ import annotations

import contextlib
import mimetypes
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Row, delete, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from igj_desktop.config import max_document_mb
from igj_desktop.db import Database
from igj_desktop.integrations import bestandsnamen, pdf_convert
from igj_desktop.integrations.bestandsslot import BestandInGebruik
from igj_desktop.integrations.document_store import (
    DocumentStore,
    StoredBlob,
    default_store,
)
from igj_desktop.models import (
    Activiteit,
    ActiviteitDocument,
    ActiviteitStatus,
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
    RolCode,
    Versie,
    utcnow,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import Actor, ServiceContext, check_version, load_actor
from igj_desktop.services.documenten.rechten import (
    DocumentRechten,
    bij_collega,
    document_rechten,
    is_definitief,
    mag_uitcheck_verbreken,
)
from igj_desktop.services.errors import AccessDenied, NotFound, ValidationFailed
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


def register_content(session: Session, sha256: str, grootte: int) -> None:
    """Insert the ``Content`` row once, also when two users store the same bytes at once."""
    dialect = session.get_bind().dialect.name
    values = {"sha256": sha256, "grootte": grootte}
    if dialect == "postgresql":
        session.execute(postgresql.insert(Content).values(values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite.insert(Content).values(values).on_conflict_do_nothing())
    elif session.get(Content, sha256) is None:
        session.add(Content(**values))


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
    register_content(session, sha256, grootte)
    nummer = (
        session.scalar(select(func.max(Versie.nummer)).where(Versie.document_id == document.id))
        or 0
    ) + 1
    versie = Versie(
        document_id=document.id,
        nummer=nummer,
        content_sha256=sha256,
        bestandsnaam=bestandsnaam,
        mime_type=mime_type_voor(bestandsnaam),
        status=status,
        aangemaakt_door_id=actor.medewerker_id,
        opmerking=opmerking[:1000],
    )
    session.add(versie)
    document.status = status
    document.gewijzigd_op = utcnow()  # bumps the row version: concurrent saves conflict
    session.flush()
    return versie


def _ref(document: Document, versie: Versie) -> DocumentRef:
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
            s.add(
                DocumentDossier(
                    document_id=document.id,
                    dossier_id=dossier.id,
                    gekoppeld_door_id=ctx.actor.medewerker_id,
                )
            )
            record_audit(
                s,
                ctx.actor,
                "document_toegevoegd",
                f"Document '{titel}' toegevoegd",
                entiteit="document",
                entiteit_id=document.id,
                dossier_id=dossier.id,
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
        return _ref(document, versie)


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
        return _ref(document, versie)


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
        return _info(s, document, ctx.actor)


def koppel_document(ctx: ServiceContext, document_id: uuid.UUID, dossier_id: uuid.UUID) -> None:
    """Also show the document in another dossier (the same document, not a copy)."""
    with ctx.unit_of_work() as s:
        document = load_document(s, ctx.actor, document_id)
        dossier = get_dossier(s, ctx.actor, dossier_id, write=True, allow_closed=True)
        if dossier.id in linked_dossier_ids(s, document.id):
            raise ValidationFailed(
                f"Document '{document.titel}' hoort al bij dossier {dossier.kenmerk}."
            )
        s.add(
            DocumentDossier(
                document_id=document.id,
                dossier_id=dossier.id,
                gekoppeld_door_id=ctx.actor.medewerker_id,
            )
        )
        record_audit(
            s,
            ctx.actor,
            "document_gekoppeld",
            f"Document '{document.titel}' gekoppeld aan {dossier.kenmerk}",
            entiteit="document",
            entiteit_id=document.id,
            dossier_id=dossier.id,
        )


def ontkoppel_document(ctx: ServiceContext, document_id: uuid.UUID, dossier_id: uuid.UUID) -> None:
    """Remove the document from one dossier; it stays in the others."""
    with ctx.unit_of_work() as s:
        document = load_document(s, ctx.actor, document_id)
        dossier = get_dossier(s, ctx.actor, dossier_id, write=True)
        gekoppeld = linked_dossier_ids(s, document.id)
        if dossier.id not in gekoppeld:
            raise ValidationFailed(
                f"Document '{document.titel}' hoort niet bij dossier {dossier.kenmerk}."
            )
        if len(gekoppeld) == 1:
            raise ValidationFailed(
                f"{dossier.kenmerk} is het enige dossier van '{document.titel}'. Ontkoppelen zou "
                "het document onvindbaar maken; verwijder het document als dat de bedoeling is."
            )
        s.execute(
            delete(DocumentDossier).where(
                DocumentDossier.document_id == document.id,
                DocumentDossier.dossier_id == dossier.id,
            )
        )
        record_audit(
            s,
            ctx.actor,
            "document_ontkoppeld",
            f"Document '{document.titel}' ontkoppeld van {dossier.kenmerk}",
            entiteit="document",
            entiteit_id=document.id,
            dossier_id=dossier.id,
        )


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
    ``opruimen_ongebruikte_blobs``.
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
        # plain rows, not entities: a dossier of 200 documents is read twice as fast
        documenten = s.execute(
            select(*_DOCUMENT_KOLOMMEN)
            .join(DocumentDossier, DocumentDossier.document_id == Document.id)
            .where(DocumentDossier.dossier_id == dossier_id)
            .order_by(Document.datum.desc(), Document.titel)
        ).all()
        return _infos(s, documenten, ctx.actor)


def document_info(ctx: ServiceContext, document_id: uuid.UUID) -> DocumentInfo:
    with ctx.read() as s:
        return _info(s, load_document(s, ctx.actor, document_id), ctx.actor)


def lees_versie(
    ctx: ServiceContext, versie_id: uuid.UUID, *, store: DocumentStore | None = None
) -> tuple[VersieInfo, bytes]:
    """The bytes of a version, verified against their hash (``BlobCorrupt`` if damaged)."""
    with ctx.read() as s:
        versie = s.get(Versie, versie_id)
        if versie is None:
            raise NotFound(DOCUMENT_NIET_GEVONDEN)
        document = load_document(s, ctx.actor, versie.document_id)
        info = next(v for v in _info(s, document, ctx.actor).versies if v.id == versie_id)
    return info, store_or_default(store, ctx.db).get(info.sha256)


# --- check-out for editing ------------------------------------------------------------------


@dataclass(frozen=True)
class Werkkopie:
    """What the editor launcher needs to put the newest version in the working folder."""

    document_id: uuid.UUID
    titel: str
    versie_nummer: int
    bestandsnaam: str
    sha256: str


def uitchecken(ctx: ServiceContext, document_id: uuid.UUID) -> Werkkopie:
    """Check the document out to the actor ("Bewerken"); others see 'in bewerking door …'."""
    with ctx.unit_of_work() as s:
        document = load_document(s, ctx.actor, document_id, write=True)
        check_not_locked(document, ctx.actor)
        if document.uitgecheckt_door_id is None:
            document.uitgecheckt_door_id = ctx.actor.medewerker_id
            document.uitgecheckt_op = ctx.now()
            for dossier_id in linked_dossier_ids(s, document.id):
                record_audit(
                    s,
                    ctx.actor,
                    "document_uitgecheckt",
                    f"'{document.titel}' uitgecheckt voor bewerken",
                    entiteit="document",
                    entiteit_id=document.id,
                    dossier_id=dossier_id,
                )
        s.flush()
        laatste = _info(s, document, ctx.actor).laatste
        return Werkkopie(
            document.id, document.titel, laatste.nummer, laatste.bestandsnaam, laatste.sha256
        )


def inchecken(ctx: ServiceContext, document_id: uuid.UUID) -> None:
    """End the edit ("Inchecken"); the versions saved meanwhile stay."""
    with ctx.unit_of_work() as s:
        document = load_document(s, ctx.actor, document_id)
        if document.uitgecheckt_door_id is None:
            return
        if document.uitgecheckt_door_id != ctx.actor.medewerker_id:
            raise ValidationFailed(
                f"'{document.titel}' is uitgecheckt door een collega; alleen die kan inchecken. "
                "Een beheerder kan de uitcheck zo nodig verbreken."
            )
        _clear_checkout(s, ctx, document, "document_ingecheckt", f"'{document.titel}' ingecheckt")


def uitcheck_verbreken(ctx: ServiceContext, document_id: uuid.UUID, reden: str) -> None:
    """Break a stale check-out: allowed to its owner and to a beheerder, always audited."""
    if not reden.strip():
        raise ValidationFailed("Geef een reden op voor het verbreken van de uitcheck.")
    beheerder = ctx.actor.heeft_rol(RolCode.BEHEERDER)
    with ctx.unit_of_work() as s:
        # a beheerder may break any check-out, also in dossiers they cannot see
        document = s.get(Document, document_id) if beheerder else None
        if document is None and beheerder and s.get_bind().dialect.name == "postgresql":
            # out of the beheerder's sight: the database does it, after its own check
            gedaan = s.scalar(
                text("SELECT igj_uitcheck_verbreken(:d, :reden)"),
                {"d": document_id, "reden": reden.strip()},
            )
            if not gedaan:
                raise ValidationFailed("Dit document is niet uitgecheckt (of bestaat niet).")
            return
        if document is None:
            document = load_document(s, ctx.actor, document_id)
        if document.uitgecheckt_door_id is None:
            raise ValidationFailed(f"'{document.titel}' is niet uitgecheckt.")
        if not mag_uitcheck_verbreken(document.uitgecheckt_door_id, ctx.actor):
            raise AccessDenied(
                "Alleen wie het document heeft uitgecheckt of een beheerder kan de uitcheck "
                "verbreken."
            )
        wie = s.get(Medewerker, document.uitgecheckt_door_id)
        _clear_checkout(
            s,
            ctx,
            document,
            "uitcheck_verbroken",
            f"Uitcheck van '{document.titel}' door {wie.naam if wie else '?'} verbroken: "
            f"{reden.strip()}",
        )


def _clear_checkout(
    s: Session, ctx: ServiceContext, document: Document, actie: str, tekst: str
) -> None:
    document.uitgecheckt_door_id = None
    document.uitgecheckt_op = None
    for dossier_id in linked_dossier_ids(s, document.id):
        record_audit(
            s,
            ctx.actor,
            actie,
            tekst,
            entiteit="document",
            entiteit_id=document.id,
            dossier_id=dossier_id,
        )


# --- review ---------------------------------------------------------------------------------

REVIEW = "review"
REVIEW_AFGEROND = "review_afgerond"


@dataclass(frozen=True)
class ReviewInfo:
    activiteit_id: uuid.UUID
    version: int
    titel: str
    reviewer: str
    termijn: date | None
    status: str
    opmerking: str | None
    aangevraagd_door: str


@dataclass(frozen=True)
class Reviewer:
    medewerker_id: uuid.UUID | None
    groep_id: uuid.UUID | None
    naam: str


def mogelijke_reviewers(ctx: ServiceContext) -> list[Reviewer]:
    """Active colleagues and every groep, for the 'Review vragen' dialog."""
    with ctx.read() as s:
        mensen = s.execute(
            select(Medewerker.id, Medewerker.naam)
            .where(Medewerker.actief.is_(True), Medewerker.id != ctx.actor.medewerker_id)
            .order_by(Medewerker.naam)
        ).all()
        groepen = s.execute(select(Groep.id, Groep.naam).order_by(Groep.naam)).all()
    return [Reviewer(i, None, naam) for i, naam in mensen] + [
        Reviewer(None, i, f"Groep {naam}") for i, naam in groepen
    ]


@dataclass(frozen=True)
class Reviewverzoek:
    """Who reviews (a medewerker or a groep), by when, and what to look at."""

    termijn: date
    medewerker_id: uuid.UUID | None = None
    groep_id: uuid.UUID | None = None
    toelichting: str = ""


def maak_reviewactiviteit(
    s: Session,
    ctx: ServiceContext,
    dossier: Dossier,
    onderwerp: str,
    verzoek: Reviewverzoek,
    *,
    document: Document | None = None,
) -> Activiteit:
    """The review request as an activiteit in the reviewer's werkvoorraad, inside the
    caller's transaction (the toetsing service uses it for instruments and bevindingen)."""
    if (verzoek.medewerker_id is None) == (verzoek.groep_id is None):
        raise ValidationFailed("Kies één reviewer: een medewerker of een groep.")
    if verzoek.termijn < ctx.today():
        raise ValidationFailed("De termijn voor de review ligt in het verleden.")
    if verzoek.medewerker_id == ctx.actor.medewerker_id:
        raise ValidationFailed("Vraag een collega om de review, niet uzelf.")
    reviewer = (
        s.get(Medewerker, verzoek.medewerker_id)
        if verzoek.medewerker_id
        else s.get(Groep, verzoek.groep_id)
    )
    if reviewer is None:
        raise NotFound("De gekozen reviewer bestaat niet (meer).")
    if isinstance(reviewer, Medewerker) and not s.scalar(
        select(Dossier.id).where(
            Dossier.id == dossier.id, visible_dossiers(load_actor(s, reviewer.gebruikersnaam))
        )
    ):
        raise ValidationFailed(
            f"{reviewer.naam} heeft geen toegang tot {dossier.kenmerk}; geef eerst toegang "
            "en vraag dan de review."
        )
    activiteit = Activiteit(
        dossier_id=dossier.id,
        code="review_document" if document else "review",
        titel=f"Review {onderwerp}"[:300],
        omschrijving=verzoek.toelichting,
        soort=REVIEW,
        eigenaar_medewerker_id=verzoek.medewerker_id,
        eigenaar_groep_id=verzoek.groep_id,
        termijn=verzoek.termijn,
        termijn_oorspronkelijk=verzoek.termijn,
        aangemaakt_door_id=ctx.actor.medewerker_id,
        gegevens={"document_id": str(document.id) if document else None},
    )
    s.add(activiteit)
    s.flush()
    if document is not None:
        s.add(ActiviteitDocument(activiteit_id=activiteit.id, document_id=document.id))
    record_audit(
        s,
        ctx.actor,
        "review_gevraagd",
        f"Review gevraagd aan {reviewer.naam}: {onderwerp}",
        entiteit="activiteit",
        entiteit_id=activiteit.id,
        dossier_id=dossier.id,
    )
    return activiteit


def vraag_review(
    ctx: ServiceContext, dossier_id: uuid.UUID, document_id: uuid.UUID, verzoek: Reviewverzoek
) -> uuid.UUID:
    """Ask a medewerker or a groep to review a document; it is 'ter review' meanwhile."""
    with ctx.unit_of_work() as s:
        dossier = get_dossier(s, ctx.actor, dossier_id, write=True)
        document = load_document(s, ctx.actor, document_id, write=True)
        if dossier.id not in linked_dossier_ids(s, document.id):
            raise ValidationFailed(f"'{document.titel}' hoort niet bij {dossier.kenmerk}.")
        check_not_locked(document, ctx.actor)
        document.status = DocumentStatus.TER_REVIEW
        return maak_reviewactiviteit(
            s, ctx, dossier, f"'{document.titel}'", verzoek, document=document
        ).id


def review_afronden(
    ctx: ServiceContext,
    activiteit_id: uuid.UUID,
    opmerking: str,
    *,
    expected_version: int | None = None,
) -> uuid.UUID:
    """The reviewer marks the review done with a remark; the requester gets it in the
    werkvoorraad as an activiteit 'Review afgerond'. Returns that activiteit."""
    if not opmerking.strip():
        raise ValidationFailed("Geef een opmerking bij de review, ook als u akkoord bent.")
    with ctx.unit_of_work() as s:
        review = s.get(Activiteit, activiteit_id)
        if review is None or review.soort != REVIEW:
            raise NotFound("Dit reviewverzoek bestaat niet.")
        get_dossier(s, ctx.actor, review.dossier_id)
        check_version(review.version, expected_version)
        mag = review.eigenaar_medewerker_id == ctx.actor.medewerker_id or (
            review.eigenaar_groep_id in ctx.actor.groep_ids
        )
        if not mag:
            raise AccessDenied("Alleen de gevraagde reviewer kan deze review afronden.")
        if review.status != ActiviteitStatus.OPEN:
            raise ValidationFailed("Deze review is al afgerond.")
        review.status = ActiviteitStatus.AFGEROND
        review.uitkomst = "gereviewd"
        review.opmerking = opmerking.strip()
        review.afgerond_op = ctx.now()
        review.afgerond_door_id = ctx.actor.medewerker_id
        document_ids = s.scalars(
            select(ActiviteitDocument.document_id).where(
                ActiviteitDocument.activiteit_id == review.id
            )
        ).all()
        for document in s.scalars(select(Document).where(Document.id.in_(document_ids))):
            if document.status == DocumentStatus.TER_REVIEW:
                document.status = DocumentStatus.CONCEPT
        terugmelding = Activiteit(
            dossier_id=review.dossier_id,
            code="review_afgerond",
            titel=f"{review.titel} afgerond door {ctx.actor.naam}"[:300],
            omschrijving=opmerking.strip(),
            soort=REVIEW_AFGEROND,
            eigenaar_medewerker_id=review.aangemaakt_door_id,
            termijn=ctx.today(),
            aangemaakt_door_id=ctx.actor.medewerker_id,
            gegevens={"review_id": str(review.id)},
        )
        if terugmelding.eigenaar_medewerker_id is None:
            terugmelding.eigenaar_groep_id = review.eigenaar_groep_id
        s.add(terugmelding)
        s.flush()
        for document_id in document_ids:
            s.add(ActiviteitDocument(activiteit_id=terugmelding.id, document_id=document_id))
        record_audit(
            s,
            ctx.actor,
            "review_afgerond",
            f"{review.titel} afgerond: {opmerking.strip()}"[:1000],
            entiteit="activiteit",
            entiteit_id=review.id,
            dossier_id=review.dossier_id,
        )
        return terugmelding.id


def mijn_open_review(ctx: ServiceContext, document_id: uuid.UUID) -> ReviewInfo | None:
    """The open review of this document that waits for the actor (or one of their groepen)."""
    wie = Activiteit.eigenaar_medewerker_id == ctx.actor.medewerker_id
    if ctx.actor.groep_ids:
        wie = wie | Activiteit.eigenaar_groep_id.in_(ctx.actor.groep_ids)
    with ctx.read() as s:
        load_document(s, ctx.actor, document_id)
        review_id = s.scalar(
            select(Activiteit.id)
            .join(ActiviteitDocument, ActiviteitDocument.activiteit_id == Activiteit.id)
            .where(
                ActiviteitDocument.document_id == document_id,
                Activiteit.soort == REVIEW,
                Activiteit.status == ActiviteitStatus.OPEN,
                wie,
            )
            .order_by(Activiteit.termijn)
        )
    if review_id is None:
        return None
    return next(r for r in reviews_van_document(ctx, document_id) if r.activiteit_id == review_id)


def reviews_van_document(ctx: ServiceContext, document_id: uuid.UUID) -> list[ReviewInfo]:
    with ctx.read() as s:
        load_document(s, ctx.actor, document_id)
        reviews = s.scalars(
            select(Activiteit)
            .join(ActiviteitDocument, ActiviteitDocument.activiteit_id == Activiteit.id)
            .where(ActiviteitDocument.document_id == document_id, Activiteit.soort == REVIEW)
            .order_by(Activiteit.aangemaakt_op)
        ).all()
        namen = _namen(s, [_eigenaar(r) for r in reviews] + [r.aangemaakt_door_id for r in reviews])
        return [
            ReviewInfo(
                r.id,
                r.version,
                r.titel,
                namen.get(_eigenaar(r), ""),
                r.termijn,
                r.status,
                r.opmerking,
                namen.get(r.aangemaakt_door_id, "") if r.aangemaakt_door_id else "",
            )
            for r in reviews
        ]


@dataclass(frozen=True)
class DefinitiefResultaat:
    ref: DocumentRef
    omgezet_met: str  # which program made the PDF ("" when the document already was a PDF)


def definitief_maken(
    ctx: ServiceContext, document_id: uuid.UUID, *, store: DocumentStore | None = None
) -> DefinitiefResultaat:
    """Convert the newest version to PDF, store it as the definitief version, lock the document.

    The conversion runs outside the transaction (it takes seconds); if someone saved a new
    version meanwhile, the user gets a conflict instead of a PDF of an old text.
    """
    store = store_or_default(store, ctx.db)
    with ctx.read() as s:
        document = load_document(s, ctx.actor, document_id, write=True)
        check_not_locked(document, ctx.actor)
        if document.uitgecheckt_door_id:
            raise ValidationFailed(
                f"'{document.titel}' is nog uitgecheckt; check het eerst in en maak het daarna "
                "definitief."
            )
        laatste = _info(s, document, ctx.actor).laatste
        gelezen_versie = document.version
    data = store.get(laatste.sha256)
    if laatste.mime_type == "application/pdf":
        pdf, omgezet_met = data, ""
    else:
        resultaat = pdf_convert.naar_pdf(data, laatste.bestandsnaam)
        pdf, omgezet_met = resultaat.data, resultaat.omgezet_met
    naam = f"{Path(laatste.bestandsnaam).stem}.pdf"
    with ctx.unit_of_work() as s:
        document = load_document(s, ctx.actor, document_id, write=True)
        check_version(document.version, gelezen_versie)
        blob = store.put(pdf)
        versie = append_versie(
            s,
            ctx.actor,
            document,
            naam,
            blob.sha256,
            blob.grootte,
            status=DocumentStatus.DEFINITIEF,
            opmerking=f"Definitief gemaakt (PDF via {omgezet_met})"
            if omgezet_met
            else "Definitief",
        )
        for dossier_id in linked_dossier_ids(s, document.id):
            record_audit(
                s,
                ctx.actor,
                "document_definitief",
                f"'{document.titel}' definitief gemaakt als versie {versie.nummer}",
                entiteit="document",
                entiteit_id=document.id,
                dossier_id=dossier_id,
                gegevens={"omgezet_met": omgezet_met, "sha256": blob.sha256},
            )
        return DefinitiefResultaat(_ref(document, versie), omgezet_met)


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


# --- PDFs the application composes ----------------------------------------------------------


def _namen(session: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    gezocht = {i for i in ids if i is not None}
    if not gezocht:
        return {}
    medewerkers = session.execute(
        select(Medewerker.id, Medewerker.naam).where(Medewerker.id.in_(gezocht))
    )
    groepen = session.execute(select(Groep.id, Groep.naam).where(Groep.id.in_(gezocht)))
    return {i: naam for i, naam in [*medewerkers, *groepen]}


def _eigenaar(activiteit: Activiteit) -> uuid.UUID:
    return activiteit.eigenaar_medewerker_id or activiteit.eigenaar_groep_id  # type: ignore[return-value]


# --- read models -----------------------------------------------------------------------------


def _info(session: Session, document: Document, actor: Actor) -> DocumentInfo:
    return _infos(session, [document], actor)[0]


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


def _infos(
    session: Session, documenten: Sequence[Document | Row[Any]], actor: Actor
) -> list[DocumentInfo]:
    """Read models for many documents (entities or rows of ``_DOCUMENT_KOLOMMEN``) with
    three queries in total (no N+1); versions are read as plain rows."""
    if not documenten:
        return []
    ids = [d.id for d in documenten]
    versies: dict[uuid.UUID, list[tuple[Row[Any], int]]] = {i: [] for i in ids}
    for versie in session.execute(
        select(*_VERSIE_KOLOMMEN, Content.grootte)
        .join(Content, Content.sha256 == Versie.content_sha256)
        .where(Versie.document_id.in_(ids))
        .order_by(Versie.nummer)
    ):
        versies[versie.document_id].append((versie, versie.grootte))
    links: dict[uuid.UUID, list[uuid.UUID]] = {i: [] for i in ids}
    for doc_id, dossier_id in session.execute(
        select(DocumentDossier.document_id, DocumentDossier.dossier_id).where(
            DocumentDossier.document_id.in_(ids)
        )
    ):
        links[doc_id].append(dossier_id)
    mensen = (
        {v.aangemaakt_door_id for lijst in versies.values() for v, _ in lijst}
        | {d.auteur_id for d in documenten}
        | {d.uitgecheckt_door_id for d in documenten}
    )
    rijen = session.execute(
        select(Medewerker.id, Medewerker.naam).where(Medewerker.id.in_(mensen - {None}))
    )
    namen = {medewerker_id: naam for medewerker_id, naam in rijen}
    return [
        DocumentInfo(
            id=d.id,
            version=d.version,
            titel=d.titel,
            soort=d.soort,
            richting=d.richting,
            status=d.status,
            auteur=namen.get(d.auteur_id, ""),
            datum=d.datum,
            vertrouwelijk=d.vertrouwelijk,
            sjabloon=d.sjabloon,
            uitgecheckt_door_id=d.uitgecheckt_door_id,
            uitgecheckt_door=namen.get(d.uitgecheckt_door_id) if d.uitgecheckt_door_id else None,
            uitgecheckt_op=d.uitgecheckt_op,
            dossier_ids=tuple(links[d.id]),
            rechten=document_rechten(d.status, d.uitgecheckt_door_id, actor),
            versies=tuple(
                VersieInfo(
                    id=v.id,
                    nummer=v.nummer,
                    bestandsnaam=v.bestandsnaam,
                    mime_type=v.mime_type,
                    status=v.status,
                    sha256=v.content_sha256,
                    grootte=grootte,
                    aangemaakt_op=v.aangemaakt_op,
                    aangemaakt_door=namen.get(v.aangemaakt_door_id, ""),
                    opmerking=v.opmerking,
                )
                for v, grootte in versies[d.id]
            ),
        )
        for d in documenten
    ]
