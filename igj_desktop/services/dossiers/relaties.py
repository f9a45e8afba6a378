"""The relatie register and the betrokkenen of a dossier.

A relatie that is not in the register is not typed in freely: the behandelaar asks
Relatiebeheer to add it, which lands as an activiteit in that groep's werkvoorraad.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, or_, select
from sqlalchemy.orm import Session

from igj_desktop.models import (
    Activiteit,
    Betrokkene,
    BetrokkeneRol,
    Dossier,
    Groep,
    GroepSoort,
    Relatie,
    RelatieSoort,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import Actor, ServiceContext
from igj_desktop.services.dossiers.keuzelijsten import BETROKKENE_ROL_LABELS
from igj_desktop.services.errors import NotFound, ValidationFailed
from igj_desktop.services.read_models import BetrokkeneRow, RelatieRow
from igj_desktop.services.tekens import like_pattern
from igj_desktop.services.toegang.controle import get_dossier

VERZOEK_RELATIE = "verzoek_relatie"
# the kenmerk a request shows Relatiebeheer, who need not see the dossier; absent when the
# dossier is afgeschermd: not even its existence reaches outsiders
VERZOEK_KENMERK = "dossier_kenmerk"
VERZOEK_TERMIJN_DAGEN = 7


def relatie_row(relatie: Relatie) -> RelatieRow:
    return RelatieRow(
        relatie.id,
        relatie.naam,
        relatie.soort,
        relatie.kvk_nummer,
        relatie.big_nummer,
        relatie.agb_code,
        relatie.straat,
        relatie.huisnummer,
        relatie.postcode,
        relatie.plaats,
        relatie.sector,
    )


def search_relaties(
    ctx: ServiceContext,
    tekst: str = "",
    *,
    sector: str | None = None,
    soort: str | None = None,
    limit: int = 100,
) -> list[RelatieRow]:
    """Active relaties whose naam or plaats contains ``tekst``, or whose KvK-nummer,
    BIG-nummer or AGB-code starts with it."""
    query = select(Relatie).where(Relatie.actief.is_(True))
    tekst = tekst.strip()
    if tekst:
        pattern = like_pattern(tekst)
        criteria: list[ColumnElement[bool]] = [
            Relatie.naam.ilike(pattern, escape="\\"),
            Relatie.plaats.ilike(pattern, escape="\\"),
        ]
        nummer = tekst.replace(" ", "")
        if nummer.isdigit():
            criteria += [
                Relatie.kvk_nummer.startswith(nummer),
                Relatie.big_nummer.startswith(nummer),
                Relatie.agb_code.startswith(nummer),
            ]
        query = query.where(or_(*criteria))
    if sector:
        query = query.where(Relatie.sector == sector)
    if soort:
        query = query.where(Relatie.soort == soort)
    with ctx.read() as session:
        return [relatie_row(r) for r in session.scalars(query.order_by(Relatie.naam).limit(limit))]


def attach_betrokkene(
    session: Session,
    actor: Actor,
    dossier: Dossier,
    relatie_id: uuid.UUID,
    rol: str,
    toelichting: str = "",
) -> Betrokkene:
    """Add a relatie to ``dossier`` in ``rol`` inside the caller's transaction."""
    if rol not in BETROKKENE_ROL_LABELS:
        raise ValidationFailed(f"Onbekende rol '{rol}' voor een betrokkene.")
    relatie = session.get(Relatie, relatie_id)
    if relatie is None or not relatie.actief:
        raise ValidationFailed("Deze relatie staat niet (meer) in het relatieregister.")
    bestaand = session.scalar(
        select(Betrokkene.id).where(
            Betrokkene.dossier_id == dossier.id,
            Betrokkene.relatie_id == relatie_id,
            Betrokkene.rol == rol,
        )
    )
    if bestaand is not None:
        raise ValidationFailed(
            f"{relatie.naam} is al betrokken bij {dossier.kenmerk} als "
            f"{BETROKKENE_ROL_LABELS[rol]}."
        )
    betrokkene = Betrokkene(
        dossier_id=dossier.id, relatie_id=relatie_id, rol=rol, toelichting=toelichting.strip()
    )
    session.add(betrokkene)
    session.flush()
    record_audit(
        session,
        actor,
        "betrokkene_toegevoegd",
        f"{relatie.naam} toegevoegd als {BETROKKENE_ROL_LABELS[rol]}.",
        entiteit="betrokkene",
        entiteit_id=betrokkene.id,
        dossier_id=dossier.id,
        gegevens={"relatie_id": str(relatie_id), "rol": rol},
    )
    return betrokkene


def betrokkene_rows(
    session: Session, dossier_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[BetrokkeneRow]]:
    """The betrokkenen of several dossiers in one query, OTS first, then by name."""
    result: dict[uuid.UUID, list[BetrokkeneRow]] = {i: [] for i in dossier_ids}
    # plain rows, not entities, from a statement built once: every opened dossier reads them
    for row in session.execute(_betrokkene_rijen(), {"dossier_ids": list(dossier_ids)}):
        dossier_id, id_, relatie_id, naam, soort, rol = row[:6]
        plaats, sector, kvk, big, agb, toelichting, email = row[6:]
        result[dossier_id].append(
            BetrokkeneRow(
                id_,
                relatie_id,
                naam,
                soort,
                rol,
                BETROKKENE_ROL_LABELS.get(rol, rol),
                plaats,
                sector,
                kvk,
                big,
                agb,
                toelichting,
                email,
            )
        )
    return result


