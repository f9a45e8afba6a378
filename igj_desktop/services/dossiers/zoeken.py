"""Searching dossiers and subdossiers; only what the actor may see, a page at a time."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Text,
    Uuid,
    and_,
    bindparam,
    column,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler

from igj_desktop.models import Betrokkene, Dossier, Relatie, Toegang, ToegangRol, zoeklezers
from igj_desktop.services.base import AMSTERDAM, Actor, ServiceContext
from igj_desktop.services.dossiers import trigram
from igj_desktop.services.dossiers.dossier import node_query, to_nodes
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.read_models import DossierNode
from igj_desktop.services.tekens import like_pattern
from igj_desktop.services.toegang.controle import visible_dossiers

MAX_LIMIT = 500
TELLEN_TOT = 1000
KENMERK_TEKENS = re.compile(r"[^A-Z0-9-]")


class _Kenmerk(ColumnElement[bool]):
    """``column`` starts with (or contains) ``deel``, case-sensitive, in a form an index can
    use: on PostgreSQL ``starts_with`` for a prefix (text_pattern_ops; unlike LIKE it is
    leakproof, so the index is used also under row-level security) and LIKE for a part
    (pg_trgm), GLOB on
    SQLite (LIKE ignores case there and so cannot use the index)."""

    inherit_cache = True
    type = Boolean()

    def __init__(self, column: ColumnElement[str], deel: str, *, overal: bool) -> None:
        self.column, self.deel, self.overal = column, deel, overal


@compiles(_Kenmerk)
def _kenmerk_like(element: _Kenmerk, compiler: SQLCompiler, **kw: Any) -> str:
    kolom = compiler.process(element.column, **kw)
    if not element.overal:  # starts_with is leakproof: an index serves it under row security
        return f"starts_with({kolom}, {compiler.process(literal(element.deel), **kw)})"
    return f"{kolom} LIKE {compiler.process(literal(f'%{element.deel}%'), **kw)}"


@compiles(_Kenmerk, "sqlite")
def _kenmerk_glob(element: _Kenmerk, compiler: SQLCompiler, **kw: Any) -> str:
    voor = "*" if element.overal else ""
    patroon = compiler.process(literal(f"{voor}{element.deel}*"), **kw)
    return f"{compiler.process(element.column, **kw)} GLOB {patroon}"


def kenmerk_bevat(tekst: str) -> ColumnElement[bool]:
    """A kenmerk by any part of it: "IGJ-2026-0001" from the start (the fast prefix index),
    "000123" or "2026-000123" anywhere in it, as the tree filter does.

    Kenmerken are upper case letters, digits and dashes: anything else cannot match, so it
    is dropped, which also keeps LIKE and GLOB wildcards out."""
    deel = KENMERK_TEKENS.sub("", tekst.strip().upper())
    return _Kenmerk(Dossier.kenmerk.expression, deel, overal=not deel.startswith("IGJ"))


@dataclass(frozen=True)
class Zoekvraag:
    """Search criteria; empty ones are ignored, given ones must all match.

    ``kenmerk`` matches any part (``IGJ-2026-0001`` and ``000123`` find ``IGJ-2026-000123``);
    every word of ``tekst`` must occur in the titel or the omschrijving; ``relatie``
    occurs in the name of a betrokkene; the dates are Dutch calendar days of opening.
    """

    kenmerk: str = ""
    tekst: str = ""
    relatie: str = ""
    behandelaar_id: uuid.UUID | None = None
    dossiertype_id: uuid.UUID | None = None
    sector: str | None = None
    status: str | None = None
    geopend_vanaf: date | None = None
    geopend_tot: date | None = None
    alleen_hoofddossiers: bool = False
    offset: int = 0
    limit: int = 100


@dataclass(frozen=True)
class Telling:
    aantal: int
    """How many dossiers match in all (for "1–100 van 250"), counted up to ``TELLEN_TOT``."""
    meer: bool = False
    """More than ``TELLEN_TOT`` match: counting them all costs seconds and helps nobody."""


@dataclass(frozen=True)
class Zoekresultaat:
    dossiers: tuple[DossierNode, ...]
    telling: Telling | None = None
    """None when the search was asked not to count (the window counts afterwards)."""

    @property
    def totaal(self) -> int:
        return self.telling.aantal if self.telling else len(self.dossiers)

    @property
    def meer(self) -> bool:
        return self.telling.meer if self.telling else False


def _start_of(dag: date) -> datetime:
    return datetime.combine(dag, time.min, AMSTERDAM)


def _tekst(woord: str) -> ColumnElement[bool]:
    pattern = like_pattern(woord)
    return or_(
        Dossier.titel.ilike(pattern, escape="\\"),
        Dossier.omschrijving.ilike(pattern, escape="\\"),
    )


def _in_index(vraag: Zoekvraag, postgres: bool) -> bool:
    """PostgreSQL searches titel/omschrijving/relatie through ``igj_zoek_dossiers``."""
    relatie = vraag.relatie.strip()
    return postgres and bool(vraag.tekst.strip() or relatie) and zoeklezers.SCHEIDING not in relatie


def _zichtbaar(vraag: Zoekvraag, actor: Actor, postgres: bool) -> ColumnElement[bool]:
    """The access rule of ``visible_dossiers``; on PostgreSQL, when searching in text, the
    dossiers ``igj_zoek_dossiers`` (migration 0013) finds: it searches the index of
    ``zoek_tekst``/``zoek_relaties``/``zoek_lezers`` and keeps what the login may see by the
    policies' rule (``ILIKE`` is not leakproof: under row-level security the planner could not
    use that index itself). ``visible_dossiers`` stays as the second line."""
    if not _in_index(vraag, postgres):
        return visible_dossiers(actor)
    relatie = vraag.relatie.strip()
    gevonden = select(column("igj_zoek_dossiers", Uuid)).select_from(
        func.igj_zoek_dossiers(
            bindparam("teksten", [like_pattern(w) for w in vraag.tekst.split()], ARRAY(Text)),
            bindparam("relatie", like_pattern(relatie) if relatie else None, Text),
            bindparam("lezers", actor.lezer_ids, ARRAY(Uuid())),
        )
    )
    return and_(Dossier.id.in_(gevonden), visible_dossiers(actor))


def criteria(vraag: Zoekvraag, postgres: bool = False) -> list[ColumnElement[bool]]:
    """The WHERE clauses on ``Dossier`` for ``vraag`` (the content search adds its own);
    ``postgres``: without titel/omschrijving/relatie, which ``_zichtbaar`` searches there."""
    where: list[ColumnElement[bool]] = []
    if vraag.kenmerk.strip():
        where.append(kenmerk_bevat(vraag.kenmerk))
    if not _in_index(vraag, postgres):
        where += [_tekst(woord) for woord in vraag.tekst.split()]
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
    if vraag.sector:
        where.append(Dossier.sector == vraag.sector)
    if vraag.status:
        where.append(Dossier.status == vraag.status)
    if vraag.geopend_vanaf is not None:
        where.append(Dossier.geopend_op >= _start_of(vraag.geopend_vanaf))
    if vraag.geopend_tot is not None:
        where.append(Dossier.geopend_op < _start_of(vraag.geopend_tot + timedelta(days=1)))
    if vraag.alleen_hoofddossiers:
        where.append(Dossier.parent_id.is_(None))
    return where


def _postgres(ctx: ServiceContext) -> bool:
    return ctx.db.engine.dialect.name == "postgresql"


def _check(vraag: Zoekvraag) -> None:
    if vraag.geopend_vanaf and vraag.geopend_tot and vraag.geopend_vanaf > vraag.geopend_tot:
        raise ValidationFailed("De begindatum ligt na de einddatum.")
    if vraag.offset < 0 or not 0 < vraag.limit <= MAX_LIMIT:
        raise ValidationFailed(f"Vraag 1 tot {MAX_LIMIT} resultaten per pagina.")


def search_dossiers(ctx: ServiceContext, vraag: Zoekvraag, *, tellen: bool = True) -> Zoekresultaat:
    """The visible dossiers matching ``vraag``, newest kenmerk first, one page.

    ``tellen=False`` skips the count, which on ten years of dossiers can cost more than
    finding the first page: the window shows the hits first and counts in a second step."""
    _check(vraag)
    postgres = _postgres(ctx)
    zichtbaar = _zichtbaar(vraag, ctx.actor, postgres)
    waar = criteria(vraag, postgres)
    with ctx.read() as session:
        query = node_query(ctx.actor, zichtbaar).where(
            *waar, *trigram.kandidaten(session, vraag.tekst, vraag.relatie)
        )
        rows = to_nodes(
            session,
            query.order_by(Dossier.kenmerk.desc()).offset(vraag.offset).limit(vraag.limit),
        )
    return Zoekresultaat(tuple(rows), count_dossiers(ctx, vraag) if tellen else None)


def count_dossiers(ctx: ServiceContext, vraag: Zoekvraag) -> Telling:
    """How many visible dossiers match ``vraag``, up to ``TELLEN_TOT``."""
    _check(vraag)
    postgres = _postgres(ctx)
    waar = [_zichtbaar(vraag, ctx.actor, postgres), *criteria(vraag, postgres)]
    with ctx.read() as session:
        waar += trigram.kandidaten(session, vraag.tekst, vraag.relatie)
        tellen = select(Dossier.id).where(*waar).limit(TELLEN_TOT + 1)
        aantal = session.scalar(select(func.count()).select_from(tellen.subquery())) or 0
    return Telling(min(aantal, TELLEN_TOT), meer=aantal > TELLEN_TOT)
