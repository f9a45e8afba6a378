"""Bewaartermijn: type years, raised by completed workflows; the longest rule wins."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from igj_desktop.workflows.bewaartermijn import (
    DOSSIERTYPES_PATH,
    bereken_bewaartermijn,
    dossiertypes,
    load_dossiertypes,
)
from igj_desktop.workflows.definitions import CatalogusFout

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


def test_the_catalog_file_is_read_field_by_field() -> None:
    """Read anew (``dossiertypes()`` is cached for the app): what the YAML says, merged."""
    types = {t.code: t for t in load_dossiertypes(DOSSIERTYPES_PATH)}
    incident, beroep = types["incidenttoezicht"], types["bezwaar_beroep"]
    assert (incident.naam, incident.bewaartermijn_jaren) == ("Incidenttoezicht / calamiteit", 15)
    assert incident.omschrijving.startswith("Melding van een calamiteit of incident")
    assert incident.workflows[:2] == ("opdrachtverkenning", "deskresearch")
    assert incident.sjablonen[0] == "Ontvangstbevestiging melding"
    # the shared workflow rules, and a type's own rule over the shared one
    assert incident.bewaarregels["verscherpt_toezicht"] == 15
    assert (incident.bewaarregels["bezwaar"], incident.bewaarregels["hoger_beroep"]) == (20, 20)
    assert (beroep.bewaarregels["hoger_beroep"], beroep.bewaarregels["bezwaar"]) == (25, 20)
    assert types == TYPES


def test_a_dossiertype_naming_an_unknown_workflow_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load(DOSSIERTYPES_PATH.read_text(encoding="utf-8"))
    data["dossiertypes"][0]["workflows"].append("bestaat_niet")
    pad = tmp_path / "dossiertypes.yaml"
    pad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogusFout, match="thematisch_toezicht' noemt onbekende workflow"):
        load_dossiertypes(pad)
    data = yaml.safe_load(DOSSIERTYPES_PATH.read_text(encoding="utf-8"))
    data["workflow_regels"]["ook_niet"] = 5
    pad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogusFout, match=r"onbekende workflow\(s\): ook_niet"):
        load_dossiertypes(pad)


def test_optional_parts_of_the_catalog_may_be_left_out(tmp_path: Path) -> None:
    kaal = "  - {code: kaal, naam: Kaal, bewaartermijn_jaren: 7, workflows: [gesprek, rapport]}\n"
    fout = "  - {code: fout, naam: Fout, bewaartermijn_jaren: 7, workflows: [x_een, x_twee]}\n"
    pad = tmp_path / "dossiertypes.yaml"
    pad.write_text("dossiertypes:\n" + kaal + fout, encoding="utf-8")
    with pytest.raises(CatalogusFout, match=r"onbekende workflow\(s\): x_een, x_twee\.$"):
        load_dossiertypes(pad)
    pad.write_text("dossiertypes:\n" + kaal, encoding="utf-8")
    [definitie] = load_dossiertypes(pad)
    assert (definitie.omschrijving, definitie.sjablonen, definitie.bewaarregels) == ("", (), {})
    assert definitie.workflows == ("gesprek", "rapport")
