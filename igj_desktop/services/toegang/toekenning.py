"""Toegang to a dossier: behandelaars and lezers (medewerkers or groepen), afschermen, overdragen.

A dossier always keeps a behandelaar: revoking or downgrading the last one is refused. An
afgeschermd dossier is seen only by medewerkers with their own toegang row (the
behandelteam), so there the last behandelaar must be a medewerker, not a groep.
"""

from __future__ import annotations

import functools
import uuid
from typing import Any

from sqlalchemy import CursorResult, Select, bindparam, select, update
from sqlalchemy.orm import Session

from igj_desktop.models import (
    Activiteit,
    ActiviteitStatus,
    Dossier,
    DossierStatus,
    Groep,
    Medewerker,
    Toegang,
    ToegangRol,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import Actor, ServiceContext, check_version
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.read_models import ToegangRow
from igj_desktop.services.toegang.controle import get_dossier, hold_dossier, may_edit
from igj_desktop.taal import aantal

LAATSTE_BEHANDELAAR = (
    "Een dossier houdt minstens één behandelaar; wijs eerst een andere behandelaar aan."
)
LAATSTE_BEHANDELAAR_AFGESCHERMD = (
    "Een afgeschermd dossier houdt minstens één medewerker als behandelaar (een groep ziet "
    "het niet); wijs eerst een andere medewerker als behandelaar aan."
)


def _wie(session: Session, medewerker_id: uuid.UUID | None, groep_id: uuid.UUID | None) -> str:
    """The name of the medewerker or groep a toegang row is for; checks exactly one is given."""
    if (medewerker_id is None) == (groep_id is None):
        raise ValidationFailed("Kies een medewerker of een groep.")
    if medewerker_id is not None:
        medewerker = session.get(Medewerker, medewerker_id)
        if medewerker is None or not medewerker.actief:
            raise ValidationFailed("Deze medewerker bestaat niet of is niet actief.")
        return medewerker.naam
    groep = session.get(Groep, groep_id)
    if groep is None:
        raise ValidationFailed("Deze groep bestaat niet.")
    return groep.naam


def _check_rol(rol: str) -> None:
    if rol not in set(ToegangRol):
        raise ValidationFailed(f"Onbekende rol '{rol}'; kies behandelaar of lezer.")


def put_toegang(
    session: Session,
    actor: Actor,
    dossier: Dossier,
    *,
    medewerker_id: uuid.UUID | None = None,
    groep_id: uuid.UUID | None = None,
    rol: str = ToegangRol.BEHANDELAAR,
) -> Toegang:
    """Give (or change) one medewerker's or groep's toegang inside the caller's transaction."""
    _check_rol(rol)
    naam = _wie(session, medewerker_id, groep_id)
    toegang = session.scalar(
        select(Toegang).where(
            Toegang.dossier_id == dossier.id,
            Toegang.medewerker_id == medewerker_id
            if medewerker_id is not None
            else Toegang.groep_id == groep_id,
        )
    )
    if toegang is None:
        toegang = Toegang(
            dossier_id=dossier.id,
            medewerker_id=medewerker_id,
            groep_id=groep_id,
            rol=rol,
            toegekend_door_id=actor.medewerker_id,
        )
        session.add(toegang)
    elif toegang.rol == rol:
        return toegang
    else:
        toegang.rol = rol
    session.flush()
    require_behandelaar(session, dossier)
    record_audit(
        session,
        actor,
        "toegang_verleend",
        f"{naam} heeft toegang als {rol} tot {dossier.kenmerk}.",
        entiteit="toegang",
        entiteit_id=toegang.id,
        dossier_id=dossier.id,
        gegevens={"wie": naam, "rol": rol},
    )
    return toegang


def require_behandelaar(session: Session, dossier: Dossier) -> None:
    """Refuse a team without a behandelaar (without a medewerker one when afgeschermd)."""
    query = select(Toegang.id).where(
        Toegang.dossier_id == dossier.id, Toegang.rol == ToegangRol.BEHANDELAAR
    )
    if dossier.afgeschermd:
        query = query.where(Toegang.medewerker_id.is_not(None))
    if session.scalar(query.limit(1)) is None:
        raise ValidationFailed(
            LAATSTE_BEHANDELAAR_AFGESCHERMD if dossier.afgeschermd else LAATSTE_BEHANDELAAR
        )


def toegang_rows(
    session: Session, dossier_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[ToegangRow]]:
    """The toegang rows of several dossiers in one query, behandelaars first."""
    result: dict[uuid.UUID, list[ToegangRow]] = {i: [] for i in dossier_ids}
    # plain rows, not entities, from a statement built once: every opened dossier reads them
    rows = session.execute(_toegang_rijen(), {"dossier_ids": list(dossier_ids)})
    for dossier_id, id_, medewerker_id, groep_id, mw_naam, gr_naam, rol in rows:
        result[dossier_id].append(
            ToegangRow(id_, medewerker_id, groep_id, mw_naam or gr_naam or "", rol)
        )
    for rows_ in result.values():
        rows_.sort(key=lambda r: (r.rol != ToegangRol.BEHANDELAAR, r.soort != "medewerker", r.naam))
    return result


@functools.cache
def _toegang_rijen() -> Select[Any]:
    return (
        select(
            Toegang.dossier_id,
            Toegang.id,
            Toegang.medewerker_id,
            Toegang.groep_id,
            Medewerker.naam,
            Groep.naam,
            Toegang.rol,
        )
        .outerjoin(Medewerker, Medewerker.id == Toegang.medewerker_id)
        .outerjoin(Groep, Groep.id == Toegang.groep_id)
        .where(Toegang.dossier_id.in_(bindparam("dossier_ids", expanding=True)))
    )


def list_toegang(ctx: ServiceContext, dossier_id: uuid.UUID) -> list[ToegangRow]:
    with ctx.read() as session:
        get_dossier(session, ctx.actor, dossier_id)
        return toegang_rows(session, [dossier_id])[dossier_id]


def _editable_subdossiers(session: Session, actor: Actor, dossier: Dossier) -> list[Dossier]:
    """The open subdossiers of ``dossier`` the actor may change (for changes "ook in de
    subdossiers")."""
    subs = session.scalars(
        select(Dossier)
        .where(Dossier.parent_id == dossier.id, Dossier.status == DossierStatus.OPEN)
        .order_by(Dossier.kenmerk)
    )
    return [sub for sub in subs if may_edit(session, actor, sub)]


def grant_toegang(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    *,
    medewerker_id: uuid.UUID | None = None,
    groep_id: uuid.UUID | None = None,
    rol: str = ToegangRol.BEHANDELAAR,
    met_subdossiers: bool = False,
) -> list[ToegangRow]:
    """Give a medewerker or groep toegang (or change its rol), optionally in the open
    subdossiers too; returns the dossier's new toegang list."""
    with ctx.unit_of_work() as session:
        dossier = hold_dossier(session, ctx.actor, dossier_id)
        subs = _editable_subdossiers(session, ctx.actor, dossier) if met_subdossiers else []
        for betreft in [dossier, *subs]:
            put_toegang(
                session,
                ctx.actor,
                betreft,
                medewerker_id=medewerker_id,
                groep_id=groep_id,
                rol=rol,
            )
    return list_toegang(ctx, dossier_id)


def _remove_toegang(session: Session, actor: Actor, dossier: Dossier, toegang: Toegang) -> None:
    naam = _wie(session, toegang.medewerker_id, toegang.groep_id)
    session.delete(toegang)
    session.flush()
    require_behandelaar(session, dossier)
    record_audit(
        session,
        actor,
        "toegang_ingetrokken",
        f"Toegang van {naam} tot {dossier.kenmerk} ingetrokken.",
        entiteit="toegang",
        entiteit_id=toegang.id,
        dossier_id=dossier.id,
        gegevens={"wie": naam, "rol": toegang.rol},
    )


def revoke_toegang(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    toegang_id: uuid.UUID,
    *,
    met_subdossiers: bool = False,
) -> list[ToegangRow]:
    """Withdraw one toegang row (and, optionally, the same medewerker's or groep's rows in
    the open subdossiers); the last behandelaar cannot be removed."""
    with ctx.unit_of_work() as session:
        dossier = hold_dossier(session, ctx.actor, dossier_id)
        toegang = session.get(Toegang, toegang_id)
        if toegang is None or toegang.dossier_id != dossier.id:
            raise NotFound("Deze toegang bestaat niet (meer); laad het dossier opnieuw.")
        subs = _editable_subdossiers(session, ctx.actor, dossier) if met_subdossiers else []
        for sub in subs:
            rij = session.scalar(
                select(Toegang).where(
                    Toegang.dossier_id == sub.id,
                    Toegang.medewerker_id == toegang.medewerker_id
                    if toegang.medewerker_id is not None
                    else Toegang.groep_id == toegang.groep_id,
                )
            )
            if rij is not None:
                _remove_toegang(session, ctx.actor, sub, rij)
        _remove_toegang(session, ctx.actor, dossier, toegang)
    return list_toegang(ctx, dossier_id)


def set_afgeschermd(
    ctx: ServiceContext, dossier_id: uuid.UUID, afgeschermd: bool, version: int | None
) -> None:
    """Afschermen (only the behandelteam sees it) or lift it again. A hoofddossier takes its
    subdossiers along, so they never show up for outsiders as loose dossiers."""
    with ctx.unit_of_work() as session:
        dossier = get_dossier(session, ctx.actor, dossier_id, write=True)
        check_version(dossier.version, version)
        subs = session.scalars(select(Dossier).where(Dossier.parent_id == dossier.id)).all()
        for betreft in [dossier, *subs]:
            if betreft.afgeschermd == afgeschermd:
                continue
            betreft.afgeschermd = afgeschermd
            session.flush()
            require_behandelaar(session, betreft)
            record_audit(
                session,
                ctx.actor,
                "dossier_afgeschermd" if afgeschermd else "afscherming_opgeheven",
                f"Dossier {betreft.kenmerk} "
                + (
                    "afgeschermd: alleen het behandelteam ziet het."
                    if afgeschermd
                    else "niet meer afgeschermd."
                ),
                entiteit="dossier",
                entiteit_id=betreft.id,
                dossier_id=betreft.id,
            )


def transfer_dossier(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    *,
    naar_medewerker_id: uuid.UUID | None = None,
    naar_groep_id: uuid.UUID | None = None,
    van_medewerker_id: uuid.UUID | None = None,
) -> list[ToegangRow]:
    """Hand a dossier over: the new medewerker/groep becomes behandelaar, the previous one
    (default: the actor) keeps reading access, and their open activiteiten in this dossier
    move to the new owner."""
    van = van_medewerker_id or ctx.actor.medewerker_id
    if naar_medewerker_id == van:
        raise ValidationFailed("Kies een andere medewerker dan de huidige behandelaar.")
    with ctx.unit_of_work() as session:
        dossier = hold_dossier(session, ctx.actor, dossier_id)
        naar = _wie(session, naar_medewerker_id, naar_groep_id)
        put_toegang(
            session,
            ctx.actor,
            dossier,
            medewerker_id=naar_medewerker_id,
            groep_id=naar_groep_id,
            rol=ToegangRol.BEHANDELAAR,
        )
        vorige = session.scalar(
            select(Toegang).where(Toegang.dossier_id == dossier.id, Toegang.medewerker_id == van)
        )
        if vorige is None or vorige.rol != ToegangRol.BEHANDELAAR:
            raise ValidationFailed("De huidige behandelaar is geen behandelaar van dit dossier.")
        # the activiteiten move while the actor is still behandelaar (the database checks it)
        bijgewerkt = session.execute(
            update(Activiteit)
            .where(
                Activiteit.dossier_id == dossier.id,
                Activiteit.eigenaar_medewerker_id == van,
                Activiteit.status.in_([ActiviteitStatus.OPEN, ActiviteitStatus.OPGESCHORT]),
            )
            .values(
                eigenaar_medewerker_id=naar_medewerker_id,
                eigenaar_groep_id=naar_groep_id,
                version=Activiteit.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        assert isinstance(bijgewerkt, CursorResult)  # an UPDATE's result counts its rows
        verplaatst = bijgewerkt.rowcount
        vorige.rol = ToegangRol.LEZER
        session.flush()
        require_behandelaar(session, dossier)
        record_audit(
            session,
            ctx.actor,
            "dossier_overgedragen",
            f"Dossier {dossier.kenmerk} overgedragen aan {naar}"
            f" ({aantal(verplaatst, 'open activiteit', 'open activiteiten')} meeverhuisd).",
            entiteit="dossier",
            entiteit_id=dossier.id,
            dossier_id=dossier.id,
            gegevens={"naar": naar, "van_medewerker_id": str(van), "activiteiten": verplaatst},
        )
    return list_toegang(ctx, dossier_id)
