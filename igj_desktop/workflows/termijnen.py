"""Termijnen: deadline arithmetic in calendar days, weeks, months, werkdagen and hours.

Rules implemented (and why):

* A termijn of N dagen/weken/maanden starting on date S ends on S + N (the day of the event
  itself does not count, as in Awb art. 6:8: the termijn starts the day after). Months are
  calendar months; a day that does not exist in the target month clamps to its last day
  (31 januari + 1 maand = 28 of 29 februari).
* Statutory termijnen (``wettelijk``) follow the Algemene termijnenwet (Atw): a termijn
  that ends on a Saturday, Sunday or an *algemeen erkende feestdag* is extended to the next
  day that is none of these (art. 1). A termijn of at least three days is moreover extended
  until it holds at least two days that are no Saturday, Sunday or feestdag (art. 2).
* Art. 3 lid 1 lists Nieuwjaarsdag, tweede Paasdag, Hemelvaartsdag, tweede Pinksterdag,
  beide Kerstdagen, Koningsdag and **5 mei** (every year, not only in lustrum years); lid 2
  makes Goede Vrijdag equal to them; lid 3 lets the government declare more days equal (a
  Besluit gelijkstelling, about every three years, e.g. the Friday after Hemelvaartsdag).
  We take the Dutch public holidays of the ``holidays`` package (which include Goede Vrijdag
  and Koningsdag, with its Sunday shift), add 5 mei every year, and add the gelijkgestelde
  dagen of the folder ``gelijkstelling/`` (one data file per besluit, with its source: a new
  besluit is a new file, no code change). Easter and Whit Sunday are Sundays anyway.
* Werkdagen skip Saturdays, Sundays and the same feestdagen; the start day does not count.
* Hours are elapsed time (48 uur = 48 × 3600 seconds) on timezone-aware datetimes, so a
  DST change moves the wall-clock time, not the length. Date termijnen ignore DST.
* Opschorting: the termijn moves by the number of calendar days it was suspended
  (resumption day minus suspension day), then the Atw applies again to the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from igj_desktop.yaml_catalogus import lees_yaml

BEVRIJDINGSDAG = "Bevrijdingsdag (Atw art. 3)"
GELIJKSTELLING_MAP = Path(__file__).with_name("gelijkstelling")
ART2_MINIMUM_DAGEN = 3  # art. 2 covers termijnen of at least three days ...
ART2_WERKDAGEN = 2  # ... and makes them hold at least two werkdagen


class Eenheid(StrEnum):
    DAGEN = "dagen"
    WEKEN = "weken"
    MAANDEN = "maanden"
    WERKDAGEN = "werkdagen"
    UREN = "uren"


EENHEID_LABELS: dict[Eenheid, tuple[str, str]] = {
    Eenheid.DAGEN: ("dag", "dagen"),
    Eenheid.WEKEN: ("week", "weken"),
    Eenheid.MAANDEN: ("maand", "maanden"),
    Eenheid.WERKDAGEN: ("werkdag", "werkdagen"),
    Eenheid.UREN: ("uur", "uur"),
}


@dataclass(frozen=True)
class Termijnduur:
    """A length of time: ``aantal`` units, statutory (Atw) or not."""

    aantal: int
    eenheid: Eenheid
    wettelijk: bool = False

    def __post_init__(self) -> None:
        if self.aantal < 0:
            raise ValueError("Een termijn kan niet negatief zijn.")

    def omschrijving(self) -> str:
        enkel, meervoud = EENHEID_LABELS[self.eenheid]
        tekst = f"{self.aantal} {enkel if self.aantal == 1 else meervoud}"
        return f"{tekst} (wettelijk)" if self.wettelijk else tekst


class GelijkstellingFout(Exception):
    """A file in ``gelijkstelling/`` is malformed; ``message`` is Dutch and names the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Gelijkstellingsbesluit:
    """One Besluit gelijkstelling (Atw art. 3 lid 3): its days and where they come from."""

    titel: str
    bron: str
    geverifieerd: str
    tot_en_met: int
    dagen: Mapping[date, str]


