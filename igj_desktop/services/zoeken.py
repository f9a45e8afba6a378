"""Searching dossiers and subdossiers; only what the actor may see, a page at a time."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, exists, func, or_, select

from igj_desktop.models import Betrokkene, Dossier, Relatie, Toegang, ToegangRol

from .base import AMSTERDAM, ServiceContext
from .dossiers import node_query, to_nodes
from .errors import ValidationFailed
from .read_models import DossierNode
from .relaties import like_pattern

MAX_LIMIT = 500


@dataclass(frozen=True)
class Zoekvraag:
    """Search criteria; empty ones are ignored, given ones must all match.

    ``kenmerk`` matches from the start (``IGJ-2026-0001`` finds ``IGJ-2026-000123``);
    every word of ``tekst`` must occur in the titel or the omschrijving; ``relatie``
    occurs in the name of a betrokkene; the dates are Dutch calendar days of opening.
    """

    kenmerk: str = ""
    tekst: str = ""
    relatie: str = ""
    behandelaar_id: uuid.UUID | None = None
    dossiertype_id: uuid.UUID | None = None
    status: str | None = None
    geopend_vanaf: date | None = None
    geopend_tot: date | None = None
    alleen_hoofddossiers: bool = False
    offset: int = 0
    limit: int = 100


@dataclass(frozen=True)
class Zoekresultaat:
    dossiers: tuple[DossierNode, ...]
    totaal: int
    """How many dossiers match in all (for "1–100 van 250")."""


def _start_of(dag: date) -> datetime:
    return datetime.combine(dag, time.min, AMSTERDAM)


def _criteria(vraag: Zoekvraag) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if vraag.kenmerk.strip():
        prefix = like_pattern(vraag.kenmerk)[1:]  # anchored at the start
        where.append(Dossier.kenmerk.ilike(prefix, escape="\\"))
    for woord in vraag.tekst.split():
        pattern = like_pattern(woord)
        where.append(
            or_(
                Dossier.titel.ilike(pattern, escape="\\"),
                Dossier.omschrijving.ilike(pattern, escape="\\"),
            )
        )
    if vraag.relatie.strip():
        where.append(
            exists().where(
                Betrokkene.dossier_id == Dossier.id,
                Relatie.id == Betrokkene.relatie_id,
                Relatie.naam.ilike(like_pattern(vraag.relatie), escape="\\"),
            )
        )
    if vraag.behandelaar_id is not None:
        where.append(
            exists().where(
                Toegang.dossier_id == Dossier.id,
                Toegang.medewerker_id == vraag.behandelaar_id,
                Toegang.rol == ToegangRol.BEHANDELAAR,
            )
        )
    if vraag.dossiertype_id is not None:
        where.append(Dossier.dossiertype_id == vraag.dossiertype_id)
    if vraag.status:
        where.append(Dossier.status == vraag.status)
    if vraag.geopend_vanaf is not None:
        where.append(Dossier.geopend_op >= _start_of(vraag.geopend_vanaf))
    if vraag.geopend_tot is not None:
        where.append(Dossier.geopend_op < _start_of(vraag.geopend_tot + timedelta(days=1)))
    if vraag.alleen_hoofddossiers:
        where.append(Dossier.parent_id.is_(None))
    return where


def search_dossiers(ctx: ServiceContext, vraag: Zoekvraag) -> Zoekresultaat:
    """The visible dossiers matching ``vraag``, newest kenmerk first, one page."""
    if vraag.geopend_vanaf and vraag.geopend_tot and vraag.geopend_vanaf > vraag.geopend_tot:
        raise ValidationFailed("De begindatum ligt na de einddatum.")
    if vraag.offset < 0 or not 0 < vraag.limit <= MAX_LIMIT:
        raise ValidationFailed(f"Vraag 1 tot {MAX_LIMIT} resultaten per pagina.")
    query = node_query(ctx.actor).where(*_criteria(vraag))
    with ctx.read() as session:
        totaal = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = to_nodes(
            session,
            query.order_by(Dossier.kenmerk.desc()).offset(vraag.offset).limit(vraag.limit),
        )
    return Zoekresultaat(tuple(rows), totaal)
