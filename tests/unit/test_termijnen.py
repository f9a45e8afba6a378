"""Termijnen with real dates: Atw, werkdagen over Christmas, month ends, hours across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from igj_desktop.workflows.termijnen import (
    Eenheid,
    GelijkstellingFout,
    Termijnduur,
    einddatum,
    eindtijd,
    feestdagen,
    gelijkstellingen,
    hervat,
    is_werkdag,
    kale_einddatum,
    lees_gelijkstellingen,
    verleng,
    werkdagen_in,
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
    # Ends Wed 5 May 2027 (art. 3 lid 1), Thu 6 May is Hemelvaartsdag, Fri 7 May is
    # gelijkgesteld by the Besluit gelijkstelling 2026-2028 (art. 3 lid 3), then the weekend:
    # art. 1 extends it to Monday 10 May.
    assert einddatum(date(2027, 4, 21), Termijnduur(14, Eenheid.DAGEN, True)) == date(2027, 5, 10)


def test_goede_vrijdag_is_an_atw_feestdag_by_art_3_lid_2() -> None:
    assert not is_werkdag(date(2027, 3, 26))


@pytest.mark.parametrize(
    "dag",
    [
        date(2023, 4, 28),  # Besluit gelijkstelling 2023-2025: vrijdag na Koningsdag
        date(2023, 5, 19),
        date(2024, 5, 10),
        date(2024, 12, 27),
        date(2025, 5, 30),
        date(2026, 1, 2),  # Besluit gelijkstelling 2026-2028: vrijdag na Nieuwjaarsdag
        date(2026, 5, 15),
        date(2027, 5, 7),
        date(2028, 4, 28),
        date(2028, 5, 26),
    ],
)
def test_gelijkgestelde_dagen_of_the_published_besluiten_are_no_werkdag(dag: date) -> None:
    assert dag.weekday() == 4  # all Fridays after a Thursday holiday
    assert "gelijkgesteld" in feestdagen(dag.year)[dag]
    assert not is_werkdag(dag)


def test_art_1_termijn_ending_on_a_gelijkgestelde_dag_moves_past_the_weekend() -> None:
    # 6 weeks from Fri 3 April 2026 end Fri 15 May 2026, gelijkgesteld (after Hemelvaart)
    assert einddatum(date(2026, 4, 3), Termijnduur(6, Eenheid.WEKEN, True)) == date(2026, 5, 18)
    assert einddatum(date(2026, 4, 3), Termijnduur(6, Eenheid.WEKEN)) == date(2026, 5, 15)


def test_art_1_gelijkgestelde_dag_after_nieuwjaarsdag_2026() -> None:
    # 2 weeks from Fri 19 December 2025 end Fri 2 January 2026 -> Monday 5 January
    assert einddatum(date(2025, 12, 19), Termijnduur(2, Eenheid.WEKEN, True)) == date(2026, 1, 5)


def test_art_2_three_day_termijn_over_hemelvaart_2027_holds_two_werkdagen() -> None:
    # From Wed 5 May 2027: Thu 6 (Hemelvaart), Fri 7 (gelijkgesteld), Sat 8: art. 1 gives
    # Mon 10 May, the termijn's only werkdag; art. 2 extends it to Tue 11 May.
    duur = Termijnduur(3, Eenheid.DAGEN, True)
    assert werkdagen_in(date(2027, 5, 5), date(2027, 5, 10)) == 1
    assert einddatum(date(2027, 5, 5), duur) == date(2027, 5, 11)


def test_art_2_three_days_from_thursday_needs_no_more_than_art_1() -> None:
    # From Thu 10 Dec 2026: Fri 11, Sat 12, Sun 13 -> art. 1: Mon 14; Fri and Mon = 2 werkdagen
    assert einddatum(date(2026, 12, 10), Termijnduur(3, Eenheid.DAGEN, True)) == date(2026, 12, 14)


def test_art_2_three_days_over_christmas_2026() -> None:
    # From Wed 23 Dec 2026: Thu 24 (werkdag), Fri 25, Sat 26 -> art. 1: Mon 28, 2 werkdagen
    assert einddatum(date(2026, 12, 23), Termijnduur(3, Eenheid.DAGEN, True)) == date(2026, 12, 28)
    # From Thu 24 Dec 2026: Fri 25, Sat 26, Sun 27 -> Mon 28 is the only werkdag -> Tue 29
    assert einddatum(date(2026, 12, 24), Termijnduur(3, Eenheid.DAGEN, True)) == date(2026, 12, 29)


def test_art_2_does_not_apply_to_a_termijn_under_three_days() -> None:
    # 2 days from Thu 24 Dec 2026: Sat 26 -> art. 1 only: Mon 28 December
    assert einddatum(date(2026, 12, 24), Termijnduur(2, Eenheid.DAGEN, True)) == date(2026, 12, 28)


def test_art_2_does_not_apply_to_non_statutory_termijnen() -> None:
    assert einddatum(date(2027, 5, 5), Termijnduur(3, Eenheid.DAGEN)) == date(2027, 5, 8)


def test_the_packaged_besluiten_carry_their_source_and_end_year() -> None:
    besluiten = gelijkstellingen().besluiten
    assert all(b.bron and b.titel and b.geverifieerd for b in besluiten)
    assert [b.tot_en_met for b in besluiten] == [2019, 2022, 2025, 2028]
    assert besluiten[1].dagen == {} and "Niet geverifieerd" in besluiten[1].geverifieerd
    assert date(2027, 5, 7) in besluiten[-1].dagen
    assert gelijkstellingen().bekend_tot == date(2028, 12, 31)


def test_warning_when_the_gelijkgestelde_dagen_end_within_a_year() -> None:
    assert gelijkstellingen().waarschuwing(date(2027, 12, 31)) is None
    melding = gelijkstellingen().waarschuwing(date(2028, 1, 2))
    assert melding is not None and "tot en met 2028" in melding
    assert "map gelijkstelling" in melding


NIEUW_BESLUIT = """titel: Besluit gelijkstelling (proef)
bron: Stcrt. proef
geverifieerd: proef
tot_en_met: 2031
dagen:
  2029-05-11: vrijdag na Hemelvaartsdag
