"""Forms as data: the catalog's forms parse, bad ones are refused in Dutch, input is checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from igj_desktop.workflows.definitions import CatalogusFout, load_catalogus
from igj_desktop.workflows.formulieren import Keuze, Veld, VeldType, controleer_invoer
from igj_desktop.workflows.regels import NOOIT_OPENBAAR, REGEL_VELDEN
from tests.unit.test_catalog import _activiteit, _broken


def test_every_rule_reads_gegevens_a_catalog_form_asks_for() -> None:
    catalogus = load_catalogus()
    for definitie in catalogus:
        for activiteit in definitie.activiteiten:
            for regel in activiteit.regels:
                for naam in REGEL_VELDEN[regel]:
                    assert any(d.veld(naam) for d in catalogus), (definitie.code, regel, naam)


def test_the_publication_category_offers_every_never_published_category() -> None:
    veld = load_catalogus().workflows["openbaarmaking"].veld("categorie")
    assert veld is not None and veld.verplicht
    assert set(NOOIT_OPENBAAR) <= {k.code for k in veld.keuzes}
    assert "calamiteitenrapport_zorgaanbieder" in NOOIT_OPENBAAR  # seed 003 L9


def _fout(tmp_path: Path, wijzig: Any) -> str:
    with pytest.raises(CatalogusFout) as exc:
        load_catalogus(_broken(tmp_path, wijzig))
    return exc.value.message


def test_unknown_key_in_a_form_veld_names_file_activiteit_and_key(tmp_path: Path) -> None:
    def wijzig(d: dict[str, Any]) -> None:
        _activiteit(d, "voeren")["formulier"] = [{"veld": "notitie", "typo": "tekst"}]

    assert _fout(tmp_path, wijzig) == (
        "gesprek.yaml, activiteit 'voeren', formulierveld 'notitie': onbekende sleutel 'typo' "
        "(bedoelt u 'type'?)."
    )


def test_unknown_key_on_an_activiteit_is_refused(tmp_path: Path) -> None:
    def wijzig(d: dict[str, Any]) -> None:
        _activiteit(d, "voeren")["formulir"] = []

    assert (
        _fout(tmp_path, wijzig)
        == "gesprek.yaml, activiteit 'voeren': onbekende sleutel 'formulir' "
        "(bedoelt u 'formulier'?)."
    )


def test_unknown_type_and_choice_without_options_are_refused(tmp_path: Path) -> None:
    def onbekend_type(d: dict[str, Any]) -> None:
        _activiteit(d, "voeren")["formulier"] = [{"veld": "x", "type": "kleur"}]

    assert "formulierveld 'x': onbekend type 'kleur'" in _fout(tmp_path, onbekend_type)

    def keuze_zonder(d: dict[str, Any]) -> None:
        _activiteit(d, "voeren")["formulier"] = [{"veld": "x", "type": "keuze"}]

    (tmp_path / "b").mkdir()
    assert "een keuzeveld noemt 'keuzes'" in _fout(tmp_path / "b", keuze_zonder)


def test_toont_must_name_a_gegeven_some_form_asks(tmp_path: Path) -> None:
    def wijzig(d: dict[str, Any]) -> None:
        _activiteit(d, "voeren")["toont"] = ["bestaat_niet"]

    assert "activiteit 'voeren': 'toont' noemt onbekend gegeven 'bestaat_niet'." in _fout(
        tmp_path, wijzig
    )


def test_a_termijnpad_must_name_known_gegevens_and_activiteiten(tmp_path: Path) -> None:
    def wijzig(d: dict[str, Any]) -> None:
        _activiteit(d, "voeren")["termijn"] = {
            "aantal": 1,
            "eenheid": "weken",
            "paden": [
                {"als": {"bestaat_niet": True}, "aantal": 0, "eenheid": "dagen"},
                {"na": "geen_stap", "aantal": 0, "eenheid": "dagen", "vanaf": "ook_niet"},
            ],
        }

    fout = _fout(tmp_path, wijzig)
    assert "activiteit 'voeren': een termijnpad vraagt onbekend gegeven 'bestaat_niet'." in fout
    assert "activiteit 'voeren': een termijnpad wacht op onbekende activiteit 'geen_stap'." in fout
    assert "activiteit 'voeren': de termijn telt 'vanaf' onbekend gegeven 'ook_niet'." in fout


VELDEN = (
    Veld("datum", "Datum", VeldType.DATUM, verplicht=True),
    Veld("aantal", "Aantal", VeldType.GETAL),
    Veld("keuze", "Keuze", VeldType.KEUZE, keuzes=(Keuze("a", "A"),)),
    Veld("vink", "Vink", VeldType.JA_NEE),
)


def test_input_is_checked_against_the_form() -> None:
    assert controleer_invoer(VELDEN, {"datum": "2027-05-07", "aantal": 3, "keuze": "a"}) == []
    assert controleer_invoer(VELDEN, {"datum": "  "}) == ["Vul 'Datum' in."]
    assert controleer_invoer(
        VELDEN, {"datum": "7 mei", "aantal": "veel", "keuze": "b", "vink": "ja"}
    ) == [
        "'Datum' is geen geldige datum (JJJJ-MM-DD).",
        "'Aantal' moet een getal zijn.",
        "'Keuze': kies een van de mogelijkheden.",
        "'Vink' moet ja of nee zijn.",
    ]


def test_a_medewerker_veld_names_a_known_role(tmp_path: Path) -> None:
    def wijzig(d: dict[str, Any]) -> None:
        _activiteit(d, "voeren")["formulier"] = [
            {"veld": "akkoord", "type": "medewerker", "rol": "directeur"}
        ]

    assert "formulierveld 'akkoord': onbekende rol 'directeur'." in _fout(tmp_path, wijzig)
