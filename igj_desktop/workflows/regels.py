"""Business rules that activiteiten name in the catalog (``regels:``), checked on completion.

Rules of seed 003 (openbaarmaking) and the LOOB condition. Each rule gets the chosen
uitkomst and the gegevens of the workflow and activiteit, and returns ``None`` when the
completion may go ahead or a Dutch sentence saying why not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .termijnen import Eenheid, Termijnduur, einddatum, plus_maanden

MAX_WOORDEN_REACTIE = 200
PUBLICATIE_JAREN = 5
WACHTTIJD_PUBLICATIE = Termijnduur(2, Eenheid.WEKEN, wettelijk=True)
LOOB_TUCHT_WEKEN = 8
NIET_PUBLICEREND = frozenset({"niet_akkoord"})  # uitkomsten that refuse the reactie

NOOIT_OPENBAAR: dict[str, str] = {
    "bestuurlijke_boete": "rapporten over een bestuurlijke boete",
    "opsporing": "rapporten over opsporing",
    "strafrechtelijke_maatregel": "rapporten over strafrechtelijke maatregelen",
    "geweld_in_zorgrelatie": "uitkomsten over geweld in de zorgrelatie",
    "disfunctioneren": "uitkomsten over disfunctioneren van een zorgverlener",
    # seed 003: the provider's own calamiteitenonderzoek is judged, never published
    "calamiteitenrapport_zorgaanbieder": "calamiteitenrapporten van eigen onderzoek van de "
    "zorgaanbieder",
}
ZAKELIJKE_WEERGAVE_SOORTEN: dict[str, str] = {
    "calamiteitenrapport_eigen_onderzoek": "Bij een calamiteitenrapport van eigen onderzoek "
    "van IGJ",
    "handhavingsmaatregel": "Bij een handhavingsmaatregel",
}
_WEGLAK = re.compile(r"\[(?:weggelakt|…|\.\.\.)(?::\s*(\d+)\s*woord(?:en)?)?\]|█+", re.IGNORECASE)


@dataclass(frozen=True)
class RegelContext:
    uitkomst: str
    gegevens: Mapping[str, Any]
    vandaag: date


Regel = Callable[[RegelContext], str | None]


def tel_woorden(tekst: str) -> int:
    """Words of a reactie, redacted ones included: ``[weggelakt: 3 woorden]`` counts 3,
    a bare ``[weggelakt]`` or a ``████`` block counts one word; bare punctuation counts none."""
    totaal = 0

    def vervang(match: re.Match[str]) -> str:
        nonlocal totaal
        totaal += int(match.group(1)) if match.group(1) else 1
        return " "

    rest = _WEGLAK.sub(vervang, tekst)
    # a dash or a full stop left alone by the redaction is no word
    return totaal + sum(any(c.isalnum() for c in woord) for woord in rest.split())


def vroegste_publicatie(verzonden: date, voorlopige_voorziening: bool) -> date | None:
    """Two weeks after sending; ``None`` while a voorlopige voorziening awaits the judge."""
    return None if voorlopige_voorziening else einddatum(verzonden, WACHTTIJD_PUBLICATIE)


def publicatie_tot(gepubliceerd: date) -> date:
    """A publication stays online five years."""
    return plus_maanden(gepubliceerd, 12 * PUBLICATIE_JAREN)


def _publicatiecategorie(ctx: RegelContext) -> str | None:
    categorie = ctx.gegevens.get("categorie")
    if ctx.uitkomst == "openbaar" and categorie in NOOIT_OPENBAAR:
        return f"IGJ maakt {NOOIT_OPENBAAR[categorie]} nooit openbaar; kies 'Geen openbaarmaking'."
    return None


def _reactie_aanbieder(ctx: RegelContext) -> str | None:
    reactie = str(ctx.gegevens.get("reactie_aanbieder") or "")
    if ctx.uitkomst == "akkoord" and not reactie.strip():
        return "Er is geen reactie van de aanbieder vastgelegd; kies 'Geen reactie ontvangen'."
    woorden = tel_woorden(reactie)
    # every path that publishes the reactie checks the limit; only refusing it does not
    if ctx.uitkomst not in NIET_PUBLICEREND and woorden > MAX_WOORDEN_REACTIE:
        return (
            f"De reactie van de aanbieder telt {woorden} woorden (weggelakte woorden tellen "
            f"mee); er mogen er hooguit {MAX_WOORDEN_REACTIE} worden gepubliceerd."
        )
    return None


def _zakelijke_weergave(ctx: RegelContext) -> str | None:
    bij = ZAKELIJKE_WEERGAVE_SOORTEN.get(str(ctx.gegevens.get("soort_rapport")))
    if bij and not ctx.gegevens.get("zakelijke_weergave"):
        return f"{bij} wordt een zakelijke weergave gepubliceerd; kies die eerst."
    return None


def _loob_tuchtklacht(ctx: RegelContext) -> str | None:
    if ctx.gegevens.get("tuchtklacht_ingediend"):
        return None
    voorzien = ctx.gegevens.get("tuchtklacht_voorzien_op")
    uiterlijk = ctx.vandaag + timedelta(weeks=LOOB_TUCHT_WEKEN)
    if voorzien and date.fromisoformat(str(voorzien)) <= uiterlijk:
        return None
    return (
        "Een LOOB kan alleen als een tuchtklacht of voordracht is ingediend of binnen acht "
        f"weken (uiterlijk {uiterlijk:%d-%m-%Y}) wordt ingediend."
    )


REGELS: dict[str, Regel] = {
    "publicatiecategorie": _publicatiecategorie,
    "reactie_aanbieder": _reactie_aanbieder,
    "zakelijke_weergave": _zakelijke_weergave,
    "loob_tuchtklacht": _loob_tuchtklacht,
}


# The gegevens each rule reads: the validator makes sure a form in the catalog asks for
# them, so every rule can be satisfied from the window, not only through the API.
REGEL_VELDEN: dict[str, tuple[str, ...]] = {
    "publicatiecategorie": ("categorie",),
    "reactie_aanbieder": ("reactie_aanbieder",),
    "zakelijke_weergave": ("soort_rapport", "zakelijke_weergave"),
    "loob_tuchtklacht": ("tuchtklacht_ingediend", "tuchtklacht_voorzien_op"),
}


def controleer(regels: tuple[str, ...], ctx: RegelContext) -> list[str]:
    return [m for r in regels if (m := REGELS[r](ctx))]
