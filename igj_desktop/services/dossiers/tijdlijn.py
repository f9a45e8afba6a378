"""The timeline of a dossier: its audit trail, newest first."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, select

from igj_desktop.models import AuditEntry, Dossier, Medewerker
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.read_models import TijdlijnRow
from igj_desktop.services.toegang.controle import get_dossier, visible_dossiers


def list_tijdlijn(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    *,
    met_subdossiers: bool = False,
    offset: int = 0,
    limit: int = 500,
) -> list[TijdlijnRow]:
    """Everything recorded for a dossier (and, optionally, its visible subdossiers)."""
    with ctx.read() as session:
        dossier = get_dossier(session, ctx.actor, dossier_id)
        betreft: ColumnElement[bool]
        if met_subdossiers:
            betreft = (Dossier.id == dossier.id) | (
                (Dossier.parent_id == dossier.id) & visible_dossiers(ctx.actor)
            )
        else:
            betreft = Dossier.id == dossier.id
        query = (
            select(AuditEntry, Medewerker.naam, Dossier.kenmerk)
            .join(Dossier, Dossier.id == AuditEntry.dossier_id)
            .outerjoin(Medewerker, Medewerker.id == AuditEntry.medewerker_id)
            .where(betreft)
            .order_by(AuditEntry.tijdstip.desc(), AuditEntry.id)
            .offset(offset)
            .limit(limit)
        )
        return [
            TijdlijnRow(
                entry.id,
                entry.tijdstip,
                naam or "Systeem",
                entry.actie,
                entry.omschrijving,
                entry.dossier_id,
                kenmerk,
            )
            for entry, naam, kenmerk in session.execute(query)
        ]
