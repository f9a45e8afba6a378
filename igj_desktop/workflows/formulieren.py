"""Forms as data: what an activiteit (or one of its uitkomsten) asks the user, from the catalog.

A form is a list of velden. Each veld names the gegevens key it fills (the key the rules in
``regels.py`` read), its type, whether it is required and a help text. One generic Qt widget
renders any form; the engine checks the same definition on completion, so a service call
from a test or a script meets the same rules as the window.

Catalog shape (YAML)::

    formulier:
      - {veld: categorie, label: Categorie, type: keuze, verplicht: true,
         keuzes: [{code: regulier, naam: Regulier rapport}], hulp: "…"}
    toont: [verzonden_op]        # earlier gegevens shown read-only (activiteit only)

Values are stored as JSON-friendly plain values: text, ISO dates, numbers, a choice's code,
``true``/``false`` for ``ja_nee``, and the id (as text) of a relatie, document or medewerker.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from .sleutels import onbekende_sleutel


class FormulierFout(Exception):
    """A malformed form in the catalog; ``message`` is Dutch and names file, activiteit, key."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class VeldType(StrEnum):
    TEKST = "tekst"
    LANGE_TEKST = "lange_tekst"
    DATUM = "datum"
    GETAL = "getal"
    KEUZE = "keuze"
    JA_NEE = "ja_nee"
    RELATIE = "relatie"
    DOCUMENT = "document"
    MEDEWERKER = "medewerker"


VERWIJZINGEN = frozenset({VeldType.RELATIE, VeldType.DOCUMENT, VeldType.MEDEWERKER})
VELD_SLEUTELS = frozenset(
    {"veld", "label", "type", "verplicht", "hulp", "keuzes", "max_woorden", "standaard", "rol"}
)
KEUZE_SLEUTELS = frozenset({"code", "naam"})


@dataclass(frozen=True)
class Keuze:
    code: str
    naam: str


@dataclass(frozen=True)
class Veld:
    """One input of a form; ``veld`` is the gegevens key it fills."""

    veld: str
    label: str
    type: VeldType
    verplicht: bool = False
    hulp: str = ""
    keuzes: tuple[Keuze, ...] = ()
    max_woorden: int | None = None  # lange_tekst: show the count against this limit
    standaard: str | None = None  # "vandaag" for a datum, or a keuze code
    rol: str | None = None  # medewerker: only one with this role (e.g. the MT'er who consents)

    def keuze_naam(self, code: object) -> str:
        return next((k.naam for k in self.keuzes if k.code == code), str(code))


def _keuze(data: Any, waar: str) -> Keuze:
    if not isinstance(data, dict) or "code" not in data or "naam" not in data:
        raise FormulierFout(f"{waar}: elke keuze heeft een 'code' en een 'naam'.")
    if fout := onbekende_sleutel(data, KEUZE_SLEUTELS, f"{waar}, keuze '{data['code']}'"):
        raise FormulierFout(fout)
    return Keuze(str(data["code"]), str(data["naam"]))


def parse_velden(data: Any, waar: str) -> tuple[Veld, ...]:
    """The velden of one ``formulier:`` list; unknown keys and types are refused in Dutch."""
    if data is None:
        return ()
    if not isinstance(data, list):
        raise FormulierFout(f"{waar}: 'formulier' moet een lijst van velden zijn.")
    velden: list[Veld] = []
    for ruw in data:
        if not isinstance(ruw, dict) or "veld" not in ruw:
            raise FormulierFout(f"{waar}: elk formulierveld heeft een sleutel 'veld'.")
        naam = str(ruw["veld"])
        if fout := onbekende_sleutel(ruw, VELD_SLEUTELS, f"{waar}, formulierveld '{naam}'"):
            raise FormulierFout(fout)
        try:
            soort = VeldType(str(ruw.get("type", VeldType.TEKST)))
        except ValueError:
            bekend = ", ".join(t.value for t in VeldType)
            raise FormulierFout(
                f"{waar}, formulierveld '{naam}': onbekend type '{ruw.get('type')}' "
                f"(bekend: {bekend})."
            ) from None
        keuzes = tuple(
            _keuze(k, f"{waar}, formulierveld '{naam}'") for k in ruw.get("keuzes") or ()
        )
        if soort == VeldType.KEUZE and not keuzes:
            raise FormulierFout(f"{waar}, formulierveld '{naam}': een keuzeveld noemt 'keuzes'.")
        velden.append(
            Veld(
                veld=naam,
                label=str(ruw.get("label") or naam),
                type=soort,
                verplicht=bool(ruw.get("verplicht", False)),
                hulp=" ".join(str(ruw.get("hulp") or "").split()),
                keuzes=keuzes,
                max_woorden=int(ruw["max_woorden"]) if ruw.get("max_woorden") else None,
                standaard=str(ruw["standaard"]) if ruw.get("standaard") is not None else None,
                rol=str(ruw["rol"]) if ruw.get("rol") else None,
            )
        )
    dubbel = {v.veld for v in velden if [w.veld for w in velden].count(v.veld) > 1}
    if dubbel:
        raise FormulierFout(f"{waar}: formulierveld '{sorted(dubbel)[0]}' komt dubbel voor.")
    return tuple(velden)


def _leeg(waarde: object) -> bool:
    return waarde is None or (isinstance(waarde, str) and not waarde.strip())


def _fout_in_waarde(veld: Veld, waarde: object) -> str | None:
    match veld.type:
        case VeldType.DATUM:
            try:
                date.fromisoformat(str(waarde))
            except ValueError:
                return f"'{veld.label}' is geen geldige datum (JJJJ-MM-DD)."
        case VeldType.GETAL:
            if isinstance(waarde, bool) or not isinstance(waarde, int | float):
                try:
                    float(str(waarde).replace(",", "."))
                except ValueError:
                    return f"'{veld.label}' moet een getal zijn."
        case VeldType.KEUZE:
            if str(waarde) not in {k.code for k in veld.keuzes}:
                return f"'{veld.label}': kies een van de mogelijkheden."
        case VeldType.JA_NEE:
            if not isinstance(waarde, bool):
                return f"'{veld.label}' moet ja of nee zijn."
    return None


def controleer_invoer(velden: tuple[Veld, ...], gegevens: Mapping[str, Any]) -> list[str]:
    """Dutch sentences for every required veld left empty and every value of the wrong type."""
    fouten: list[str] = []
    for veld in velden:
        waarde = gegevens.get(veld.veld)
        if _leeg(waarde):
            if veld.verplicht:
                fouten.append(f"Vul '{veld.label}' in.")
            continue
        if fout := _fout_in_waarde(veld, waarde):
            fouten.append(fout)
    return fouten
