"""Bewaartermijn: type years, raised by completed workflows; the longest rule wins."""

from __future__ import annotations

from datetime import date

from igj_desktop.workflows.bewaartermijn import bereken_bewaartermijn, dossiertypes

TYPES = {t.code: t for t in dossiertypes()}


def test_catalog_has_the_seven_dossiertypes_with_workflows_and_sjablonen() -> None:
    assert {
        "thematisch_toezicht", "risicotoezicht", "incidenttoezicht", "netwerkzorgmelding",
        "handhaving", "tuchtzaak", "bezwaar_beroep",
    } <= set(TYPES)  # fmt: skip
    assert "lod" in TYPES["handhaving"].workflows
    assert "Conceptrapport" in TYPES["thematisch_toezicht"].sjablonen


def test_type_term_when_no_workflow_demands_more() -> None:
    t = TYPES["thematisch_toezicht"]
    r = bereken_bewaartermijn(
        t.naam, t.bewaartermijn_jaren, t.bewaarregels, ["rapport"], date(2027, 3, 1)
    )
    assert (r.jaren, r.tot, r.brondatum) == (10, date(2037, 3, 1), date(2027, 3, 1))
    assert "dossiertype Thematisch toezicht (10 jaar)" in r.toelichting
    assert "brondatum 01-03-2027 (datum van afsluiten)" in r.toelichting


def test_completed_bezwaar_gives_a_longer_term() -> None:
    t = TYPES["thematisch_toezicht"]
    r = bereken_bewaartermijn(
        t.naam, t.bewaartermijn_jaren, t.bewaarregels, ["rapport", "bezwaar"], date(2027, 3, 1)
    )
    assert (r.jaren, r.tot) == (20, date(2047, 3, 1))
    assert "afgeronde workflow Bezwaar (20 jaar)" in r.toelichting


def test_longest_rule_wins_and_leap_day_clamps() -> None:
    t = TYPES["bezwaar_beroep"]
    r = bereken_bewaartermijn(
        t.naam,
        t.bewaartermijn_jaren,
        t.bewaarregels,
        ["bezwaar", "hoger_beroep"],
        date(2028, 2, 29),
    )
    assert (r.jaren, r.tot) == (25, date(2053, 2, 28))
    assert "Hoger beroep (25 jaar)" in r.toelichting
