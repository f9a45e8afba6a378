"""Bewaartermijn (retention) of a closed dossier and the dossiertype catalog behind it.

Rule: the dossiertype gives a number of years; every workflow that ran to completion in
the dossier or its subdossiers may demand more (a completed bezwaar or beroep: 20 years,
see ``dossiertypes.yaml``); the longest rule wins. Brondatum is the day the (hoofd)dossier
is closed; the dossier is kept until brondatum + that many years (29 February → 28).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from igj_desktop.yaml_catalogus import lees_yaml

from .definitions import CatalogusFout, catalogus
from .termijnen import plus_maanden

DOSSIERTYPES_PATH = Path(__file__).with_name("dossiertypes.yaml")


@dataclass(frozen=True)
class DossiertypeDefinitie:
    code: str
    naam: str
    omschrijving: str
    workflows: tuple[str, ...]
    sjablonen: tuple[str, ...]
    bewaartermijn_jaren: int
    bewaarregels: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class BewaartermijnResultaat:
    jaren: int
    brondatum: date
    tot: date
    toelichting: str


def load_dossiertypes(path: Path = DOSSIERTYPES_PATH) -> tuple[DossiertypeDefinitie, ...]:
    """The dossiertype catalog; type rules are merged over the shared workflow rules."""
    data: dict[str, Any] = lees_yaml(path.read_text(encoding="utf-8"))
    gedeeld = {str(k): int(v) for k, v in data.get("workflow_regels", {}).items()}
    bekend = catalogus().workflows
    types = []
    for t in data["dossiertypes"]:
        onbekend = [w for w in [*t["workflows"], *gedeeld] if w not in bekend]
        if onbekend:
            raise CatalogusFout(
                f"Dossiertype '{t['code']}' noemt onbekende workflow(s): {', '.join(onbekend)}."
            )
        types.append(
            DossiertypeDefinitie(
                code=t["code"],
                naam=t["naam"],
                omschrijving=t.get("omschrijving", ""),
                workflows=tuple(t["workflows"]),
                sjablonen=tuple(t.get("sjablonen", ())),
                bewaartermijn_jaren=int(t["bewaartermijn_jaren"]),
                bewaarregels={**gedeeld, **t.get("bewaarregels", {})},
            )
        )
    return tuple(types)


@cache
def dossiertypes() -> tuple[DossiertypeDefinitie, ...]:
    return load_dossiertypes()


def bereken_bewaartermijn(
    type_naam: str,
    type_jaren: int,
    bewaarregels: Mapping[str, int],
    afgeronde_workflows: Iterable[str],
    gesloten: date,
) -> BewaartermijnResultaat:
    """The longest of the type's term and the terms of the completed workflows."""
    jaren, reden = type_jaren, f"dossiertype {type_naam} ({type_jaren} jaar)"
    namen = catalogus().workflows
    for code in sorted(set(afgeronde_workflows)):
        regel = bewaarregels.get(code)
        if regel is not None and regel > jaren:
            naam = namen[code].naam if code in namen else code
            jaren, reden = regel, f"afgeronde workflow {naam} ({regel} jaar)"
    tot = plus_maanden(gesloten, 12 * jaren)
    toelichting = (
        f"Bewaren tot {tot:%d-%m-%Y}: {jaren} jaar na de brondatum {gesloten:%d-%m-%Y} "
        f"(datum van afsluiten). Langste regel: {reden}."
    )
    return BewaartermijnResultaat(jaren, gesloten, tot, toelichting)
