"""Demo data: a realistic, deterministic inspectie to click through (``igj-desktop demo``).

Reference data (rollen, afdelingen, teams, medewerkers, the relatie register) is written
directly; dossiers, subdossiers, toegang, betrokkenen, koppelingen, closing and
telefoonnotities go through the services, so the demo also has a real audit trail.
Activiteiten come from workflows started through the engine. Everything comes
from ``random.Random(SEED)``, so every run produces the same inspectie.
"""

from __future__ import annotations

import io
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from igj_desktop.db import Database
from igj_desktop.models import (
    Dossier,
    Dossiertype,
    Groep,
    GroepSoort,
    Lidmaatschap,
    Medewerker,
    MedewerkerRol,
    Relatie,
    RelatieSoort,
    Rol,
    RolCode,
    Urgentie,
)
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import afsluiten, koppelingen, relaties, telefoonnotities
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers.keuzelijsten import AANLEIDINGEN
from igj_desktop.services.post import inkomend as post
from igj_desktop.services.toegang import toekenning as toegang
from igj_desktop.services.toetsing import instrumenten
from igj_desktop.services.workflows import acties as workflows
from igj_desktop.services.workflows.catalogus import sync_dossiertypes

SEED = 20260

ROL_NAMEN = {
    RolCode.INSPECTEUR: "Inspecteur",
    RolCode.MEDEWERKER_TOEZICHT: "Medewerker toezicht",
    RolCode.JURIDISCH_ADVISEUR: "Juridisch adviseur",
    RolCode.MT: "Lid managementteam",
    RolCode.BEHEERDER: "Functioneel beheerder",
    RolCode.REGISTERBEHEERDER: "Beheerder relatieregister",
}

# afdeling -> teams
AFDELINGEN = {
    "Toezicht Zorgaanbieders": ["Team GGZ", "Team Ouderenzorg", "Team Gehandicaptenzorg"],
    "Toezicht Jeugd": ["Team Jeugdhulp"],
    "Toezicht Curatieve Zorg": ["Team Ziekenhuizen", "Team Eerstelijnszorg"],
    "Geneesmiddelen en Medische Technologie": ["Team Farmacie", "Team Medische Technologie"],
    "Juridische Zaken": ["Team Handhaving", "Team Bezwaar en Tucht"],
}
POSTKAMER = "Postkamer"
RELATIEBEHEER = "Relatiebeheer"

