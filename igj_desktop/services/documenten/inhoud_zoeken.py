"""Searching inside documents and mails: which dossier, which document, a fragment.

Only the newest version of a document counts, only dossiers the actor may see (the same
rule as every read; on PostgreSQL row-level security on ``versie_tekst`` says it again),
and the dossier criteria of the search dialog (type, sector, period, …) apply as well.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from igj_desktop.models import Document, DocumentDossier, Dossier, Versie, VersieTekst
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten.inhoud_dossiers import nieuwste
from igj_desktop.services.documenten.zoekmachine import (
    FRAGMENT_BRON,
    maak_fragment,
    ontleed,
    zoekmachine_voor,
)
from igj_desktop.services.dossiers.zoeken import Zoekvraag, criteria
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.toegang.controle import visible_dossiers


@dataclass(frozen=True)
class InhoudTreffer:
    dossier_id: uuid.UUID
    kenmerk: str
    dossier_titel: str
    document_id: uuid.UUID
    document_titel: str
    versie_nummer: int
    bestandsnaam: str
    fragment: str
    """Plain text with the hits between ``zoekmachine.BEGIN`` and ``EINDE``."""


def zoek_in_inhoud(ctx: ServiceContext, vraag: Zoekvraag) -> list[InhoudTreffer]:
    """The best hits of ``vraag.tekst`` in documents, one row per document and dossier."""
    termen = ontleed(vraag.tekst)
    if not termen:
        raise ValidationFailed("Geef een of meer woorden op om in documenten en mail te zoeken.")
    zoekmachine = zoekmachine_voor(ctx.db.engine.dialect.name, ctx.actor.lezer_ids)
    verder = criteria(replace(vraag, tekst=""))
    treffers = (
        zoekmachine.treffers(termen)
        if verder
        else zoekmachine.beste(termen, vraag.offset + vraag.limit)
    ).subquery()
    query = (
        select(
            Dossier.id,
            Dossier.kenmerk,
            Dossier.titel,
            Document.id,
            Document.titel,
            Versie.nummer,
            Versie.bestandsnaam,
            func.substr(VersieTekst.tekst, 1, FRAGMENT_BRON),
        )
        .select_from(treffers)
        .join(VersieTekst, VersieTekst.versie_id == treffers.c.versie_id)
        .join(Versie, Versie.id == VersieTekst.versie_id)
        .join(Document, Document.id == Versie.document_id)
        .join(DocumentDossier, DocumentDossier.document_id == Document.id)
        .join(Dossier, Dossier.id == DocumentDossier.dossier_id)
        .where(visible_dossiers(ctx.actor), *verder)
        .order_by(treffers.c.rang.desc(), Document.datum.desc(), Dossier.kenmerk.desc())
        .offset(vraag.offset)
        .limit(vraag.limit)
    )
    if not zoekmachine.alleen_nieuwste:
        query = query.where(nieuwste(Versie))
    with ctx.read() as session:
        rijen = session.execute(query).all()
    return [
        InhoudTreffer(
            dos, kenmerk, dos_titel, doc, doc_titel, nr, naam, maak_fragment(bron, termen)
        )
        for dos, kenmerk, dos_titel, doc, doc_titel, nr, naam, bron in rijen
    ]
