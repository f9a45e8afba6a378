"""Check-out for editing: one medewerker edits a document at a time ("Bewerken"/"Inchecken"),
a stale check-out is broken by its owner or a beheerder, always audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from igj_desktop.models import (
    Document,
    Medewerker,
    RolCode,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten.document import (
    check_not_locked,
    info_van,
    linked_dossier_ids,
    load_document,
)
from igj_desktop.services.documenten.rechten import mag_uitcheck_verbreken
from igj_desktop.services.errors import AccessDenied, ValidationFailed


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
        laatste = info_van(s, document, ctx.actor).laatste
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