# gebruikersnaam, naam, functie, afdeling, team, rollen
MEDEWERKERS = [
    (
        "avries",
        "Anna de Vries",
        "Inspecteur",
        "Toezicht Zorgaanbieders",
        "Team GGZ",
        ["inspecteur"],
    ),
    ("bjansen", "Bram Jansen", "Inspecteur", "Toezicht Zorgaanbieders", "Team GGZ", ["inspecteur"]),
    (
        "sdekker",
        "Sanne Dekker",
        "Medewerker toezicht",
        "Toezicht Zorgaanbieders",
        "Team GGZ",
        ["medewerker_toezicht"],
    ),
    (
        "mvisser",
        "Mohamed el Amrani",
        "Senior inspecteur",
        "Toezicht Zorgaanbieders",
        "Team Ouderenzorg",
        ["inspecteur"],
    ),
    (
        "lmeijer",
        "Lotte Meijer",
        "Inspecteur",
        "Toezicht Zorgaanbieders",
        "Team Ouderenzorg",
        ["inspecteur"],
    ),
    (
        "pvdberg",
        "Pieter van den Berg",
        "Inspecteur",
        "Toezicht Zorgaanbieders",
        "Team Gehandicaptenzorg",
        ["inspecteur"],
    ),
    (
        "ydebruijn",
        "Yara de Bruijn",
        "Medewerker toezicht",
        "Toezicht Zorgaanbieders",
        "Team Gehandicaptenzorg",
        ["medewerker_toezicht"],
    ),
    ("cbakker", "Carla Bakker", "Inspecteur", "Toezicht Jeugd", "Team Jeugdhulp", ["inspecteur"]),
    ("tsmits", "Thomas Smits", "Inspecteur", "Toezicht Jeugd", "Team Jeugdhulp", ["inspecteur"]),
    (
        "nhendriks",
        "Noor Hendriks",
        "Medewerker toezicht",
        "Toezicht Jeugd",
        "Team Jeugdhulp",
        ["medewerker_toezicht"],
    ),
    (
        "jvdlinden",
        "Jeroen van der Linden",
        "Inspecteur",
        "Toezicht Curatieve Zorg",
        "Team Ziekenhuizen",
        ["inspecteur"],
    ),
    (
        "esahin",
        "Elif Şahin",
        "Inspecteur",
        "Toezicht Curatieve Zorg",
        "Team Ziekenhuizen",
        ["inspecteur"],
    ),
    (
        "rkoster",
        "Ruud Koster",
        "Inspecteur",
        "Toezicht Curatieve Zorg",
        "Team Eerstelijnszorg",
        ["inspecteur"],
    ),
    (
        "iwillems",
        "Ingrid Willems",
        "Inspecteur",
        "Geneesmiddelen en Medische Technologie",
        "Team Farmacie",
        ["inspecteur"],
    ),
    (
        "kvos",
        "Kees Vos",
        "Inspecteur",
        "Geneesmiddelen en Medische Technologie",
        "Team Medische Technologie",
        ["inspecteur"],
    ),
    (
        "hpeters",
        "Hanneke Peters",
        "Juridisch adviseur",
        "Juridische Zaken",
        "Team Handhaving",
        ["juridisch_adviseur"],
    ),
    ("dsmit", "Dirk Smit", "Afdelingshoofd", "Toezicht Zorgaanbieders", None, ["mt", "beheerder"]),
    (
        "wbos",
        "Wouter Bos",
        "Juridisch adviseur",
        "Juridische Zaken",
        "Team Bezwaar en Tucht",
        ["juridisch_adviseur"],
    ),
    ("mkok", "Marieke Kok", "Afdelingshoofd", "Juridische Zaken", None, ["mt"]),
    ("epost", "Esther Post", "Medewerker postkamer", "Juridische Zaken", POSTKAMER, []),
    (
        "fmulder",
        "Fatima Mulder",
        "Beheerder relatieregister",
        "Juridische Zaken",
        RELATIEBEHEER,
        ["registerbeheerder"],
    ),
    (
        "gdijkstra",
        "Gert Dijkstra",
        "Functioneel beheerder",
        "Juridische Zaken",
        None,
        ["beheerder"],
    ),
]

