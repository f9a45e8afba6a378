"""The shipped data files are checked at start (services/beheer/meegeleverd.py): a copy of
the installation with one file removed is refused by name, never run with a thinner catalog."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from igj_desktop.db import HEAD
from igj_desktop.services.beheer.meegeleverd import Meegeleverd, melding_ontbrekend


@pytest.fixture
def kopie(tmp_path: Path) -> Meegeleverd:
    echt = Meegeleverd.standaard()
    negeer = shutil.ignore_patterns("__pycache__")
    for veld in ("workflows", "sjablonen", "migraties", "resources"):
        shutil.copytree(getattr(echt, veld), tmp_path / veld, ignore=negeer)
    return Meegeleverd(
        *(tmp_path / veld for veld in ("workflows", "sjablonen", "migraties", "resources"))
    )


def test_the_real_installation_is_whole() -> None:
    assert Meegeleverd.standaard().ontbrekend() == []


def test_a_whole_copy_is_whole(kopie: Meegeleverd) -> None:
    assert kopie.ontbrekend() == []


@pytest.mark.parametrize(
    "bestand",
    [
        "workflows/catalog/bezwaar.yaml",
        "workflows/dossiertypes.yaml",
        "sjablonen/verslag_bezoek.docx",
        "sjablonen/catalog.yaml",
        "migraties/env.py",
        "migraties/script.py.mako",
        "resources/style.qss",
        "resources/icons/app.svg",
    ],
)
def test_one_removed_file_is_named(kopie: Meegeleverd, bestand: str) -> None:
    installatie = kopie.workflows.parent
    (installatie / bestand).unlink()
    weg = kopie.ontbrekend()
    assert installatie / bestand in weg
    tekst = melding_ontbrekend(weg, installatie)
    assert f"• {Path(bestand)}" in tekst
    assert "opnieuw te installeren" in tekst


def test_the_newest_migration_and_the_whole_catalog_are_required(kopie: Meegeleverd) -> None:
    for pad in (kopie.migraties / "versions").glob("*.py"):
        pad.unlink()
    for pad in (kopie.workflows / "catalog").glob("*.yaml"):
        pad.unlink()
    weg = kopie.ontbrekend()
    namen = {pad.name for pad in weg}
    assert any(naam.startswith(f"{HEAD}_") for naam in namen)
    assert {"bezwaar.yaml", "inspectiebezoek.yaml", "rapport.yaml"} <= namen
    tekst = melding_ontbrekend(weg, kopie.workflows.parent)
    assert "… en nog" in tekst  # long lists are cut, the count is given


def test_start_refuses_an_incomplete_installation(
    kopie: Meegeleverd, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """main() checks before it touches a database: the console says what is missing."""
    from igj_desktop.__main__ import main
    from igj_desktop.services.beheer import meegeleverd

    (kopie.sjablonen / "bevel.docx").unlink()
    monkeypatch.setattr(meegeleverd.Meegeleverd, "standaard", classmethod(lambda cls: kopie))
    assert main(["db", "upgrade"]) == 1
    fout = capsys.readouterr().err
    assert fout.startswith("Installatie onvolledig: ")
    assert "bevel.docx" in fout
