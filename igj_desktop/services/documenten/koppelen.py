"""Showing one document in several dossiers: koppelen and ontkoppelen (the same document, not
a copy)."""

from __future__ import annotations

import uuid

from sqlalchemy import delete

from igj_desktop.models import (
    DocumentDossier,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten.document import (
    koppel_aan,
    linked_dossier_ids,
    load_document,
)
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.toegang.controle import get_dossier


def koppel_document(ctx: ServiceContext, document_id: uuid.UUID, dossier_id: uuid.UUID) -> None:
    """Also show the document in another dossier (the same document, not a copy)."""
    with ctx.unit_of_work() as s:
        document = load_document(s, ctx.actor, document_id)
        dossier = get_dossier(s, ctx.actor, dossier_id, write=True, allow_closed=True)
        if dossier.id in linked_dossier_ids(s, document.id):
            raise ValidationFailed(
                f"Document '{document.titel}' hoort al bij dossier {dossier.kenmerk}."
            )
        koppel_aan(
            s,
            ctx.actor,
            document,
            dossier,
            "document_gekoppeld",
            f"Document '{document.titel}' gekoppeld aan {dossier.kenmerk}",
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