PLAATSEN = [
    ("Amsterdam", "10"),
    ("Rotterdam", "30"),
    ("Den Haag", "25"),
    ("Utrecht", "35"),
    ("Eindhoven", "56"),
    ("Groningen", "97"),
    ("Tilburg", "50"),
    ("Almere", "13"),
    ("Breda", "48"),
    ("Nijmegen", "65"),
    ("Apeldoorn", "73"),
    ("Haarlem", "20"),
    ("Arnhem", "68"),
    ("Enschede", "75"),
    ("Amersfoort", "38"),
    ("Zwolle", "80"),
    ("Leeuwarden", "89"),
    ("Maastricht", "62"),
    ("Dordrecht", "33"),
    ("Leiden", "23"),
    ("'s-Hertogenbosch", "52"),
    ("Deventer", "74"),
    ("Delft", "26"),
    ("Alkmaar", "18"),
    ("Venlo", "59"),
    ("Emmen", "78"),
    ("Assen", "94"),
    ("Heerlen", "64"),
    ("Middelburg", "43"),
    ("Lelystad", "82"),
    ("Tiel", "40"),
    ("Gouda", "28"),
    ("Hoorn", "16"),
    ("Roermond", "60"),
]
STRATEN = [
    "Hoofdstraat",
    "Kerkstraat",
    "Stationsweg",
    "Dorpsstraat",
    "Molenweg",
    "Julianalaan",
    "Wilhelminastraat",
    "Beatrixlaan",
    "Parkweg",
    "Schoolstraat",
    "Zuiderzeeweg",
    "Lindelaan",
    "Ziekenhuisweg",
    "Laan van Zorg",
    "Prinses Irenestraat",
    "Nieuwe Gracht",
]
NAAMDELEN = [
    "Noorderlicht",
    "De Linde",
    "Het Anker",
    "De Vijzel",
    "Rivierenland",
    "De Zonnehoek",
    "Het Baken",
    "De Eik",
    "Lentekracht",
    "De Wending",
    "Horizon",
    "De Brug",
    "Het Kompas",
    "De Hoven",
    "Zonnebloem",
    "De Meander",
    "Het Palet",
    "De Kim",
    "Duinzicht",
    "Veldzorg",
    "De Beuk",
    "Het Zwanenhof",
    "Maasoever",
    "De Waterlelie",
    "Het Veer",
    "De Schakel",
]
# sector -> name patterns ({d}: a naamdeel, {p}: the plaats)
SECTOREN = {
    "GGZ": ["GGZ {d}", "Stichting {d} GGZ", "Psychiatrisch centrum {d}", "{d} Verslavingszorg"],
    "Gehandicaptenzorg": ["Stichting {d}", "Zorginstelling {d}", "{d} Woonzorg"],
    "Jeugdhulp": ["Jeugdhulp {d}", "{d} Jeugd en Gezin", "Gezinshuis {d}"],
    "Ouderenzorg": ["Zorggroep {d}", "Woonzorgcentrum {d}", "Verpleeghuis {d}"],
    "Ziekenhuizen": ["Ziekenhuis {d}", "{p} Medisch Centrum", "Ziekenhuisgroep {d}"],
    "Farmacie": ["Apotheek {d}", "{d} Farma B.V.", "Ziekenhuisapotheek {p}"],
    "Medische technologie": ["{d} Medical B.V.", "{d} Medtech B.V.", "Orthopedie {d}"],
    "Huisartsenzorg": ["Huisartsenpraktijk {d}", "Gezondheidscentrum {d}", "Huisartsenpost {p}"],
    "Wijkverpleging": ["Thuiszorg {d}", "Wijkzorg {d}", "Wijkteam {p}-{d}"],
    "Acute zorg": ["Ambulancezorg {p}", "Spoedpost {p}"],
    "Mondzorg": ["Tandartspraktijk {d}", "Mondzorgcentrum {p}"],
    "Cosmetische zorg": ["Kliniek {d}", "Huidkliniek {p}"],
}
VOORLETTERS = "ABCDEFGHIJKLMNPRSTW"
ACHTERNAMEN = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
]
BEROEPEN = [
    ("psychiater", "GGZ"),
    ("huisarts", "Huisartsenzorg"),
    ("verpleegkundige", "Wijkverpleging"),
    ("apotheker", "Farmacie"),
    ("chirurg", "Ziekenhuizen"),
    ("GZ-psycholoog", "GGZ"),
    ("tandarts", "Mondzorg"),
    ("specialist ouderengeneeskunde", "Ouderenzorg"),
    ("arts voor verstandelijk gehandicapten", "Gehandicaptenzorg"),
]
ONDERWERPEN = [
    "medicatieveiligheid",
    "vrijheidsbeperking",
    "personeelstekorten",
    "infectiepreventie",
    "suïcidepreventie",
    "valincidenten",
    "triage op de spoedeisende hulp",
    "dossiervoering",
    "kwaliteit van de nachtzorg",
    "goed bestuur",
]
# dossiertype code -> the workflow every open dossier of that type is busy with
START_WORKFLOW = {
    "thematisch_toezicht": "opdrachtverkenning",
    "risicotoezicht": "inspectiebezoek",
    "incidenttoezicht": "deskresearch",
    "netwerkzorgmelding": "gesprek",
    "handhaving": "aanwijzing",
    "tuchtzaak": "tuchtzaak",
    "bezwaar_beroep": "bezwaar",
}
# days from today for the termijn of a dossier's first activiteit, in turn
TERMIJN_DAGEN = [-12, -3, -1, 0, 1, 3, 4, 9, 21, 45]