@dataclass(frozen=True)
class Gelijkstellingen:
    besluiten: tuple[Gelijkstellingsbesluit, ...]

    @property
    def dagen(self) -> dict[date, str]:
        return {dag: naam for b in self.besluiten for dag, naam in b.dagen.items()}

    @property
    def bekend_tot(self) -> date | None:
        """The last day the published besluiten cover (31 December of their last year)."""
        jaren = [b.tot_en_met for b in self.besluiten]
        return date(max(jaren), 12, 31) if jaren else None

    def samenvatting(self, vandaag: date) -> str:
        """One Dutch line for the about box: how far the days are known, and the warning."""
        tot = self.bekend_tot
        regel = (
            f"Gelijkgestelde dagen (Atw art. 3 lid 3) bekend tot en met {tot.year} "
            "(Extra ▸ Termijnkalender)."
            if tot
            else "Geen gelijkgestelde dagen (Atw art. 3 lid 3) bekend."
        )
        melding = self.waarschuwing(vandaag)
        return f"{regel}\n{melding}" if melding else regel

    def waarschuwing(self, vandaag: date) -> str | None:
        """A Dutch warning when the known days end within a year of ``vandaag``."""
        tot = self.bekend_tot
        if tot is not None and plus_maanden(vandaag, 12) <= tot:
            return None
        wanneer = f"tot en met {tot.year}" if tot else "voor geen enkel jaar"
        return (
            f"De met feestdagen gelijkgestelde dagen (Atw art. 3 lid 3) zijn bekend {wanneer}. "
            "Vraag de beheerder het nieuwe Besluit gelijkstelling toe te voegen als bestand in de "
            f"map {GELIJKSTELLING_MAP.name}; tot dan kunnen wettelijke termijnen te vroeg eindigen."
        )


def _besluit(ruw: Any, waar: str) -> Gelijkstellingsbesluit:
    if not isinstance(ruw, dict):
        raise GelijkstellingFout(f"{waar}: een besluit heeft titel, bron, tot_en_met en dagen.")
    onbekend = set(ruw) - {"titel", "bron", "geverifieerd", "tot_en_met", "dagen"}
    if onbekend:
        raise GelijkstellingFout(f"{waar}: onbekende sleutel '{sorted(onbekend)[0]}'.")
    for sleutel in ("titel", "bron"):
        if not str(ruw.get(sleutel) or "").strip():
            raise GelijkstellingFout(f"{waar}: '{sleutel}' ontbreekt.")
    tot = ruw.get("tot_en_met")
    dagen = ruw.get("dagen")
    if not isinstance(tot, int) or isinstance(tot, bool):
        raise GelijkstellingFout(f"{waar}: 'tot_en_met' moet een jaartal zijn.")
    if dagen is None:
        dagen = {}  # a besluit whose days could not be verified lists none (and says so)
    if not isinstance(dagen, dict) or not all(isinstance(d, date) for d in dagen):
        raise GelijkstellingFout(f"{waar}: 'dagen' moet datums (JJJJ-MM-DD) met een naam bevatten.")
    if any(d.year > tot for d in dagen):
        raise GelijkstellingFout(f"{waar}: een dag ligt na 'tot_en_met' ({tot}).")
    return Gelijkstellingsbesluit(
        titel=" ".join(str(ruw["titel"]).split()),
        bron=str(ruw["bron"]),
        geverifieerd=" ".join(str(ruw.get("geverifieerd") or "").split()),
        tot_en_met=tot,
        dagen={d: str(naam) for d, naam in sorted(dagen.items())},
    )


