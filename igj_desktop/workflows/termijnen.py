"""Termijnen: deadline arithmetic in calendar days, weeks, months, werkdagen and hours.

Rules implemented (and why):

* A termijn of N dagen/weken/maanden starting on date S ends on S + N (the day of the event
  itself does not count, as in Awb art. 6:8: the termijn starts the day after). Months are
  calendar months; a day that does not exist in the target month clamps to its last day
  (31 januari + 1 maand = 28 of 29 februari).
* Statutory termijnen (``wettelijk``) follow the Algemene termijnenwet (Atw): a termijn
  that ends on a Saturday, Sunday or an *algemeen erkende feestdag* is extended to the next
  day that is none of these (art. 1). Art. 3 lid 1 lists Nieuwjaarsdag, tweede Paasdag,
  Hemelvaartsdag, tweede Pinksterdag, beide Kerstdagen, Koningsdag and **5 mei** (every
  year, not only in lustrum years); the Besluit ex art. 3 lid 2 Atw adds Goede Vrijdag. We
  take the Dutch public holidays of the ``holidays`` package (which include Goede Vrijdag
  and Koningsdag, with its Sunday shift) and add 5 mei every year. Easter and Whit Sunday
  are Sundays anyway.
* Werkdagen skip Saturdays, Sundays and the same feestdagen; the start day does not count.
* Hours are elapsed time (48 uur = 48 × 3600 seconds) on timezone-aware datetimes, so a
  DST change moves the wall-clock time, not the length. Date termijnen ignore DST.
* Opschorting: the termijn moves by the number of calendar days it was suspended
  (resumption day minus suspension day), then the Atw applies again to the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

BEVRIJDINGSDAG = "Bevrijdingsdag (Atw art. 3)"


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


@lru_cache(maxsize=64)
def feestdagen(jaar: int) -> dict[date, str]:
    """Algemeen erkende feestdagen of ``jaar`` in the sense of the Atw (see module doc)."""
    dagen = {dag: str(naam) for dag, naam in holidays.country_holidays("NL", years=jaar).items()}
    dagen.setdefault(date(jaar, 5, 5), BEVRIJDINGSDAG)
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


def pas_atw_toe(einde: date, wettelijk: bool) -> date:
    return volgende_werkdag(einde) if wettelijk else einde


def einddatum(start: date, duur: Termijnduur) -> date:
    """The date a termijn of ``duur`` that starts on ``start`` ends (Atw when statutory)."""
    return pas_atw_toe(kale_einddatum(start, duur), duur.wettelijk)


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


def hervat(kaal: date, opgeschort_sinds: date, hervat_op: date, wettelijk: bool) -> Hervatting:
    """Move a termijn by the calendar days it was suspended (``kaal`` is before the Atw)."""
    if hervat_op < opgeschort_sinds:
        raise ValueError("De hervatting ligt vóór het begin van de opschorting.")
    dagen = (hervat_op - opgeschort_sinds).days
    nieuw = kaal + timedelta(days=dagen)
    return Hervatting(dagen, nieuw, pas_atw_toe(nieuw, wettelijk))


def verleng(kaal: date, duur: Termijnduur) -> date:
    """Extend a termijn by ``duur`` counted from its current (un-shifted) end."""
    return einddatum(kaal, duur)