@dataclass
class _Refs:
    groepen: dict[str, uuid.UUID] = field(default_factory=dict)
    medewerkers: dict[str, uuid.UUID] = field(default_factory=dict)
    types: dict[str, uuid.UUID] = field(default_factory=dict)
    relaties: dict[str, list[uuid.UUID]] = field(default_factory=dict)
    personen: list[uuid.UUID] = field(default_factory=list)
    relatie_namen: dict[uuid.UUID, str] = field(default_factory=dict)
    sector_van: dict[uuid.UUID, str] = field(default_factory=dict)


def fill_demo(db: Database, gebruikersnaam: str) -> bool:
    """Fill an empty database; ``gebruikersnaam`` (the OS user) becomes an inspecteur with
    access to many dossiers. Returns False, changing nothing, when dossiers exist."""
    gebruikersnaam = gebruikersnaam.strip().lower()
    with db.session() as session:
        if session.scalar(select(Dossier.id).limit(1)) is not None:
            return False
    rng = random.Random(SEED)
    with db.session() as session, session.begin():
        refs = _reference_data(session, gebruikersnaam, rng)
    _dossiers(db, refs, gebruikersnaam, rng)
    return True


# ---------------------------------------------------------------- reference data


def _reference_data(session: Session, gebruikersnaam: str, rng: random.Random) -> _Refs:
    refs = _Refs()
    bestaande_rollen = set(session.scalars(select(Rol.code)))
    session.add_all(
        Rol(code=code.value, naam=naam)
        for code, naam in ROL_NAMEN.items()
        if code.value not in bestaande_rollen
    )
    for afdeling, teams in AFDELINGEN.items():
        afdeling_id = _groep(session, refs, afdeling, GroepSoort.AFDELING, None)
        for teamnaam in teams:
            _groep(session, refs, teamnaam, GroepSoort.TEAM, afdeling_id)
    _groep(session, refs, POSTKAMER, GroepSoort.POSTKAMER, None)
    _groep(session, refs, RELATIEBEHEER, GroepSoort.REGISTERBEHEER, None)

    medewerkers = list(MEDEWERKERS)
    if gebruikersnaam not in {m[0] for m in medewerkers}:
        naam = gebruikersnaam.replace(".", " ").replace("_", " ").title()
        medewerkers.insert(
            0,
            (
                gebruikersnaam,
                naam,
                "Inspecteur",
                "Toezicht Zorgaanbieders",
                "Team GGZ",
                ["inspecteur"],
            ),
        )
    for nummer, (login, naam, functie, afdeling, team, rollen) in enumerate(medewerkers):
        refs.medewerkers[login] = _medewerker(
            session, refs, nummer, login, naam, functie, afdeling, team, rollen
        )
    _dossiertypes(session, refs)
    _relaties(session, refs, rng)
    return refs


def _groep(
    session: Session, refs: _Refs, naam: str, soort: str, afdeling_id: uuid.UUID | None
) -> uuid.UUID:
    groep = session.scalar(select(Groep).where(Groep.naam == naam))
    if groep is None:
        groep = Groep(
            naam=naam,
            soort=soort,
            afdeling_id=afdeling_id,
            email=f"{naam.lower().replace(' ', '.')}@igj.example.nl",
        )
        session.add(groep)
        session.flush()
    refs.groepen[naam] = groep.id
    return groep.id


def _medewerker(
    session: Session,
    refs: _Refs,
    nummer: int,
    login: str,
    naam: str,
    functie: str,
    afdeling: str,
    team: str | None,
    rollen: list[str],
) -> uuid.UUID:
    bestaand = session.scalar(select(Medewerker.id).where(Medewerker.gebruikersnaam == login))
    if bestaand is not None:
        return bestaand
    medewerker = Medewerker(
        gebruikersnaam=login,
        naam=naam,
        email=f"{login}@igj.example.nl",
        telefoon=f"088-120{5100 + nummer}",
        functie=functie,
        afdeling_id=refs.groepen[afdeling],
    )
    groepen = [afdeling, team] if team else [afdeling]
    medewerker.lidmaatschappen = [Lidmaatschap(groep_id=refs.groepen[g]) for g in groepen]
    medewerker.rollen = [MedewerkerRol(rol_code=r) for r in rollen]
    session.add(medewerker)
    session.flush()
    return medewerker.id


