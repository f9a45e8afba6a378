"""Definitief maken: the newest version as PDF becomes the last version, and the document is
locked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from igj_desktop.integrations import pdf_convert
from igj_desktop.integrations.document_store import (
    DocumentStore,
)
from igj_desktop.models import (
    DocumentStatus,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import ServiceContext, check_version
from igj_desktop.services.documenten.document import (
    DocumentRef,
    append_versie,
    check_not_locked,
    info_van,
    linked_dossier_ids,
    load_document,
    ref_van,
    store_or_default,
)
from igj_desktop.services.errors import ValidationFailed


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
        laatste = info_van(s, document, ctx.actor).laatste
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
        return DefinitiefResultaat(ref_van(document, versie), omgezet_met)
