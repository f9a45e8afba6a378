"""The workflow language refuses typos: the loader at every level, and the published schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from igj_desktop.workflows import definitions, formulieren
from igj_desktop.workflows.definitions import CATALOG_DIR, CatalogusFout, load_catalogus
from igj_desktop.yaml_catalogus import lees_yaml
from tests.unit.test_catalog import _activiteit, _broken

SCHEMA = json.loads(
    (Path(definitions.__file__).with_name("workflow.schema.json")).read_text("utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
SHIPPED = sorted(CATALOG_DIR.glob("*.yaml"))


def test_the_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_workflow_validates_against_the_schema(path: Path) -> None:
    with path.open(encoding="utf-8") as fh:
        data = lees_yaml(fh)
    assert [e.message for e in VALIDATOR.iter_errors(data)] == []


def _keys(definitie: str) -> frozenset[str]:
    schema = SCHEMA if definitie == "workflow" else SCHEMA["$defs"][definitie]
    return frozenset(schema["properties"])


@pytest.mark.parametrize(
    ("definitie", "sleutels"),
    [
        ("workflow", definitions.WORKFLOW_SLEUTELS),
        ("activiteit", definitions.ACTIVITEIT_SLEUTELS),
        ("uitkomst", definitions.UITKOMST_SLEUTELS),
        ("termijn", definitions.TERMIJN_SLEUTELS),
        ("duur", definitions.DUUR_SLEUTELS),
        ("eigenaar", definitions.EIGENAAR_SLEUTELS),
        ("fase", definitions.FASE_SLEUTELS),
        ("einde", definitions.EINDE_SLEUTELS),
        ("veld", formulieren.VELD_SLEUTELS),
        ("keuze", formulieren.KEUZE_SLEUTELS),
    ],
)
def test_the_loader_and_the_schema_know_the_same_keys(
    definitie: str, sleutels: frozenset[str]
) -> None:
    assert _keys(definitie) == sleutels


def test_nested_objects_of_the_schema_match_the_loader() -> None:
    uitkomst = SCHEMA["$defs"]["uitkomst"]["properties"]
    assert set(uitkomst["pas_na"]["properties"]) == definitions.PAS_NA_SLEUTELS
    assert set(uitkomst["wacht_op"]["properties"]) == definitions.WACHT_OP_SLEUTELS
    assert SCHEMA["$defs"]["veld"]["properties"]["type"]["enum"] == [
        t.value for t in formulieren.VeldType
    ]
    assert SCHEMA["$defs"]["activiteit"]["properties"]["start"]["enum"] == [
        s.value for s in definitions.StartWijze
    ]


def _uitkomst(d: dict[str, Any], code: str = "voeren") -> dict[str, Any]:
    return _activiteit(d, code)["uitkomsten"][0]


Wijziging = Callable[[dict[str, Any]], None]
TYPOS: list[tuple[Wijziging, str]] = [
    (
        lambda d: d.update(omschrijvnig="x"),
        "gesprek.yaml: onbekende sleutel 'omschrijvnig' (bedoelt u 'omschrijving'?).",
    ),
    (
        lambda d: _activiteit(d, "voeren").update(verplict=False),
        "gesprek.yaml, activiteit 'voeren': onbekende sleutel 'verplict' (bedoelt u 'verplicht'?).",
    ),
    (
        lambda d: _activiteit(d, "voeren").update(termjin={"aantal": 1, "eenheid": "weken"}),
        "gesprek.yaml, activiteit 'voeren': onbekende sleutel 'termjin' (bedoelt u 'termijn'?).",
    ),
    (
        lambda d: _activiteit(d, "voeren").update(
            termijn={"aantal": 1, "eenheid": "weken", "verlengbar": True}
        ),
        "gesprek.yaml, activiteit 'voeren', termijn: onbekende sleutel 'verlengbar' "
        "(bedoelt u 'verlengbaar'?).",
    ),
    (
        lambda d: _activiteit(d, "voeren").update(
            termijn={
                "aantal": 1,
                "eenheid": "weken",
                "varianten": {"jeugdhulp": {"aantal": 2, "eenhied": "weken"}},
            }
        ),
        "gesprek.yaml, activiteit 'voeren', termijn, variant 'jeugdhulp': onbekende sleutel "
        "'eenhied' (bedoelt u 'eenheid'?).",
    ),
    (
        lambda d: _activiteit(d, "voeren").update(eigenaar={"roll": "inspecteur"}),
        "gesprek.yaml, activiteit 'voeren', eigenaar: onbekende sleutel 'roll' (bedoelt u 'rol'?).",
    ),
    (
        lambda d: _uitkomst(d).update(afronen=True),
        "gesprek.yaml, activiteit 'voeren', uitkomst 'gevoerd': onbekende sleutel 'afronen' "
        "(bedoelt u 'afronden'?).",
    ),
    (
        lambda d: _uitkomst(d).update(pas_na={"uitkomst": "x", "aantl": 1}),
        "gesprek.yaml, activiteit 'voeren', uitkomst 'gevoerd', pas_na: onbekende sleutel "
        "'aantl' (bedoelt u 'aantal'?).",
    ),
    (
        lambda d: d["fasen"][0].update(nam="x"),
        "gesprek.yaml, fase: onbekende sleutel 'nam' (bedoelt u 'naam'?).",
    ),
    (
        lambda d: _activiteit(d, "voeren").update(
            formulier=[
                {"veld": "k", "type": "keuze", "keuzes": [{"code": "a", "naam": "A", "nam": "B"}]}
            ]
        ),
        "gesprek.yaml, activiteit 'voeren', formulierveld 'k', keuze 'a': onbekende sleutel "
        "'nam' (bedoelt u 'naam'?).",
    ),
]


@pytest.mark.parametrize(("wijzig", "melding"), TYPOS, ids=[m.split(": ")[-1] for _, m in TYPOS])
def test_a_typo_at_any_level_is_refused_by_loader_and_schema(
    tmp_path: Path, wijzig: Wijziging, melding: str
) -> None:
    folder = _broken(tmp_path, wijzig)
    with pytest.raises(CatalogusFout) as exc:
        load_catalogus(folder)
    assert exc.value.message == melding
    with (folder / "gesprek.yaml").open(encoding="utf-8") as fh:
        assert not VALIDATOR.is_valid(lees_yaml(fh))


def test_a_key_nothing_resembles_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(CatalogusFout) as exc:
        load_catalogus(_broken(tmp_path, lambda d: _activiteit(d, "voeren").update(xyz=1)))
    assert exc.value.message.startswith(
        "gesprek.yaml, activiteit 'voeren': onbekende sleutel 'xyz' (bekend: code, eigenaar,"
    )


def test_an_entry_that_is_not_a_mapping_is_refused_in_dutch(tmp_path: Path) -> None:
    with pytest.raises(CatalogusFout, match=r"gesprek\.yaml, fase: verwacht sleutels met waarden"):
        load_catalogus(_broken(tmp_path, lambda d: d["fasen"].append("plannen")))