def _dossiertypes(session: Session, refs: _Refs) -> None:
    sync_dossiertypes(session)
    refs.types = dict(
        session.execute(
            select(Dossiertype.code, Dossiertype.id)
            .where(Dossiertype.actief.is_(True))
            .order_by(Dossiertype.code)
        )
        .tuples()
        .all()
    )


def _relaties(session: Session, refs: _Refs, rng: random.Random) -> None:
    """18 organisaties per sector and 30 zorgverleners: 246 relaties with unique numbers
    (ids from ``rng`` too, so no flush per row is needed to know them)."""
    kvk_nummers = iter(rng.sample(range(10_000_000, 99_999_999), 400))
    gebruikt: set[str] = set()
    for sector, patronen in SECTOREN.items():
        refs.relaties[sector] = []
        for _ in range(18):
            plaats, postcode = rng.choice(PLAATSEN)
            naam = rng.choice(patronen).format(d=rng.choice(NAAMDELEN), p=plaats)
            if naam in gebruikt:
                naam = f"{naam} {plaats}" if plaats not in naam else f"{naam} {len(gebruikt)}"
            gebruikt.add(naam)
            relatie = Relatie(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                soort=RelatieSoort.ORGANISATIE,
                naam=naam,
                kvk_nummer=str(next(kvk_nummers)),
                agb_code=f"{rng.randint(1, 99):02d}{rng.randint(0, 999_999):06d}",
                sector=sector,
                **_adres(rng, plaats, postcode),
                email=f"info@{_domein(naam)}.example.nl",
                telefoon=f"0{rng.randint(10, 99)}-{rng.randint(1_000_000, 9_999_999)}",
                contactpersoon=f"{rng.choice(VOORLETTERS)}. {rng.choice(ACHTERNAMEN)}",
            )
            session.add(relatie)
            refs.relaties[sector].append(relatie.id)
            refs.relatie_namen[relatie.id] = naam
    for _ in range(30):
        beroep, sector = rng.choice(BEROEPEN)
        plaats, postcode = rng.choice(PLAATSEN)
        naam = f"{rng.choice(VOORLETTERS)}.{rng.choice(VOORLETTERS)}. {rng.choice(ACHTERNAMEN)}"
        relatie = Relatie(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            soort=RelatieSoort.PERSOON,
            naam=f"{naam}, {beroep}",
            big_nummer=f"{rng.randint(10_000_000_000, 99_999_999_999)}",
            sector=sector,
            **_adres(rng, plaats, postcode),
        )
        session.add(relatie)
        refs.personen.append(relatie.id)
        refs.relatie_namen[relatie.id] = relatie.naam
        refs.sector_van[relatie.id] = sector


