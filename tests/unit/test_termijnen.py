"""Termijnen with real dates: Atw, werkdagen over Christmas, month ends, hours across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from igj_desktop.workflows.termijnen import (
    Eenheid,
    Termijnduur,
    einddatum,
    eindtijd,
    feestdagen,
    hervat,
    is_werkdag,
    kale_einddatum,
    verleng,
)

AMS = ZoneInfo("Europe/Amsterdam")


def test_six_week_bezwaartermijn_ending_on_koningsdag_2027_moves_to_28_april() -> None:
    duur = Termijnduur(6, Eenheid.WEKEN, wettelijk=True)
    assert kale_einddatum(date(2027, 3, 16), duur) == date(2027, 4, 27)
    assert date(2027, 4, 27).weekday() == 1  # a Tuesday, yet a feestdag
    assert einddatum(date(2027, 3, 16), duur) == date(2027, 4, 28)


def test_non_statutory_termijn_stays_on_the_holiday() -> None:
    assert einddatum(date(2027, 3, 16), Termijnduur(6, Eenheid.WEKEN)) == date(2027, 4, 27)


def test_statutory_termijn_on_saturday_moves_to_monday() -> None:
    # 4 weken from Sat 2026-10-03 ends Sat 2026-10-31 -> Mon 2026-11-02
    assert einddatum(date(2026, 10, 3), Termijnduur(4, Eenheid.WEKEN, True)) == date(2026, 11, 2)


def test_bevrijdingsdag_counts_every_year_under_the_atw() -> None:
    assert date(2027, 5, 5) in feestdagen(2027)
    assert not is_werkdag(date(2027, 5, 5))
    # ends Wed 5 May 2027, moves to Thu 6 May = Hemelvaartsdag 2027, so to Fri 7 May
    assert einddatum(date(2027, 4, 21), Termijnduur(14, Eenheid.DAGEN, True)) == date(2027, 5, 7)


def test_goede_vrijdag_is_an_atw_feestdag() -> None:
    assert not is_werkdag(date(2027, 3, 26))


def test_ten_werkdagen_over_christmas() -> None:
    # Wed 23 Dec 2026: 24, 28, 29, 30, 31 Dec, 4, 5, 6, 7, 8 Jan (25/26 Dec and 1 Jan skipped)
    assert einddatum(date(2026, 12, 23), Termijnduur(10, Eenheid.WERKDAGEN)) == date(2027, 1, 8)


@pytest.mark.parametrize(
    ("start", "maanden", "einde"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
    ],
)
def test_month_end_arithmetic(start: date, maanden: int, einde: date) -> None:
    assert kale_einddatum(start, Termijnduur(maanden, Eenheid.MAANDEN)) == einde


def test_dst_change_does_not_touch_date_termijnen() -> None:
    # DST starts Sun 28 March 2027; a 7-day termijn is still 7 calendar days
    assert einddatum(date(2027, 3, 25), Termijnduur(7, Eenheid.DAGEN)) == date(2027, 4, 1)


def test_48_hours_for_directe_maatregel_is_elapsed_time_across_dst() -> None:
    start = datetime(2027, 3, 27, 10, 0, tzinfo=AMS)
    einde = eindtijd(start, 48)
    assert einde.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=48)
    assert einde.astimezone(AMS) == datetime(2027, 3, 29, 11, 0, tzinfo=AMS)  # clock moved
    assert kale_einddatum(date(2027, 3, 27), Termijnduur(48, Eenheid.UREN)) == date(2027, 3, 29)


def test_hours_need_a_timezone() -> None:
    with pytest.raises(ValueError, match="tijdzone"):
        eindtijd(datetime(2027, 3, 27, 10, 0), 48)


def test_suspension_moves_the_termijn_by_the_days_suspended() -> None:
    # 6 weeks from 1 March 2027 = 12 April; suspended 10 days -> 22 April (Thu)
    result = hervat(date(2027, 4, 12), date(2027, 3, 20), date(2027, 3, 30), wettelijk=True)
    assert result.opgeschorte_dagen == 10
    assert result.einddatum == date(2027, 4, 22)


def test_resumption_landing_on_koningsdag_applies_the_atw_again() -> None:
    result = hervat(date(2027, 4, 20), date(2027, 4, 1), date(2027, 4, 8), wettelijk=True)
    assert result.kale_einddatum == date(2027, 4, 27)
    assert result.einddatum == date(2027, 4, 28)


def test_resumption_before_suspension_is_refused() -> None:
    with pytest.raises(ValueError, match="vóór"):
        hervat(date(2027, 4, 20), date(2027, 4, 8), date(2027, 4, 1), wettelijk=False)


def test_extension_of_a_bevel_by_seven_days() -> None:
    assert verleng(date(2027, 4, 20), Termijnduur(7, Eenheid.DAGEN, True)) == date(2027, 4, 28)


def test_negative_termijn_is_refused() -> None:
    with pytest.raises(ValueError, match="negatief"):
        Termijnduur(-1, Eenheid.DAGEN)


def test_omschrijving_is_dutch() -> None:
    assert Termijnduur(1, Eenheid.WEKEN).omschrijving() == "1 week"
    assert Termijnduur(6, Eenheid.WEKEN, True).omschrijving() == "6 weken (wettelijk)"
