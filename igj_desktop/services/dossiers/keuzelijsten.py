"""Pickers and fixed choice lists for the dossier screens (medewerkers, groepen, types)."""

from __future__ import annotations

import functools
import uuid

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from igj_desktop.models import BetrokkeneRol, Dossiertype, Groep, GroepSoort, Medewerker
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.read_models import DossiertypeRow, GroepRow, MedewerkerRow
from igj_desktop.services.tekens import like_pattern

AANLEIDINGEN: tuple[str, ...] = (
    "Signaal",
    "Melding calamiteit",
    "Data-analyse",
    "Thema / jaarplan",
    "Politiek of media",
    "Verzoek ketenpartner",
    "Eerder toezicht (hercontrole)",
    "Bezwaar of beroep",
    "Tuchtklacht",
)

SECTOREN: tuple[str, ...] = (
    "GGZ",
    "Gehandicaptenzorg",
    "Jeugdhulp",
    "Ouderenzorg",
    "Ziekenhuizen",
    "Farmacie",
    "Medische technologie",
    "Huisartsenzorg",
    "Wijkverpleging",
    "Acute zorg",
    "Mondzorg",
    "Cosmetische zorg",
)

BETROKKENE_ROL_LABELS: dict[str, str] = {
    BetrokkeneRol.OTS: "OTS (onder toezicht staande)",
    BetrokkeneRol.BETROKKEN_ORGANISATIE: "Betrokken organisatie",
    BetrokkeneRol.BETROKKEN_PERSOON: "Betrokken persoon",
    BetrokkeneRol.STAKEHOLDER: "Stakeholder",
    BetrokkeneRol.REGIEVOERDER: "Regievoerder",
}

EXTERNE_SYSTEMEN: dict[str, str] = {
    "WPM": "WPM",
    "BRS": "BRS (bevindingenregistratie)",
    "signaal": "Signaalmanagement",
}

REDENEN_AFSLUITING: tuple[str, ...] = (
    "Onderzoek afgerond, geen verdere actie",
    "Onderzoek afgerond, maatregel opgelegd",
    "Overgedragen aan andere toezichthouder",
    "Samengevoegd met ander dossier",
    "Ten onrechte aangemaakt",
)


def list_medewerkers(ctx: ServiceContext, zoek: str | None = None) -> list[MedewerkerRow]:
    """Active medewerkers by name; ``zoek`` matches name or gebruikersnaam."""
    afdeling = aliased(Groep)
    query = (
        select(Medewerker, afdeling.naam)
        .outerjoin(afdeling, afdeling.id == Medewerker.afdeling_id)
        .where(Medewerker.actief.is_(True))
        .order_by(Medewerker.naam)
    )
    if zoek:
        pattern = like_pattern(zoek)
        query = query.where(
            Medewerker.naam.ilike(pattern, escape="\\")
            | Medewerker.gebruikersnaam.ilike(pattern, escape="\\")
        )
    with ctx.read() as session:
        return [
            MedewerkerRow(m.id, m.gebruikersnaam, m.naam, m.functie, afdeling_naam)
            for m, afdeling_naam in session.execute(query)
        ]


def list_groepen(ctx: ServiceContext, soort: str | None = None) -> list[GroepRow]:
    with ctx.read() as session:
        return groepen(session, soort)


def groepen(session: Session, soort: str | None = None) -> list[GroepRow]:
    """``list_groepen`` within a session already open."""
    return [GroepRow(*row) for row in session.execute(_groepen_query(soort))]


@functools.lru_cache(maxsize=16)
def _groepen_query(soort: str | None) -> Select[tuple[uuid.UUID, str, str]]:
    """Built once (see ``services.base.vaste_query``)."""
    query = select(Groep.id, Groep.naam, Groep.soort).order_by(Groep.naam)
    return query if soort is None else query.where(Groep.soort == soort)


def list_afdelingen(ctx: ServiceContext) -> list[GroepRow]:
    return list_groepen(ctx, GroepSoort.AFDELING)


def list_dossiertypes(ctx: ServiceContext) -> list[DossiertypeRow]:
    """The active dossiertypes of the catalog, by name."""
    query = select(Dossiertype).where(Dossiertype.actief.is_(True)).order_by(Dossiertype.naam)
    with ctx.read() as session:
        return [
            DossiertypeRow(t.id, t.code, t.naam, tuple(t.workflows or ()), t.bewaartermijn_jaren)
            for t in session.scalars(query)
        ]