def _adres(rng: random.Random, plaats: str, postcode: str) -> dict[str, str]:
    letters = "".join(rng.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
    return {
        "straat": rng.choice(STRATEN),
        "huisnummer": str(rng.randint(1, 250)),
        "postcode": f"{postcode}{rng.randint(10, 99)} {letters}",
        "plaats": plaats,
    }


def _domein(naam: str) -> str:
    return "".join(c for c in naam.lower() if c.isalnum())[:30] or "zorg"


# ---------------------------------------------------------------- dossiers


def _titel(code: str, rng: random.Random, ots_naam: str, plaats: str) -> str:
    onderwerp = rng.choice(ONDERWERPEN)
    sjablonen = {
        "thematisch_toezicht": f"Thematisch toezicht {onderwerp}",
        "risicotoezicht": f"Risicotoezicht {ots_naam}",
        "incidenttoezicht": f"Calamiteit {ots_naam}: {onderwerp}",
        "netwerkzorgmelding": f"Netwerkzorg regio {plaats}: zorg rond een cliënt",
        "handhaving": f"Aanwijzing {ots_naam} ({onderwerp})",
        "tuchtzaak": f"Tuchtklacht tegen {ots_naam}",
        "bezwaar_beroep": f"Bezwaar {ots_naam} tegen aanwijzing",
    }
    return sjablonen.get(code, f"Toezicht {ots_naam}: {onderwerp}")


def _dossiers(db: Database, refs: _Refs, gebruiker: str, rng: random.Random) -> None:
    ctxs = {login: ServiceContext.for_user(db, login) for login in refs.medewerkers}
    collega_logins = [m[0] for m in MEDEWERKERS if "inspecteur" in m[5] and m[0] != gebruiker]
    types = list(refs.types.items())
    aangemaakt: list[tuple[str, uuid.UUID]] = []
    for index in range(42):
        code, type_id = types[index % len(types)]
        eigen = index % 5 != 4  # four in five dossiers are the user's own
        eigenaar = gebruiker if eigen else rng.choice(collega_logins)
        ctx = ctxs[eigenaar]
        sector = rng.choice(list(refs.relaties))
        ots = rng.choice(refs.relaties[sector])
        betrokkenen = [(ots, "ots")]
        if code == "tuchtzaak":  # the OTS is the zorgverlener, the organisatie is betrokken
            zorgverlener = rng.choice(refs.personen)
            # The dossier's sector is the zorgverlener's (a huisarts is no "Cosmetische zorg");
            # the organisatie is the one at the same place in that sector's list.
            plek = refs.relaties[sector].index(ots)
            sector = refs.sector_van[zorgverlener]
            ots = refs.relaties[sector][plek]
            betrokkenen = [(zorgverlener, "ots"), (ots, "betrokken_organisatie")]
        ots = betrokkenen[0][0]
        ots_naam = refs.relatie_namen[ots]
        plaats = rng.choice(PLAATSEN)[0]
        if rng.random() < 0.5:
            # a stakeholder or regievoerder from the dossier's own sector: a tuchtklacht
            # against a specialist ouderengeneeskunde has no Mondzorgcentrum beside it
            andere = [r for r in refs.relaties[sector] if r not in dict(betrokkenen)]
            betrokkenen.append((rng.choice(andere), rng.choice(["stakeholder", "regievoerder"])))
        mede = rng.sample(collega_logins, 1)
        if not eigen and rng.random() < 0.6:
            mede.append(gebruiker)  # the user co-works on some colleagues' dossiers
        detail = dossiers.create_dossier(
            ctx,
            dossiers.NieuwDossier(
                dossiertype_id=type_id,
                titel=_titel(code, rng, ots_naam, plaats),
                aanleiding=rng.choice(AANLEIDINGEN),
                omschrijving=f"Aanleiding: signalen over {rng.choice(ONDERWERPEN)} bij "
                f"{ots_naam}. Doel: vaststellen of de zorg voldoet aan de normen.",
                afdeling_id=refs.groepen[_afdeling_van(eigenaar)],
                sector=sector,
                behandelaar_ids=[refs.medewerkers[m] for m in mede if m != eigenaar],
                toegang_groepen=[(refs.groepen[_team_van(eigenaar)], "lezer")],
                betrokkenen=list(dict.fromkeys(betrokkenen)),
                afgeschermd=index in (2, 9),  # one of the user's own, one of a colleague
            ),
        )
        aangemaakt.append((code, detail.id))
        if code == "thematisch_toezicht" or (code == "risicotoezicht" and index % 3 == 0):
            _subdossiers(ctx, refs, rng, detail.id, type_id, sector)
        _werk(ctx, refs, index, detail.id, code)
        if index % 6 == 1:
            koppelingen.link_extern(
                ctx,
                detail.id,
                rng.choice(["WPM", "BRS", "signaal"]),
                f"https://wpm.igj.example.nl/dossier/{rng.randint(10_000, 99_999)}",
                "Werkplan en signalen",
            )
        if index % 7 == 3:
            _telefoonnotitie(ctx, detail.id, ots, ots_naam)
    _koppelingen(ctxs[gebruiker], aangemaakt)
    _inkomende_post(ctxs[gebruiker], refs, [d for i, (_c, d) in enumerate(aangemaakt) if i % 5])
    instrumenten.zorg_voor_bibliotheek(ctxs[gebruiker])
    _history(db, rng, [dossier_id for _, dossier_id in aangemaakt])
    _afsluiten(ctxs[gebruiker], rng, aangemaakt)  # index % 5 == 0: always the user's own
    relaties.request_relatie(
        ctxs[gebruiker],
        aangemaakt[0][1],
        relaties.RelatieVerzoek(
            naam="Zorgboerderij De Hooiberg", plaats="Epe", toelichting="Nieuwe OTS"
        ),
    )


# (mailbox at the OTS, onderwerp, bijlage): sent from the domain of the dossier's OTS, so the
# registration recognises the afzender among the betrokkenen.
POST = [
    ("secretariaat", "Verbeterplan medicatieveiligheid", "verbeterplan.pdf"),
    ("kwaliteit", "Reactie op conceptrapport", "reactie conceptrapport.pdf"),
    ("bestuur", "Calamiteitenmelding cliënt 2026-114", "melding.pdf"),
]


def _pdf(afzender: str, onderwerp: str) -> bytes:
    """A one-page letter, so the demo's attachments open like real ones."""
    buffer = io.BytesIO()
    blad = canvas.Canvas(buffer, pagesize=A4)
    blad.setFont("Helvetica-Bold", 14)
    blad.drawString(72, 770, afzender)
    blad.setFont("Helvetica", 11)
    blad.drawString(72, 740, f"Betreft: {onderwerp}")
    blad.drawString(72, 710, "Geachte inspecteur, hierbij ontvangt u de gevraagde stukken.")
    blad.showPage()
    blad.save()
    return buffer.getvalue()


def _inkomende_post(ctx: ServiceContext, refs: _Refs, dossier_ids: list[uuid.UUID]) -> None:
    """A few e-mails with a PDF, registered for the user to assess (the post register)."""
    for n, (postbus, onderwerp, bijlage) in enumerate(POST):
        keuzes = post.registratie_keuzes(ctx, dossier_ids[n])
        ots = next((r for r in keuzes.relaties if r.email), None)
        naam = ots.naam if ots else "Zorgaanbieder"
        domein = ots.email.rpartition("@")[2] if ots and ots.email else "zorg.example.nl"
        adres = f"{postbus}@{domein}"
        bericht = EmailMessage()
        bericht["From"] = f"{naam} <{adres}>"
        bericht["To"] = "inspectie@igj.example.nl"
        bericht["Subject"] = onderwerp
        bericht["Date"] = format_datetime(ctx.now() - timedelta(days=n, hours=2 * n + 1))
        bericht["Message-ID"] = f"<demo-{n}@{adres.split('@')[1]}>"
        bericht.set_content(f"Geachte inspecteur,\n\nBijgaand: {onderwerp.lower()}.\n\n{naam}")
        bericht.add_attachment(
            _pdf(naam, onderwerp), maintype="application", subtype="pdf", filename=bijlage
        )
        parsed = post.lees_bestand(f"{onderwerp}.eml", bericht.as_bytes())
        registratie = post.Registratie(
            [dossier_ids[n]],
            beoordelaar_medewerker_id=ctx.actor.medewerker_id,
            relatie_id=post.herken_afzender(keuzes.relaties, bericht["From"]),
        )
        post.registreer_post(ctx, parsed, registratie)


def _afdeling_van(login: str) -> str:
    return next((m[3] for m in MEDEWERKERS if m[0] == login), "Toezicht Zorgaanbieders")


def _team_van(login: str) -> str:
    return next((m[4] for m in MEDEWERKERS if m[0] == login and m[4]), "Team GGZ")


def _subdossiers(
    ctx: ServiceContext,
    refs: _Refs,
    rng: random.Random,
    parent_id: uuid.UUID,
    type_id: uuid.UUID,
    sector: str,
) -> None:
    ots = rng.sample(refs.relaties[sector], rng.randint(2, 4))
    subs = dossiers.create_subdossiers_bulk(
        ctx, parent_id, type_id, ots, workflow_code="inspectiebezoek"
    )
    # the behandelteam of the first subdossier is narrowed, as the seed allows
    detail = dossiers.get_dossier_detail(ctx, subs[0].id)
    lezers = [t for t in detail.toegang if t.rol == "lezer"]
    if lezers:
        toegang.revoke_toegang(ctx, subs[0].id, lezers[0].id)


def _werk(ctx: ServiceContext, refs: _Refs, index: int, dossier_id: uuid.UUID, code: str) -> None:
    """Start the type's workflow through the engine, then vary its first activiteit: a
    termijn from overdue to next month, now and then spoed or handed to the team."""
    workflow_code = START_WORKFLOW.get(code)
    if workflow_code is None:
        return
    gestart = workflows.start_workflow(ctx, dossier_id, workflow_code)
    eerste = next((a for a in gestart.activiteiten if a.open), None)
    if eerste is None:
        return
    if eerste.aanpasbaar:
        termijn = ctx.today() + timedelta(days=TERMIJN_DAGEN[index % len(TERMIJN_DAGEN)])
        eerste = workflows.termijn_wijzigen(ctx, eerste.id, termijn)
    if index % 4 == 1:
        eerste = workflows.set_urgentie(ctx, eerste.id, Urgentie.SPOED)
    if index % 5 == 3:
        team = refs.groepen[_team_van(ctx.actor.gebruikersnaam)]
        workflows.transfer_activiteit(ctx, eerste.id, naar_groep_id=team)


def _telefoonnotitie(ctx: ServiceContext, dossier_id: uuid.UUID, ots: uuid.UUID, naam: str) -> None:
    telefoonnotities.record_telefoonnotitie(
        ctx,
        dossier_id,
        telefoonnotities.NieuweTelefoonnotitie(
            onderwerp="Vraag over de termijn voor het verbeterplan",
            samenvatting=f"De bestuurder van {naam} vraagt twee weken uitstel.",
            gesprekspartner="Bestuurssecretaris",
            telefoonnummer="030-1234567",
            relatie_id=ots,
            actiepunten="Uitstel voorleggen aan het MT",
            terugbellen=True,
        ),
    )


def _koppelingen(ctx: ServiceContext, aangemaakt: list[tuple[str, uuid.UUID]]) -> None:
    """Each bezwaar dossier of the user is linked to a handhaving dossier of the user."""
    handhaving = [i for code, i in aangemaakt if code == "handhaving"]
    bezwaren = [i for code, i in aangemaakt if code == "bezwaar_beroep"]
    eigen = {n.id for n in dossiers.list_hoofddossiers(ctx, limit=1000)}
    paren = [(b, h) for b, h in zip(bezwaren, handhaving, strict=False) if {b, h} <= eigen]
    for bezwaar, besluit in paren:
        detail = dossiers.get_dossier_detail(ctx, bezwaar)
        if detail.mag_wijzigen:
            koppelingen.link_dossier(ctx, bezwaar, besluit, "Bezwaar tegen dit besluit")


def _history(db: Database, rng: random.Random, dossier_ids: list[uuid.UUID]) -> None:
    """Spread the opening dates over the past year and a half (subdossiers follow)."""
    nu = datetime.now(UTC)
    with db.session() as session, session.begin():
        for dossier_id in dossier_ids:
            geopend = nu - timedelta(days=rng.randint(3, 540), hours=rng.randint(0, 8))
            session.execute(
                update(Dossier)
                .where((Dossier.id == dossier_id) | (Dossier.parent_id == dossier_id))
                .values(geopend_op=geopend)
                .execution_options(synchronize_session=False)
            )


def _afsluiten(
    ctx: ServiceContext, rng: random.Random, aangemaakt: list[tuple[str, uuid.UUID]]
) -> None:
    """Close every fifth of the user's dossiers (subdossiers first), confirming open work."""
    for index, (_, dossier_id) in enumerate(aangemaakt):
        if index % 5 != 0 or index == 0:
            continue
        for sub in dossiers.list_subdossiers(ctx, dossier_id):
            afsluiten.close_dossier(ctx, sub.id, "Bezoek afgerond", None, open_items_bevestigd=True)
        afsluiten.close_dossier(
            ctx,
            dossier_id,
            rng.choice(
                ["Onderzoek afgerond, geen verdere actie", "Onderzoek afgerond, maatregel opgelegd"]
            ),
            None,
            open_items_bevestigd=True,
        )
