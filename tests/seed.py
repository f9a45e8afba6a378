"""A small, realistic set of reference data that most tests start from."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from igj_desktop.db import Database
from igj_desktop.models import (
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
)

GROEPEN = [
    ("Toezicht Zorgaanbieders", GroepSoort.AFDELING, None),
    ("Toezicht Jeugd", GroepSoort.AFDELING, None),
    ("Team GGZ", GroepSoort.TEAM, "Toezicht Zorgaanbieders"),
    ("Team Jeugdhulp", GroepSoort.TEAM, "Toezicht Jeugd"),
    ("Postkamer", GroepSoort.POSTKAMER, None),
    ("Relatiebeheer", GroepSoort.REGISTERBEHEER, None),
]

# gebruikersnaam, naam, afdeling, groepen, rollen
MEDEWERKERS = [
    ("avries", "Anna de Vries", "Toezicht Zorgaanbieders", ["Team GGZ"], [RolCode.INSPECTEUR]),
    ("bjansen", "Bram Jansen", "Toezicht Zorgaanbieders", ["Team GGZ"], [RolCode.INSPECTEUR]),
    ("cbakker", "Carla Bakker", "Toezicht Jeugd", ["Team Jeugdhulp"], [RolCode.INSPECTEUR]),
    ("dsmit", "Dirk Smit", "Toezicht Zorgaanbieders", [], [RolCode.BEHEERDER, RolCode.MT]),
    ("epost", "Esther Post", "Toezicht Zorgaanbieders", ["Postkamer"], []),
    (
        "fmulder",
        "Fatima Mulder",
        "Toezicht Zorgaanbieders",
        ["Relatiebeheer"],
        [RolCode.JURIDISCH_ADVISEUR, RolCode.REGISTERBEHEERDER],
    ),
]

DOSSIERTYPES = [
    ("thematisch_toezicht", "Thematisch toezicht"),
    ("risicotoezicht", "Risicotoezicht"),
    ("incidenttoezicht", "Incidenttoezicht / calamiteit"),
    ("netwerkzorgmelding", "Netwerkzorgmelding"),
    ("handhaving", "Handhaving (bestuurlijke maatregelen)"),
    ("tuchtzaak", "Tuchtzaak"),
    ("bezwaar_beroep", "Bezwaar en beroep"),
]

# naam, soort, sector, plaats, kvk/big
RELATIES = [
    ("GGZ Noorderlicht", RelatieSoort.ORGANISATIE, "GGZ", "Groningen", "41012345"),
    ("Zorggroep De Linde", RelatieSoort.ORGANISATIE, "Ouderenzorg", "Utrecht", "30123456"),
    ("Jeugdhulp Het Anker", RelatieSoort.ORGANISATIE, "Jeugdhulp", "Zwolle", "05012345"),
    ("Ziekenhuis Rivierenland", RelatieSoort.ORGANISATIE, "Ziekenhuizen", "Tiel", "11012345"),
    ("Apotheek De Vijzel", RelatieSoort.ORGANISATIE, "Farmacie", "Amsterdam", "34012345"),
    ("J. Pietersen, psychiater", RelatieSoort.PERSOON, "GGZ", "Groningen", "19012345601"),
]


@dataclass
class Seed:
    groepen: dict[str, uuid.UUID] = field(default_factory=dict)
    medewerkers: dict[str, uuid.UUID] = field(default_factory=dict)
    dossiertypes: dict[str, uuid.UUID] = field(default_factory=dict)
    relaties: dict[str, uuid.UUID] = field(default_factory=dict)


def create_seed(db: Database) -> Seed:
    seed = Seed()
    with db.session() as session, session.begin():
        for rol in RolCode:
            session.add(Rol(code=rol.value, naam=rol.value.replace("_", " ").capitalize()))
        for naam, soort, afdeling in GROEPEN:
            groep = Groep(naam=naam, soort=soort, afdeling_id=seed.groepen.get(afdeling or ""))
            session.add(groep)
            session.flush()
            seed.groepen[naam] = groep.id
        for gebruiker, naam, afdeling, groepen, rollen in MEDEWERKERS:
            medewerker = Medewerker(
                gebruikersnaam=gebruiker,
                naam=naam,
                email=f"{gebruiker}@igj.example.nl",
                afdeling_id=seed.groepen[afdeling],
                functie="Inspecteur" if RolCode.INSPECTEUR in rollen else None,
            )
            medewerker.lidmaatschappen = [
                Lidmaatschap(groep_id=seed.groepen[g]) for g in [afdeling, *groepen]
            ]
            medewerker.rollen = [MedewerkerRol(rol_code=r.value) for r in rollen]
            session.add(medewerker)
            session.flush()
            seed.medewerkers[gebruiker] = medewerker.id
        for code, naam in DOSSIERTYPES:
            dossiertype = Dossiertype(code=code, naam=naam)
            session.add(dossiertype)
            session.flush()
            seed.dossiertypes[code] = dossiertype.id
        for naam, soort, sector, plaats, nummer in RELATIES:
            relatie = Relatie(
                naam=naam,
                soort=soort,
                sector=sector,
                plaats=plaats,
                straat="Hoofdstraat",
                huisnummer="1",
                postcode="1234 AB",
                email=f"info@{naam.split()[-1].lower().strip(',')}.example.nl",
                kvk_nummer=nummer if soort == RelatieSoort.ORGANISATIE else None,
                big_nummer=nummer if soort == RelatieSoort.PERSOON else None,
            )
            session.add(relatie)
            session.flush()
            seed.relaties[naam] = relatie.id
    return seed
