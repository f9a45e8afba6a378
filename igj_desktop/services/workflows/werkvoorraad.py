"""The werkvoorraad: open activiteiten of me, of my groepen, or of every dossier I may see.

Only activiteiten in dossiers the actor may see are listed, with one exception: a request
to a register groep (``verzoek_relatie``) reaches that groep's members even when they have
no toegang to its dossier; they then see the kenmerk the request carries (none for an
afgeschermd dossier), never the dossier itself, which the shared database does not show them.
"""

from __future__ import annotations

import functools
import uuid
from datetime import date
from typing import Any, Literal

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Row,
    Select,
    and_,
    bindparam,
    case,
    false,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from igj_desktop.models import Activiteit, ActiviteitStatus, Dossier, Groep, Medewerker, Urgentie
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers.relaties import VERZOEK_KENMERK, VERZOEK_RELATIE
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.read_models import WerkvoorraadItem
from igj_desktop.services.toegang.controle import visible_dossiers

# Managing the werkvoorraad (seed 000, "Beheren werkvoorraad") also means setting the
# urgentie of an activiteit; the workflow engine owns that change. Handing an activiteit
# over is ``services.workflows.acties.transfer_activiteit``.
from igj_desktop.services.workflows.acties import set_urgentie

__all__ = ["SCOPES", "list_werkvoorraad", "set_urgentie"]

Scope = Literal["mij", "groepen", "mij_en_groepen", "alles"]
SCOPES: dict[str, str] = {
    "mij": "Mijn activiteiten",
    "groepen": "Activiteiten van mijn groepen",
    "mij_en_groepen": "Mijn activiteiten en die van mijn groepen",
    "alles": "Alle open activiteiten in mijn dossiers",
}
OPEN_STATUSSEN = (ActiviteitStatus.OPEN, ActiviteitStatus.OPGESCHORT)
# Work for a register or service desk (relatiebeheer, postkamer): its owner sees it even
# without access to the dossier, whose titel then stays hidden.
REGISTER_SOORTEN = (VERZOEK_RELATIE, "post")


# Made once: each ``aliased()`` copies every column of its table, on every call.
@functools.cache
def _eigenaars() -> tuple[type[Medewerker], type[Groep]]:
    """(made on first use, not at import: the first alias configures every mapper)"""
    return aliased(Medewerker), aliased(Groep)


def is_open() -> ColumnElement[bool]:
    """Open or opgeschort, with the values written into the SQL: SQLite uses the partial
    werkvoorraad indexes (``WHERE status IN ('open', 'opgeschort')``) only when the query
    states the same literal values; with bound parameters it scans every activiteit."""
    statussen: BindParameter[list[str]] = bindparam(
        "open_statussen",
        [str(s) for s in OPEN_STATUSSEN],
        expanding=True,
        literal_execute=True,
        unique=True,
    )
    return Activiteit.status.in_(statussen)


def list_werkvoorraad(
    ctx: ServiceContext,
    scope: Scope = "mij",
    dossier_id: uuid.UUID | None = None,
    offset: int = 0,
    limit: int = 500,
) -> list[WerkvoorraadItem]:
    """Open activiteiten sorted by termijn (overdue first, none last), then urgentie.

    ``mij``: owned by me; ``groepen``: owned by one of my groepen; ``mij_en_groepen``:
    both; ``alles``: every open activiteit in the dossiers I may see. ``dossier_id``
    narrows to one dossier.
    """
    if scope not in SCOPES:
        raise ValidationFailed(f"Onbekende werkvoorraad '{scope}'.")
    actor = ctx.actor
    mijn = Activiteit.eigenaar_medewerker_id == actor.medewerker_id
    van_groep = Activiteit.eigenaar_groep_id.in_(actor.groep_ids) if actor.groep_ids else false()
    zichtbaar = visible_dossiers(actor)
    mag_zien = or_(zichtbaar, and_(Activiteit.soort.in_(REGISTER_SOORTEN), or_(mijn, van_groep)))
    volgorde = _volgorde()

    def open_van(*where: ColumnElement[bool]) -> Select[tuple[uuid.UUID]]:
        return (
            select(Activiteit.id)
            .outerjoin(Dossier, Dossier.id == Activiteit.dossier_id)
            .where(is_open(), mag_zien, *where)
        )

    ids: Select[tuple[uuid.UUID]] | CompoundSelect
    if dossier_id is not None or scope == "alles":
        ids = open_van(*([Activiteit.dossier_id == dossier_id] if dossier_id else []))
        if scope != "alles":
            ids = ids.where(_scope_filter(scope, mijn, van_groep))
    else:
        # One ordered branch per owner, each read from its partial index in termijn order
        # and cut at the page end: the sort then handles a page per owner, not thousands.
        eigenaren = []
        if scope in ("mij", "mij_en_groepen"):
            eigenaren.append(Activiteit.eigenaar_medewerker_id == actor.medewerker_id)
        if scope in ("groepen", "mij_en_groepen"):
            eigenaren += [Activiteit.eigenaar_groep_id == g for g in sorted(actor.groep_ids)]
        if not eigenaren:
            return []
        takken = [
            open_van(eigenaar).order_by(*volgorde).limit(offset + limit).subquery()
            for eigenaar in eigenaren
        ]
        ids = union_all(*(select(tak.c.id) for tak in takken))
    eigenaar_mw, eigenaar_gr = _eigenaars()
    query = (
        select(
            *_item_kolommen(),
            Dossier.kenmerk,
            Dossier.titel,
            zichtbaar.label("zichtbaar"),
            # only this key of the activiteit's data, not the whole JSON parsed per row
            Activiteit.gegevens[VERZOEK_KENMERK].as_string(),
        )
        .outerjoin(Dossier, Dossier.id == Activiteit.dossier_id)
        .outerjoin(eigenaar_mw, eigenaar_mw.id == Activiteit.eigenaar_medewerker_id)
        .outerjoin(eigenaar_gr, eigenaar_gr.id == Activiteit.eigenaar_groep_id)
        .where(Activiteit.id.in_(ids))
        .order_by(*volgorde)
        .offset(offset)
        .limit(limit)
    )
    vandaag = ctx.today()
    with ctx.read() as session:  # plain rows, not entities: the first screen reads 500
        return [
            _item(row, vandaag, *((kenmerk, titel) if zichtbaar_ else (verzoek or "", "")))
            for row in session.execute(query)
            for kenmerk, titel, zichtbaar_, verzoek in [row[12:]]
        ]