@functools.cache
def _betrokkene_rijen() -> Select[Any]:
    return (
        select(
            Betrokkene.dossier_id,
            Betrokkene.id,
            Relatie.id,
            Relatie.naam,
            Relatie.soort,
            Betrokkene.rol,
            Relatie.plaats,
            Relatie.sector,
            Relatie.kvk_nummer,
            Relatie.big_nummer,
            Relatie.agb_code,
            Betrokkene.toelichting,
            Relatie.email,
        )
        .join(Relatie, Relatie.id == Betrokkene.relatie_id)
        .where(Betrokkene.dossier_id.in_(bindparam("dossier_ids", expanding=True)))
        .order_by(Betrokkene.rol != BetrokkeneRol.OTS, Relatie.naam)
    )


def list_betrokkenen(ctx: ServiceContext, dossier_id: uuid.UUID) -> list[BetrokkeneRow]:
    with ctx.read() as session:
        get_dossier(session, ctx.actor, dossier_id)
        return betrokkene_rows(session, [dossier_id])[dossier_id]


def add_betrokkenen(
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    relatie_ids: list[uuid.UUID],
    rol: str,
    toelichting: str = "",
) -> list[BetrokkeneRow]:
    """Add one or more relaties in one rol; all or nothing."""
    if not relatie_ids:
        raise ValidationFailed("Kies minstens één relatie.")
    with ctx.unit_of_work() as session:
        dossier = get_dossier(session, ctx.actor, dossier_id, write=True)
        for relatie_id in relatie_ids:
            attach_betrokkene(session, ctx.actor, dossier, relatie_id, rol, toelichting)
    return list_betrokkenen(ctx, dossier_id)


def remove_betrokkene(
    ctx: ServiceContext, dossier_id: uuid.UUID, betrokkene_id: uuid.UUID
) -> list[BetrokkeneRow]:
    with ctx.unit_of_work() as session:
        dossier = get_dossier(session, ctx.actor, dossier_id, write=True)
        betrokkene = session.get(Betrokkene, betrokkene_id)
        if betrokkene is None or betrokkene.dossier_id != dossier.id:
            raise NotFound("Deze betrokkene bestaat niet (meer); laad het dossier opnieuw.")
        naam = betrokkene.relatie.naam
        session.delete(betrokkene)
        record_audit(
            session,
            ctx.actor,
            "betrokkene_verwijderd",
            f"{naam} ({BETROKKENE_ROL_LABELS.get(betrokkene.rol, betrokkene.rol)}) verwijderd.",
            entiteit="betrokkene",
            entiteit_id=betrokkene_id,
            dossier_id=dossier.id,
            gegevens={"relatie_id": str(betrokkene.relatie_id), "rol": betrokkene.rol},
        )
    return list_betrokkenen(ctx, dossier_id)


@dataclass(frozen=True)
class RelatieVerzoek:
    """What a behandelaar knows of a relatie that is missing from the register."""

    naam: str
    soort: str = RelatieSoort.ORGANISATIE
    kvk_nummer: str = ""
    big_nummer: str = ""
    agb_code: str = ""
    plaats: str = ""
    toelichting: str = ""


def request_relatie(
    ctx: ServiceContext, dossier_id: uuid.UUID, verzoek: RelatieVerzoek
) -> uuid.UUID:
    """Ask Relatiebeheer to add a relatie; returns the id of the activiteit it gets."""
    naam = verzoek.naam.strip()
    if not naam:
        raise ValidationFailed("Vul de naam van de relatie in.")
    if verzoek.soort not in set(RelatieSoort):
        raise ValidationFailed("Kies organisatie of persoon.")
    kvk = verzoek.kvk_nummer.strip()
    if kvk and (len(kvk) != 8 or not kvk.isdigit()):
        raise ValidationFailed("Een KvK-nummer bestaat uit 8 cijfers.")
    with ctx.unit_of_work() as session:
        dossier = get_dossier(session, ctx.actor, dossier_id, write=True)
        beheer = session.scalar(
            select(Groep).where(Groep.soort == GroepSoort.REGISTERBEHEER).order_by(Groep.naam)
        )
        if beheer is None:
            raise ValidationFailed(
                "Er is geen groep voor relatiebeheer ingericht; vraag een beheerder."
            )
        activiteit = Activiteit(
            dossier_id=dossier.id,
            code=VERZOEK_RELATIE,
            soort=VERZOEK_RELATIE,
            titel=f"Relatie toevoegen aan register: {naam}",
            omschrijving=verzoek.toelichting.strip(),
            eigenaar_groep_id=beheer.id,
            termijn=ctx.today() + timedelta(days=VERZOEK_TERMIJN_DAGEN),
            aangemaakt_door_id=ctx.actor.medewerker_id,
            gegevens={k: v.strip() for k, v in asdict(verzoek).items()}
            | ({} if dossier.afgeschermd else {VERZOEK_KENMERK: dossier.kenmerk}),
        )
        session.add(activiteit)
        session.flush()
        record_audit(
            session,
            ctx.actor,
            "relatie_aangevraagd",
            f"Verzoek aan {beheer.naam} om {naam} aan het relatieregister toe te voegen.",
            entiteit="activiteit",
            entiteit_id=activiteit.id,
            dossier_id=dossier.id,
        )
        return activiteit.id
