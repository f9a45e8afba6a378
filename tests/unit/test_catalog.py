"""The workflow catalog: every definition loads and validates; broken ones are refused."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from igj_desktop.workflows.definitions import (
    CATALOG_DIR,
    CatalogusFout,
    StartWijze,
    load_catalogus,
)
from igj_desktop.workflows.regels import (
    RegelContext,
    controleer,
    publicatie_tot,
    tel_woorden,
    vroegste_publicatie,
)
from igj_desktop.workflows.termijnen import Eenheid

ALLE = {
    "opdrachtverkenning", "plan_van_aanpak", "deskresearch", "toetsingsinstrument",
    "vragenlijst", "inspectiebezoek", "bijeenkomst", "gesprek", "inspectiebevindingen",
    "rapport", "openbaarmaking", "aanspreken", "verbeterplan", "directe_maatregel",
    "bestuursgesprek", "verscherpt_toezicht", "aanwijzing", "bevel", "lod", "lob",
    "bestuurlijke_boete", "loob", "bezwaar", "voorlopige_voorziening", "beroep",
    "hoger_beroep", "herziening", "tuchtzaak", "review", "termijnbewaking",
    "telefoonnotitie", "bulk_activiteiten",
}  # fmt: skip


def test_whole_catalog_validates_and_covers_every_workflow_of_seed_000() -> None:
    catalogus = load_catalogus()
    assert set(catalogus.workflows) == ALLE
    for definitie in catalogus:
        assert definitie.versie >= 1
        assert definitie.start_activiteiten
        assert all(e.reden_verplicht for e in definitie.eindes)


def test_lod_follows_the_27_step_chart() -> None:
    lod = load_catalogus().workflows["lod"]
    stappen = {a.stap for a in lod.activiteiten}
    verwacht = {"2", "3", "5", "8", "11", "11a", "11b", "12a", "12b", "13", "16", "17", "19"}
    assert verwacht | {"24", "26"} <= stappen
    assert lod.activiteit("zienswijze_termijn").termijn.duur.wettelijk  # type: ignore[union-attr]
    assert lod.activiteit("bezwaar_registreren").start == StartWijze.HANDMATIG  # type: ignore[union-attr]


def test_report_deadlines_differ_for_jeugdhulp() -> None:
    rapport = load_catalogus().workflows["rapport"]
    concept = rapport.activiteit("concept_opstellen").termijn  # type: ignore[union-attr]
    reactie = rapport.activiteit("reactie_bewaken").termijn  # type: ignore[union-attr]
    assert (concept.voor_sector("GGZ").aantal, concept.voor_sector("GGZ").eenheid) == (
        1,
        Eenheid.MAANDEN,
    )
    assert (concept.voor_sector("Jeugdhulp").aantal, concept.voor_sector("Jeugdhulp").eenheid) == (
        6,
        Eenheid.WEKEN,
    )
    assert reactie.voor_sector("Jeugdhulp").eenheid == Eenheid.WERKDAGEN


def test_directe_maatregel_is_48_hours() -> None:
    controle = load_catalogus().workflows["directe_maatregel"].activiteit("controle_48_uur")
    assert controle.termijn.duur.aantal == 48  # type: ignore[union-attr]
    assert controle.termijn.duur.eenheid == Eenheid.UREN  # type: ignore[union-attr]


def _broken(tmp_path: Path, wijzig: Any) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    for path in CATALOG_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["code"] == "gesprek":
            data = copy.deepcopy(data)
            wijzig(data)
        (folder / path.name).write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return folder


def _activiteit(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(a for a in data["activiteiten"] if a["code"] == code)


def test_unknown_activity_is_refused_with_a_message(tmp_path: Path) -> None:
    def wijzig(d: dict[str, Any]) -> None:
        _activiteit(d, "plannen")["uitkomsten"][0]["start"] = ["bestaat_niet"]

    with pytest.raises(CatalogusFout) as exc:
        load_catalogus(_broken(tmp_path, wijzig))
    assert (
        "Workflow 'gesprek', activiteit 'plannen', uitkomst 'gepland': onbekende activiteit "
        "'bestaat_niet'." in exc.value.message
    )


def test_outcome_leading_nowhere_is_refused(tmp_path: Path) -> None:
    def wijzig(d: dict[str, Any]) -> None:
        _activiteit(d, "voeren")["uitkomsten"].append({"code": "mislukt", "naam": "Mislukt"})

    with pytest.raises(CatalogusFout, match="uitkomst 'mislukt': leidt nergens heen"):
        load_catalogus(_broken(tmp_path, wijzig))


def test_unreachable_end_is_refused(tmp_path: Path) -> None:
    def wijzig(d: dict[str, Any]) -> None:
        _activiteit(d, "verslag")["uitkomsten"] = [
            {"code": "opnieuw", "naam": "Opnieuw", "start": ["plannen"]}
        ]

    with pytest.raises(CatalogusFout) as exc:
        load_catalogus(_broken(tmp_path, wijzig))
    assert "Workflow 'gesprek': het einde is vanaf de start onbereikbaar." in exc.value.message


def test_unreachable_activity_is_refused(tmp_path: Path) -> None:
    def wijzig(d: dict[str, Any]) -> None:
        d["activiteiten"].append({"code": "wees", "titel": "Wees", "fase": "plannen"})

    with pytest.raises(CatalogusFout, match="activiteit 'wees' is onbereikbaar"):
        load_catalogus(_broken(tmp_path, wijzig))


def test_alternative_ending_without_reason_is_refused(tmp_path: Path) -> None:
    def wijzig(d: dict[str, Any]) -> None:
        d["eindes"] = [{"code": "annuleren", "naam": "Annuleren"}]

    with pytest.raises(CatalogusFout, match="einde 'annuleren' vraagt geen reden"):
        load_catalogus(_broken(tmp_path, wijzig))


def test_malformed_definition_is_refused(tmp_path: Path) -> None:
    def wijzig(d: dict[str, Any]) -> None:
        del d["versie"]

    with pytest.raises(CatalogusFout, match="onleesbaar"):
        load_catalogus(_broken(tmp_path, wijzig))


def test_reactie_word_count_includes_redacted_words() -> None:
    assert tel_woorden("Wij zijn het [weggelakt: 3 woorden] oneens ████ met dit") == 10
    tekst = " ".join(["woord"] * 195) + " [weggelakt: 6 woorden]"
    ctx = RegelContext("akkoord", {"reactie_aanbieder": tekst}, date(2027, 1, 4))
    assert "201 woorden" in controleer(("reactie_aanbieder",), ctx)[0]
    kort = RegelContext("akkoord", {"reactie_aanbieder": "Akkoord."}, date(2027, 1, 4))
    assert controleer(("reactie_aanbieder",), kort) == []


def test_akkoord_needs_a_recorded_reactie_other_uitkomsten_do_not() -> None:
    for gegevens in ({}, {"reactie_aanbieder": "   "}):
        ctx = RegelContext("akkoord", gegevens, date(2027, 1, 4))
        assert controleer(("reactie_aanbieder",), ctx) == [
            "Er is geen reactie van de aanbieder vastgelegd; kies 'Geen reactie ontvangen'."
        ]
        geen = RegelContext("geen_reactie", gegevens, date(2027, 1, 4))
        assert controleer(("reactie_aanbieder",), geen) == []


@pytest.mark.parametrize(
    "categorie",
    [
        "bestuurlijke_boete",
        "opsporing",
        "strafrechtelijke_maatregel",
        "geweld_in_zorgrelatie",
        "disfunctioneren",
    ],
)
def test_never_publish_categories(categorie: str) -> None:
    ctx = RegelContext("openbaar", {"categorie": categorie}, date(2027, 1, 4))
    assert "nooit openbaar" in controleer(("publicatiecategorie",), ctx)[0]
    niet = RegelContext("niet_openbaar", {"categorie": categorie}, date(2027, 1, 4))
    assert controleer(("publicatiecategorie",), niet) == []


def test_zakelijke_weergave_for_own_calamiteitenrapport() -> None:
    gegevens = {"soort_rapport": "calamiteitenrapport_eigen_onderzoek"}
    ctx = RegelContext("gepubliceerd", gegevens, date(2027, 1, 4))
    assert controleer(("zakelijke_weergave",), ctx) == [
        "Bij een calamiteitenrapport van eigen onderzoek van IGJ wordt een zakelijke "
        "weergave gepubliceerd; kies die eerst."
    ]
    met = RegelContext("gepubliceerd", {**gegevens, "zakelijke_weergave": True}, date(2027, 1, 4))
    assert controleer(("zakelijke_weergave",), met) == []


def test_publication_dates() -> None:
    # sent Tue 13 April 2027: two weeks = Tue 27 April = Koningsdag -> Wed 28 April
    assert vroegste_publicatie(date(2027, 4, 13), voorlopige_voorziening=False) == date(2027, 4, 28)
    assert vroegste_publicatie(date(2027, 4, 13), voorlopige_voorziening=True) is None
    assert publicatie_tot(date(2028, 2, 29)) == date(2033, 2, 28)


def test_loob_needs_a_tuchtklacht_within_eight_weeks() -> None:
    vandaag = date(2027, 1, 4)
    zonder = RegelContext("opgelegd", {}, vandaag)
    [melding] = controleer(("loob_tuchtklacht",), zonder)
    assert melding.startswith("Een LOOB kan alleen als een tuchtklacht") and "acht weken" in melding
    ingediend = RegelContext("opgelegd", {"tuchtklacht_ingediend": True}, vandaag)
    assert controleer(("loob_tuchtklacht",), ingediend) == []
    op_tijd = RegelContext("opgelegd", {"tuchtklacht_voorzien_op": "2027-03-01"}, vandaag)
    assert controleer(("loob_tuchtklacht",), op_tijd) == []
    te_laat = RegelContext("opgelegd", {"tuchtklacht_voorzien_op": "2027-03-02"}, vandaag)
    assert controleer(("loob_tuchtklacht",), te_laat)
