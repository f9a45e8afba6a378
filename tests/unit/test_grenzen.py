"""Every numeric rule at its boundary and one past it, and the constants the rules name pinned.

A rule like "hooguit 200 woorden" is only tested when 200 passes and 201 is refused: a test
far from the limit lets ``>`` become ``>=`` (or 200 become 100) unnoticed. The constants are
pinned to the numbers of the seeds, so a test that patches one (to stay fast) still fails
when the real value changes.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from igj_desktop.services import outbox
from igj_desktop.services.documenten import pdf as documenten_pdf
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers import koppelingen, relaties, zoeken
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.offline import sync
from igj_desktop.services.workflows import werkvoorraad
from igj_desktop.workflows import regels
from igj_desktop.workflows.bewaartermijn import bereken_bewaartermijn
from igj_desktop.workflows.regels import RegelContext, controleer, tel_woorden
from igj_desktop.workflows.termijnen import (
    Eenheid,
    Termijnduur,
    einddatum,
    hervat,
    kale_einddatum,
    plus_maanden,
)

VANDAAG = date(2027, 1, 4)


def test_the_numbers_of_the_seeds_are_pinned() -> None:
    assert regels.MAX_WOORDEN_REACTIE == 200
    assert regels.PUBLICATIE_JAREN == 5
    assert Termijnduur(2, Eenheid.WEKEN, wettelijk=True) == regels.WACHTTIJD_PUBLICATIE
    assert regels.LOOB_TUCHT_WEKEN == 8
    assert zoeken.TELLEN_TOT == 1000  # "tellen tot 1.000"
    assert zoeken.MAX_LIMIT == 500
    assert dossiers.TITEL_MAX == 300
    assert koppelingen.URL_MAX == 2000 and koppelingen.OMSCHRIJVING_MAX == 300
    assert relaties.VERZOEK_TERMIJN_DAGEN == 7
    assert documenten_pdf.WERKVOORRAAD_PAPIER_MAX == 5000
    assert sync.BATCH_CHANGES == 250
    assert (timedelta(seconds=30), timedelta(hours=1)) == (outbox.FIRST_DELAY, outbox.MAX_DELAY)
    default_limit = werkvoorraad.list_werkvoorraad.__defaults__
    assert default_limit is not None and default_limit[-1] == 500


# --- openbaarmaking (seed 003) ----------------------------------------------------------------


def _reactie(woorden: int) -> RegelContext:
    tekst = " ".join(["woord"] * (woorden - 3)) + " [weggelakt: 3 woorden]"
    return RegelContext("akkoord", {"reactie_aanbieder": tekst}, VANDAAG)


def test_reactie_of_exactly_200_words_may_be_published_201_not() -> None:
    assert tel_woorden(_reactie(200).gegevens["reactie_aanbieder"]) == 200
    assert controleer(("reactie_aanbieder",), _reactie(200)) == []
    [melding] = controleer(("reactie_aanbieder",), _reactie(201))
    assert "201 woorden" in melding and "hooguit 200" in melding


def test_one_word_and_a_bare_redaction_count_one() -> None:
    assert tel_woorden("Akkoord.") == 1
    assert tel_woorden("[weggelakt]") == 1
    assert tel_woorden("[weggelakt: 1 woord]") == 1
    assert tel_woorden("") == 0


def test_loob_tuchtklacht_on_the_last_day_of_eight_weeks_not_the_day_after() -> None:
    laatste = VANDAAG + timedelta(weeks=8)
    op_tijd = RegelContext("opgelegd", {"tuchtklacht_voorzien_op": laatste.isoformat()}, VANDAAG)
    assert controleer(("loob_tuchtklacht",), op_tijd) == []
    dag_later = (laatste + timedelta(days=1)).isoformat()
    te_laat = RegelContext("opgelegd", {"tuchtklacht_voorzien_op": dag_later}, VANDAAG)
    assert "uiterlijk 01-03-2027" in controleer(("loob_tuchtklacht",), te_laat)[0]


def test_publication_waits_exactly_two_weeks_and_stays_exactly_five_years() -> None:
    # Monday 11 January 2027 + 2 weeks = Monday 25 January, a werkdag: no Atw shift
    assert regels.vroegste_publicatie(date(2027, 1, 11), False) == date(2027, 1, 25)
    assert regels.publicatie_tot(date(2027, 1, 25)) == date(2032, 1, 25)


# --- bewaartermijn ----------------------------------------------------------------------------


def test_a_workflow_rule_equal_to_the_type_term_does_not_win_one_year_more_does() -> None:
    gelijk = bereken_bewaartermijn("Risicotoezicht", 10, {"bezwaar": 10}, ["bezwaar"], VANDAAG)
    assert (gelijk.jaren, gelijk.tot) == (10, date(2037, 1, 4))
    assert "Langste regel: dossiertype Risicotoezicht (10 jaar)" in gelijk.toelichting
    langer = bereken_bewaartermijn("Risicotoezicht", 10, {"bezwaar": 11}, ["bezwaar"], VANDAAG)
    assert (langer.jaren, langer.tot) == (11, date(2038, 1, 4))
    assert "Langste regel: afgeronde workflow Bezwaar (11 jaar)" in langer.toelichting


def test_a_rule_of_a_workflow_no_longer_in_the_catalog_still_counts_by_its_code() -> None:
    r = bereken_bewaartermijn("Risicotoezicht", 10, {"oud_proces": 30}, ["oud_proces"], VANDAAG)
    assert (r.jaren, r.tot) == (30, date(2057, 1, 4))
    assert "Langste regel: afgeronde workflow oud_proces (30 jaar)" in r.toelichting


# --- termijnen --------------------------------------------------------------------------------


@pytest.mark.parametrize(("uren", "dagen"), [(0, 0), (1, 1), (24, 1), (25, 2), (48, 2), (49, 3)])
def test_an_hours_termijn_ends_on_the_day_its_last_hour_falls(uren: int, dagen: int) -> None:
    assert kale_einddatum(VANDAAG, Termijnduur(uren, Eenheid.UREN)) == VANDAAG + timedelta(dagen)


@pytest.mark.parametrize(
    ("eenheid", "aantal", "einde"),
    [
        (Eenheid.DAGEN, 1, date(2027, 1, 5)),
        (Eenheid.WEKEN, 1, date(2027, 1, 11)),
        (Eenheid.MAANDEN, 1, date(2027, 2, 4)),
        (Eenheid.WERKDAGEN, 1, date(2027, 1, 5)),
        (Eenheid.WERKDAGEN, 5, date(2027, 1, 11)),  # Monday + 5 werkdagen: next Monday
    ],
)
def test_the_start_day_does_not_count(eenheid: Eenheid, aantal: int, einde: date) -> None:
    assert kale_einddatum(VANDAAG, Termijnduur(aantal, eenheid)) == einde
    assert kale_einddatum(VANDAAG, Termijnduur(0, eenheid)) == VANDAAG


def test_a_termijn_of_zero_is_allowed_minus_one_is_refused() -> None:
    assert Termijnduur(0, Eenheid.DAGEN).aantal == 0
    with pytest.raises(ValueError, match=r"^Een termijn kan niet negatief zijn\.$"):
        Termijnduur(-1, Eenheid.DAGEN)


@pytest.mark.parametrize(
    ("start", "maanden", "einde"),
    [
        (date(2026, 11, 30), 1, date(2026, 12, 30)),  # into December
        (date(2026, 12, 31), 1, date(2027, 1, 31)),  # out of December
        (date(2026, 12, 31), 12, date(2027, 12, 31)),
        (date(2026, 1, 31), 11, date(2026, 12, 31)),
        (date(2026, 1, 31), 0, date(2026, 1, 31)),
    ],
)
def test_months_around_the_turn_of_the_year(start: date, maanden: int, einde: date) -> None:
    assert plus_maanden(start, maanden) == einde


def test_saturday_end_moves_one_past_the_weekend_friday_stays() -> None:
    vrijdag = Termijnduur(4, Eenheid.DAGEN, wettelijk=True)  # Monday 4 Jan + 4 = Friday 8 Jan
    assert einddatum(VANDAAG, vrijdag) == date(2027, 1, 8)
    zaterdag = Termijnduur(5, Eenheid.DAGEN, wettelijk=True)
    assert einddatum(VANDAAG, zaterdag) == date(2027, 1, 11)


def test_resuming_on_the_day_of_suspension_moves_nothing_the_day_before_is_refused() -> None:
    zelfde = hervat(date(2027, 1, 20), VANDAAG, VANDAAG, wettelijk=False)
    assert (zelfde.opgeschorte_dagen, zelfde.einddatum) == (0, date(2027, 1, 20))
    een = hervat(date(2027, 1, 20), VANDAAG, VANDAAG + timedelta(days=1), wettelijk=False)
    assert (een.opgeschorte_dagen, een.einddatum) == (1, date(2027, 1, 21))
    with pytest.raises(
        ValueError, match=r"^De hervatting ligt vóór het begin van de opschorting\.$"
    ):
        hervat(date(2027, 1, 20), VANDAAG, VANDAAG - timedelta(days=1), wettelijk=False)


@pytest.mark.parametrize(("aantal", "tekst"), [(0, "0 dagen"), (1, "1 dag"), (2, "2 dagen")])
def test_omschrijving_singular_only_for_one(aantal: int, tekst: str) -> None:
    assert Termijnduur(aantal, Eenheid.DAGEN).omschrijving() == tekst


# --- outbox backoff ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pogingen", "seconden"),
    [(0, 30), (1, 30), (2, 60), (3, 120), (7, 1920), (8, 3600), (30, 3600)],
)
def test_backoff_doubles_from_30_seconds_up_to_an_hour(pogingen: int, seconden: int) -> None:
    assert outbox.backoff(pogingen) == timedelta(seconds=seconden)


def test_backoff_never_shorter_than_the_server_asked() -> None:
    assert outbox.backoff(1, hint=29) == timedelta(seconds=30)
    assert outbox.backoff(1, hint=31) == timedelta(seconds=31)
    assert outbox.backoff(8, hint=7200) == timedelta(hours=2)


# --- page sizes and lengths (pure checks) -----------------------------------------------------


def test_url_of_2000_characters_is_accepted_2001_refused() -> None:
    begin = "https://wpm.igj.nl/"
    assert koppelingen.check_url(begin + "a" * (2000 - len(begin))) == begin + "a" * 1981
    with pytest.raises(ValidationFailed, match="te lang"):
        koppelingen.check_url(begin + "a" * (2001 - len(begin)))
