"""The frozen bundle (PyInstaller, packaging/igj_desktop.spec) starts and is whole.

Build it first (README, "Uitrol op Windows"):
    nice -n 15 pyinstaller --noconfirm packaging/igj_desktop.spec
The test starts the console program of the bundle on a fresh embedded database with
``--demo --zelftest``; the frozen process itself reports what it loaded. Skipped while there
is no bundle; with IGJ_REQUIRE_BUNDEL=1 (CI) a missing bundle fails. IGJ_BUNDEL points at a
bundle folder elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from igj_desktop.db import HEAD
from igj_desktop.services.documenten.sjablonen import SJABLONEN_DIR
from igj_desktop.workflows.definitions import CATALOG_DIR
from igj_desktop.yaml_catalogus import lees_yaml

REPO = Path(__file__).resolve().parents[2]
BUNDEL = Path(os.environ.get("IGJ_BUNDEL") or REPO / "dist" / "IGJ Desktop")
EXE = ".exe" if sys.platform == "win32" else ""


@pytest.fixture(scope="module")
def bundel() -> Path:
    if not (BUNDEL / f"igj-desktop{EXE}").is_file():
        if os.environ.get("IGJ_REQUIRE_BUNDEL") == "1":
            pytest.fail(f"Geen gebouwde bundel in {BUNDEL} (IGJ_REQUIRE_BUNDEL=1)")
        pytest.skip(f"geen gebouwde bundel in {BUNDEL}")
    return BUNDEL


def _start(bundel: Path, tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    omgeving = {
        naam: waarde
        for naam, waarde in os.environ.items()
        if not naam.startswith(("IGJ_", "PYTHON"))  # nothing of the source tree leaks in
    }
    omgeving |= {
        "QT_QPA_PLATFORM": "offscreen",
        "IGJ_DATA_DIR": str(tmp_path / "data"),
        "IGJ_LOG_DIR": str(tmp_path / "log"),
        "IGJ_GEBRUIKER": "avries",
        "XDG_CONFIG_DIRS": str(tmp_path / "etc-xdg"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    return subprocess.run(
        [str(bundel / f"igj-desktop{EXE}"), *argv],
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )


def test_the_frozen_app_starts_whole_on_a_fresh_database(bundel: Path, tmp_path: Path) -> None:
    proces = _start(bundel, tmp_path, "--demo", "--zelftest")
    assert proces.returncode == 0, proces.stderr[-3000:]
    assert "Traceback" not in proces.stderr
    uitslag = json.loads(proces.stdout.strip().splitlines()[-1])
    sjablonen = lees_yaml((SJABLONEN_DIR / "catalog.yaml").read_text(encoding="utf-8"))
    assert uitslag == {
        "bevroren": True,
        "workflows": len(list(CATALOG_DIR.glob("*.yaml"))),
        "sjablonen": len(sjablonen),
        "schema": HEAD,
        "schema_nieuwste": HEAD,
        "qt_nl": True,
        "hoofdvenster": True,
    }
    assert (tmp_path / "data" / "igj.sqlite").is_file()


def test_the_bundle_has_both_programs_and_the_console_answers(bundel: Path, tmp_path: Path) -> None:
    assert (bundel / f"IGJ Desktop{EXE}").is_file()  # the window, for the Start menu
    proces = _start(bundel, tmp_path, "db", "upgrade")
    assert proces.returncode == 0, proces.stderr[-3000:]
    assert "Schema en catalogus bijgewerkt: Ingebouwde database" in proces.stdout


def _kopie(bundel: Path, doel: Path) -> Path:
    """A copy of the bundle to damage: the programs and the app's own data copied, the
    libraries linked (a full copy is 300 MB; Windows needs rights for links, so copies)."""
    if sys.platform == "win32":
        shutil.copytree(bundel, doel)
        return doel
    (doel / "_internal").mkdir(parents=True)
    for programma in ("igj-desktop", "IGJ Desktop"):
        shutil.copy2(bundel / programma, doel / programma)
    for deel in (bundel / "_internal").iterdir():
        if deel.name == "igj_desktop":
            shutil.copytree(deel, doel / "_internal" / deel.name)
        else:
            (doel / "_internal" / deel.name).symlink_to(deel)
    return doel


def test_a_frozen_app_missing_a_file_names_it(bundel: Path, tmp_path: Path) -> None:
    kopie = _kopie(bundel, tmp_path / "kopie")
    weg = Path("_internal/igj_desktop/workflows/catalog/bezwaar.yaml")
    (kopie / weg).unlink()
    proces = _start(kopie, tmp_path, "db", "upgrade")
    assert proces.returncode == 1
    assert proces.stderr.startswith("Installatie onvolledig: ")
    assert f"• {weg}" in proces.stderr
    assert "Traceback" not in proces.stderr
    assert not (tmp_path / "data" / "igj.sqlite").exists()  # refused before any database