"""


def test_a_new_besluit_is_a_new_file_in_the_folder(tmp_path: Path) -> None:
    (tmp_path / "2029-2031.yaml").write_text(NIEUW_BESLUIT, encoding="utf-8")
    (tmp_path / "2026-2028.yaml").write_text(
        NIEUW_BESLUIT.replace("2031", "2028").replace("2029-05-11", "2027-05-07"), "utf-8"
    )
    gelezen = lees_gelijkstellingen(tmp_path)
    assert [b.tot_en_met for b in gelezen.besluiten] == [2028, 2031]
    assert gelezen.dagen[date(2029, 5, 11)] == "vrijdag na Hemelvaartsdag"
    assert gelezen.bekend_tot == date(2031, 12, 31)
    assert lees_gelijkstellingen(tmp_path / "leeg").waarschuwing(date(2027, 1, 1)) is not None


@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        ("- een lijst\n", "een besluit heeft titel, bron, tot_en_met en dagen"),
        (NIEUW_BESLUIT + "datum: 1\n", "2029-2031.yaml: onbekende sleutel 'datum'"),
        (NIEUW_BESLUIT.replace("bron: Stcrt. proef", "bron: ''"), "'bron' ontbreekt"),
        (NIEUW_BESLUIT.replace("2029-05-11", "morgen"), "datums (JJJJ-MM-DD)"),
        (NIEUW_BESLUIT.replace("2031", "2028"), "na 'tot_en_met' (2028)"),
        ("titel: [\n", "kan niet worden gelezen"),
    ],
)
def test_a_malformed_besluit_gets_a_dutch_message_naming_its_file(
    tmp_path: Path, inhoud: str, melding: str
) -> None:
    (tmp_path / "2029-2031.yaml").write_text(inhoud, encoding="utf-8")
    with pytest.raises(GelijkstellingFout) as fout:
        lees_gelijkstellingen(tmp_path)
    assert melding in fout.value.message
    assert "2029-2031.yaml" in fout.value.message


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
    assert (einde.tzinfo, einde.hour) == (AMS, 11)  # in the zone it started in
    assert kale_einddatum(date(2027, 3, 27), Termijnduur(48, Eenheid.UREN)) == date(2027, 3, 29)


def test_hours_need_a_timezone() -> None:
    with pytest.raises(
        ValueError, match=r"^Een termijn in uren heeft een tijdstip met tijdzone nodig\.$"
    ):
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


def test_art_2_still_counts_the_termijns_own_days_after_a_suspension() -> None:
    # 3 days from Mon 3 May 2027 (kaal Thu 6 May), suspended 4 -> 6 May: the termijn now runs
    # from Wed 5 May to Sat 8 May; art. 1 gives Mon 10 May, its only werkdag; art. 2: Tue 11.
    result = hervat(
        date(2027, 5, 6), date(2027, 5, 4), date(2027, 5, 6), wettelijk=True, start=date(2027, 5, 3)
    )
    assert (result.kale_einddatum, result.einddatum) == (date(2027, 5, 8), date(2027, 5, 11))
    zonder_start = hervat(date(2027, 5, 6), date(2027, 5, 4), date(2027, 5, 6), wettelijk=True)
    assert zonder_start.einddatum == date(2027, 5, 10)  # older rows: art. 1 only