def lees_besluit(pad: Path) -> Gelijkstellingsbesluit:
    """Read one Besluit gelijkstelling; bad content gets a Dutch message naming the file."""
    try:
        ruw = lees_yaml(pad.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GelijkstellingFout(f"{pad.name} kan niet worden gelezen.") from exc
    return _besluit(ruw, pad.name)


def lees_gelijkstellingen(map_: Path) -> Gelijkstellingen:
    """Every Besluit gelijkstelling in ``map_`` (one ``*.yaml`` file each), by period."""
    besluiten = sorted((lees_besluit(p) for p in map_.glob("*.yaml")), key=lambda b: b.tot_en_met)
    return Gelijkstellingen(tuple(besluiten))


@cache
def gelijkstellingen() -> Gelijkstellingen:
    """The gelijkgestelde dagen the app uses (read once from the packaged folder)."""
    return lees_gelijkstellingen(GELIJKSTELLING_MAP)


@lru_cache(maxsize=64)
def feestdagen(jaar: int) -> dict[date, str]:
    """Algemeen erkende feestdagen of ``jaar`` in the sense of the Atw (see module doc)."""
    import holidays  # here, not at start-up: the first screen counts no termijn

    nl = holidays.country_holidays("NL", years=jaar, language="nl")
    dagen = {dag: str(naam) for dag, naam in nl.items()}
    dagen.setdefault(date(jaar, 5, 5), BEVRIJDINGSDAG)
    for dag, naam in gelijkstellingen().dagen.items():
        if dag.year == jaar:
            dagen.setdefault(dag, f"{naam} (gelijkgesteld, Atw art. 3 lid 3)")
    return dagen


def is_feestdag(dag: date) -> bool:
    return dag in feestdagen(dag.year)


def is_werkdag(dag: date) -> bool:
    return dag.weekday() < 5 and not is_feestdag(dag)


def volgende_werkdag(dag: date) -> date:
    """``dag`` itself when it is a werkdag, else the first werkdag after it (Atw art. 1)."""
    while not is_werkdag(dag):
        dag += timedelta(days=1)
    return dag


def plus_maanden(dag: date, maanden: int) -> date:
    index = dag.month - 1 + maanden
    jaar, maand = dag.year + index // 12, index % 12 + 1
    volgende = date(jaar + (maand == 12), maand % 12 + 1, 1)
    laatste = (volgende - timedelta(days=1)).day
    return date(jaar, maand, min(dag.day, laatste))


def plus_werkdagen(dag: date, aantal: int) -> date:
    while aantal > 0:
        dag += timedelta(days=1)
        if is_werkdag(dag):
            aantal -= 1
    return dag


def kale_einddatum(start: date, duur: Termijnduur) -> date:
    """The end date before the Atw shift."""
    match duur.eenheid:
        case Eenheid.DAGEN:
            return start + timedelta(days=duur.aantal)
        case Eenheid.WEKEN:
            return start + timedelta(weeks=duur.aantal)
        case Eenheid.MAANDEN:
            return plus_maanden(start, duur.aantal)
        case Eenheid.WERKDAGEN:
            return plus_werkdagen(start, duur.aantal)
        case Eenheid.UREN:
            return start + timedelta(days=-(-duur.aantal // 24))


def werkdagen_in(start: date, einde: date) -> int:
    """Werkdagen in the termijn from ``start`` (not counted) to ``einde`` (counted)."""
    return sum(is_werkdag(start + timedelta(days=i)) for i in range(1, (einde - start).days + 1))


def pas_atw_toe(einde: date, wettelijk: bool, start: date | None = None) -> date:
    """Atw art. 1 on a statutory termijn's end and, when its ``start`` is known, art. 2."""
    if not wettelijk:
        return einde
    art2 = start is not None and (einde - start).days >= ART2_MINIMUM_DAGEN
    einde = volgende_werkdag(einde)
    while art2 and start is not None and werkdagen_in(start, einde) < ART2_WERKDAGEN:
        einde = volgende_werkdag(einde + timedelta(days=1))
    return einde


def einddatum(start: date, duur: Termijnduur) -> date:
    """The date a termijn of ``duur`` that starts on ``start`` ends (Atw when statutory)."""
    return pas_atw_toe(kale_einddatum(start, duur), duur.wettelijk, atw_start(start, duur))


def atw_start(start: date, duur: Termijnduur) -> date | None:
    """The start art. 2 counts from: calendar termijnen only (hours and werkdagen not)."""
    return None if duur.eenheid in (Eenheid.UREN, Eenheid.WERKDAGEN) else start


def eindtijd(start: datetime, uren: int) -> datetime:
    """The moment ``uren`` hours of elapsed time after ``start`` (a timezone-aware moment)."""
    if start.tzinfo is None:
        raise ValueError("Een termijn in uren heeft een tijdstip met tijdzone nodig.")
    # Python adds wall-clock time within one zone; elapsed time is counted in UTC.
    return (start.astimezone(UTC) + timedelta(hours=uren)).astimezone(start.tzinfo)


@dataclass(frozen=True)
class Hervatting:
    """The outcome of resuming a suspended termijn."""

    opgeschorte_dagen: int
    kale_einddatum: date
    einddatum: date


def hervat(
    kaal: date,
    opgeschort_sinds: date,
    hervat_op: date,
    wettelijk: bool,
    start: date | None = None,
) -> Hervatting:
    """Move a termijn by the calendar days it was suspended (``kaal`` is before the Atw;
    ``start``, when known, moves along so art. 2 still counts the termijn's own days)."""
    if hervat_op < opgeschort_sinds:
        raise ValueError("De hervatting ligt vóór het begin van de opschorting.")
    dagen = (hervat_op - opgeschort_sinds).days
    nieuw = kaal + timedelta(days=dagen)
    verschoven = start + timedelta(days=dagen) if start is not None else None
    return Hervatting(dagen, nieuw, pas_atw_toe(nieuw, wettelijk, verschoven))


def verleng(kaal: date, duur: Termijnduur) -> date:
    """Extend a termijn by ``duur`` counted from its current (un-shifted) end."""
    return einddatum(kaal, duur)
