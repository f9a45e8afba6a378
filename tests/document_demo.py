"""A demo dossier for the document, sjabloon and toetsing tests.

There is no dossier service to call yet from these tests' point of view, so the rows are
written directly; the dossier gets what the sjablonen need: an OTS with an address,
behandelaars with access, and a planned visit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from igj_desktop.db import Database
from igj_desktop.models import (
    Afspraak,
    AfspraakSoort,
    Betrokkene,
    BetrokkeneRol,
    Deelnemer,
    Dossier,
    Toegang,
    ToegangRol,
)
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.toetsing import bevindingen as toetsing
from igj_desktop.services.toetsing import instrumenten

from .seed import Seed

_teller = iter(range(1, 1_000_000))


@dataclass(frozen=True)
class DemoDossier:
    id: uuid.UUID
    kenmerk: str
    titel: str
    afspraak_id: uuid.UUID


def maak_dossier(
    db: Database,
    seed: Seed,
    *,
    titel: str = "Toezicht op de veiligheid van de crisisopvang",
    dossiertype: str = "risicotoezicht",
    ots: str = "GGZ Noorderlicht",
    behandelaars: tuple[str, ...] = ("avries", "bjansen"),
    lezers: tuple[str, ...] = (),
    afdeling: str = "Toezicht Zorgaanbieders",
) -> DemoDossier:
    kenmerk = f"IGJ-2026-{next(_teller):06d}"
    with db.session() as s, s.begin():
        dossier = Dossier(
            kenmerk=kenmerk,
            dossiertype_id=seed.dossiertypes[dossiertype],
            titel=titel,
            aanleiding="signaal",
            omschrijving="Signalen over onvoldoende toezicht op cliënten in de nachtdienst.",
            afdeling_id=seed.groepen[afdeling],
            sector="GGZ",
        )
        s.add(dossier)
        s.flush()
        for gebruiker in behandelaars:
            s.add(Toegang(dossier_id=dossier.id, medewerker_id=seed.medewerkers[gebruiker]))
        for gebruiker in lezers:
            s.add(
                Toegang(
                    dossier_id=dossier.id,
                    medewerker_id=seed.medewerkers[gebruiker],
                    rol=ToegangRol.LEZER,
                )
            )
        s.add(
            Betrokkene(dossier_id=dossier.id, relatie_id=seed.relaties[ots], rol=BetrokkeneRol.OTS)
        )
        afspraak = Afspraak(
            dossier_id=dossier.id,
            soort=AfspraakSoort.BEZOEK,
            onderwerp="Inspectiebezoek crisisopvang",
            locatie="Hoofdstraat 1, Groningen",
            begin=datetime(2026, 12, 8, 9, 0, tzinfo=UTC),
            einde=datetime(2026, 12, 8, 15, 0, tzinfo=UTC),
        )
        afspraak.deelnemers = [
            Deelnemer(medewerker_id=seed.medewerkers[g], naam=g) for g in behandelaars
        ]
        s.add(afspraak)
        s.flush()
        return DemoDossier(dossier.id, kenmerk, titel, afspraak.id)


BEVINDINGEN = {
    "ZN1": (
        "Er zijn geen schriftelijke afspraken over de verdeling van verantwoordelijkheden.",
        "voldoet_niet",
    ),
    "ZN2": ("Elke cliënt heeft een vaste regievoerder die bij het netwerk bekend is.", "voldoet"),
    "ZN3": (
        "Overdrachten bij opname zijn in drie van vijf dossiers onvolledig.",
        "voldoet_gedeeltelijk",
    ),
}


def vul_toetsing(ctx: ServiceContext, dossier: DemoDossier | Any) -> dict[str, str]:
    """Choose the zorgnetwerken instrument for the dossier and record bevindingen on it.

    ``dossier`` is a ``DemoDossier`` or any read model with an ``id`` (DossierDetail).
    """
    bibliotheek = instrumenten.zorg_voor_bibliotheek(ctx)
    bron = next(i for i in bibliotheek if i.naam.startswith("Toetsingskader zorgnetwerken"))
    eigen = instrumenten.kies_instrument(ctx, dossier.id, bron.id)
    eigen = instrumenten.vaststellen(ctx, eigen.id, eigen.version)
    normen = {n.code: n for n in eigen.normen}
    for code, (tekst, oordeel) in BEVINDINGEN.items():
        toetsing.voeg_waarneming_toe(
            ctx,
            dossier.id,
            normen[code].id,
            f"Gesprek met teamleider over {code}.",
            afspraak_id=getattr(dossier, "afspraak_id", None),
        )
        toetsing.leg_bevinding_vast(ctx, dossier.id, normen[code].id, tekst, oordeel)
    toetsing.leg_oordeel_vast(
        ctx, dossier.id, "voldoet_gedeeltelijk", "Het netwerk moet de samenwerking vastleggen."
    )
    return {code: tekst for code, (tekst, _) in BEVINDINGEN.items()}
