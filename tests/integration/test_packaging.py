"""The wheel an installer would ship carries what the app reads at run time: the sjablonen and
resources (beside the package in the repository), the migrations and the workflow catalog."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def test_the_wheel_carries_sjablonen_resources_migrations_and_catalog(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("igj_desktop-*.whl")
    namen = set(zipfile.ZipFile(wheel).namelist())

    catalogus = yaml.safe_load((REPO / "sjablonen" / "catalog.yaml").read_text(encoding="utf-8"))
    for sjabloon in catalogus:
        bestand = sjabloon.get("bestand", f"{sjabloon['naam']}.docx")
        assert f"igj_desktop/sjablonen/{bestand}" in namen, bestand
    for pad in sorted((REPO / "resources").rglob("*")):
        if pad.is_file():
            assert f"igj_desktop/resources/{pad.relative_to(REPO / 'resources')}" in namen
    migraties = REPO / "igj_desktop" / "migrations" / "versions"
    for pad in migraties.glob("*.py"):
        assert f"igj_desktop/migrations/versions/{pad.name}" in namen
    for map_ in ("catalog", "gelijkstelling"):  # workflows and the Atw's gelijkgestelde dagen
        for pad in (REPO / "igj_desktop" / "workflows" / map_).glob("*.yaml"):
            assert f"igj_desktop/workflows/{map_}/{pad.name}" in namen
