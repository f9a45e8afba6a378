"""Which dossiers have a document containing a text: the tree filter's "ook in documenten"."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, Select, false, func, select
from sqlalchemy.orm import aliased

from igj_desktop.models import DocumentDossier, Dossier, Versie
from igj_desktop.services.base import Actor
from igj_desktop.services.documenten.zoekmachine import ontleed, zoekmachine_voor
from igj_desktop.services.toegang.controle import visible_dossiers


def nieuwste(versie: type[Versie]) -> ColumnElement[bool]:
    """Only the newest version of a document counts: what it says now."""
    ouder = aliased(Versie)
    return (
        versie.nummer
        == (
            select(func.max(ouder.nummer)).where(ouder.document_id == versie.document_id)
        ).scalar_subquery()
    )


def dossiers_met_inhoud(actor: Actor, dialect: str, tekst: str) -> Select[tuple[uuid.UUID]]:
    """The ids of visible dossiers with a document whose newest version contains ``tekst``
    (not correlated: usable as ``Dossier.id.in_(…)`` in any query on dossiers)."""
    termen = ontleed(tekst)
    if not termen:
        return select(DocumentDossier.dossier_id).where(false())
    zoekmachine = zoekmachine_voor(dialect, actor.lezer_ids)
    treffers = zoekmachine.treffers(termen).subquery()
    dossier = aliased(Dossier)
    query = (
        select(DocumentDossier.dossier_id)
        .join(Versie, Versie.document_id == DocumentDossier.document_id)
        .join(treffers, treffers.c.versie_id == Versie.id)
        .join(dossier, dossier.id == DocumentDossier.dossier_id)
        .where(visible_dossiers(actor, dossier))
        .correlate(None)
    )
    return query if zoekmachine.alleen_nieuwste else query.where(nieuwste(Versie))