def _item_kolommen() -> tuple[Any, ...]:
    """The columns ``_item`` reads, in its order."""
    eigenaar_mw, eigenaar_gr = _eigenaars()
    return (
        Activiteit.id,
        Activiteit.titel,
        Activiteit.soort,
        Activiteit.dossier_id,
        Activiteit.eigenaar_medewerker_id,
        Activiteit.eigenaar_groep_id,
        eigenaar_mw.naam,
        eigenaar_gr.naam,
        Activiteit.termijn,
        Activiteit.urgentie,
        Activiteit.status,
        Activiteit.version,
    )


def _item(row: Row[Any], vandaag: date, kenmerk: str, titel: str) -> WerkvoorraadItem:
    id_, a_titel, soort, dossier_id, mw_id, gr_id, mw_naam, gr_naam, termijn, urgentie = row[:10]
    return WerkvoorraadItem(
        activiteit_id=id_,
        titel=a_titel,
        soort=soort,
        dossier_id=dossier_id,
        dossier_kenmerk=kenmerk,
        dossier_titel=titel,
        eigenaar=_eigenaar(mw_naam, gr_naam),
        eigenaar_medewerker_id=mw_id,
        eigenaar_groep_id=gr_id,
        termijn=termijn,
        urgentie=urgentie,
        status=row[10],
        overdue=termijn is not None and termijn < vandaag,
        version=row[11],
    )


def _volgorde() -> tuple[ColumnElement[Any] | InstrumentedAttribute[str], ...]:
    """Termijn (overdue first, none last), then urgentie, then titel."""
    urgentie = case(
        (Activiteit.urgentie == Urgentie.SPOED, 0),
        (Activiteit.urgentie == Urgentie.HOOG, 1),
        else_=2,
    )
    return (Activiteit.termijn.asc().nulls_last(), urgentie, Activiteit.titel)


def open_in_dossier(
    session: Session,
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    kenmerk: str,
    titel: str,
    limit: int = 500,
) -> list[WerkvoorraadItem]:
    """``list_werkvoorraad(ctx, "alles", dossier_id)`` for a dossier whose access was just
    checked (``kenmerk``/``titel`` from that read): every open activiteit in it is visible,
    so no access rule per row and no dossier join; plain rows, not entities."""
    vandaag = ctx.today()
    rows = session.execute(_open_in_dossier(limit), {"dossier_id": dossier_id})
    return [_item(row, vandaag, kenmerk, titel) for row in rows]


@functools.lru_cache(maxsize=4)
def _open_in_dossier(limit: int) -> Select[tuple]:
    """Built once (see ``services.base.vaste_query``)."""
    eigenaar_mw, eigenaar_gr = _eigenaars()
    return (
        select(*_item_kolommen())
        .outerjoin(eigenaar_mw, eigenaar_mw.id == Activiteit.eigenaar_medewerker_id)
        .outerjoin(eigenaar_gr, eigenaar_gr.id == Activiteit.eigenaar_groep_id)
        .where(Activiteit.dossier_id == bindparam("dossier_id"), is_open())
        .order_by(*_volgorde())
        .limit(limit)
    )


def _scope_filter(
    scope: Scope, mijn: ColumnElement[bool], van_groep: ColumnElement[bool]
) -> ColumnElement[bool]:
    return {"mij": mijn, "groepen": van_groep}.get(scope, or_(mijn, van_groep))


def _eigenaar(medewerker: str | None, groep: str | None) -> str:
    if medewerker and groep:
        return f"{medewerker} ({groep})"
    return medewerker or groep or ""
