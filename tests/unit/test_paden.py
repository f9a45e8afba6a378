"""Windows paths computed for a Windows layout: names capped by the full path, UNC shares kept."""

from __future__ import annotations

import ntpath
import sqlite3
from pathlib import Path, PureWindowsPath

import pytest

from igj_desktop.integrations import paden
from igj_desktop.services.errors import ValidationFailed

from ..windows import met_register

WERKMAP = PureWindowsPath(
    r"C:\Users\annemarie.van.der.vries-bakker\AppData\Local\IGJ\IGJ Desktop\werkmap"
    r"\0f6b1e0c-5d2a-4c1e-9a77-2b8f3c1d9e10"
)
SJABLOON = (
    "Verslag van het toezichtbezoek aan de locatie Zonnehoeve van Stichting Ouderenzorg "
    "Noord-Holland Noord naar aanleiding van de melding over de medicatieveiligheid op de "
    "afdeling psychogeriatrie, met bijlagen en reactie van de zorgaanbieder.docx"
)


FILESYSTEM = ("HKEY_LOCAL_MACHINE", r"SYSTEM\CurrentControlSet\Control\FileSystem")


@pytest.fixture(params=[None, 0])
def zonder_lange_paden(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    waarden = {} if request.param is None else {"LongPathsEnabled": request.param}
    met_register(monkeypatch, {FILESYSTEM: waarden})


@pytest.mark.usefixtures("zonder_lange_paden")
def test_a_long_sjabloon_title_is_shortened_to_fit_the_deep_werkmap() -> None:
    assert len(ntpath.join(str(WERKMAP), SJABLOON)) > 259

    naam = paden.naam_die_past(WERKMAP, SJABLOON)

    volledig = ntpath.join(str(WERKMAP), naam)
    assert 250 < len(volledig) <= 259 and naam.endswith(".docx")  # a cut space is dropped
    assert SJABLOON.startswith(naam.removesuffix(".docx"))
    assert paden.naam_die_past(WERKMAP, "brief.docx") == "brief.docx"


@pytest.mark.usefixtures("zonder_lange_paden")
def test_a_unc_share_counts_with_its_server_and_share() -> None:
    share = PureWindowsPath(r"\\fs01.igj.local\afdelingen$\Toezicht Zorgaanbieders") / ("x" * 150)
    naam = paden.naam_die_past(share, SJABLOON)
    pad = share / naam
    assert str(pad).startswith("\\\\fs01.igj.local\\afdelingen$\\")  # the double backslash stays
    assert 250 < len(str(pad)) <= 259 and pad.suffix == ".docx"


@pytest.mark.usefixtures("zonder_lange_paden")
def test_a_folder_that_is_already_too_deep_is_refused_in_dutch() -> None:
    diep = WERKMAP / ("submap" * 30)
    with pytest.raises(ValidationFailed) as fout:
        paden.naam_die_past(diep, "brief.docx")
    assert fout.value.message.startswith(f"De map {diep} ligt te diep")
    assert "servicedesk" in fout.value.message


def test_with_long_paths_only_office_files_stay_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    met_register(monkeypatch, {FILESYSTEM: {"LongPathsEnabled": 1}})
    assert paden.lange_paden_aan()
    assert paden.naam_die_past(WERKMAP, SJABLOON, voor_office=False) == SJABLOON
    assert len(ntpath.join(str(WERKMAP), paden.naam_die_past(WERKMAP, SJABLOON))) <= 259
    assert len(paden.naam_die_past(WERKMAP, "x" * 300 + ".eml", voor_office=False)) == 255


def test_sqlite_uri_keeps_a_unc_share_and_escapes_what_sqlite_reads_as_query() -> None:
    unc = PureWindowsPath(r"\\fs01\igj$\data #1\igj.sqlite")
    assert paden.sqlite_uri(unc) == "file:////fs01/igj%24/data%20%231/igj.sqlite"
    assert paden.sqlite_uri(PureWindowsPath(r"C:\IGJ data\igj.sqlite")) == (
        "file:///C:/IGJ%20data/igj.sqlite"
    )


def test_sqlite_uri_opens_a_real_file_with_awkward_characters(tmp_path: Path) -> None:
    pad = tmp_path / "map #1 ?" / "igj 100%.sqlite"
    pad.parent.mkdir()
    with sqlite3.connect(pad) as verbinding:
        verbinding.execute("CREATE TABLE t (x)")
    verbinding.close()
    alleen_lezen = sqlite3.connect(f"{paden.sqlite_uri(pad)}?mode=ro", uri=True)
    try:
        assert alleen_lezen.execute("SELECT name FROM sqlite_master").fetchall() == [("t",)]
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            alleen_lezen.execute("CREATE TABLE u (x)")
    finally:
        alleen_lezen.close()
