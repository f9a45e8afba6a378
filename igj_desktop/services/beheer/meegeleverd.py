"""The data files the app ships with, checked before anything uses them.

A build or an installation that lost a file (a PyInstaller spec without the migrations, a
virus scanner that quarantined a template) must not start with a silently empty workflow
catalog or without its look: the app names what is missing and stops. The lists come from
the catalogs themselves, so one removed workflow or sjabloon is noticed, not only an empty
folder.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from igj_desktop.config import meegeleverde_map
from igj_desktop.db import HEAD, MIGRATIONS_DIR
from igj_desktop.workflows.definitions import CATALOG_DIR
from igj_desktop.yaml_catalogus import lees_yaml

_WORKFLOWS = CATALOG_DIR.parent


@dataclass(frozen=True)
class Meegeleverd:
    """Where the shipped data lives: in the package, or beside it in the repository."""

    workflows: Path
    sjablonen: Path
    migraties: Path
    resources: Path

    @classmethod
    def standaard(cls) -> Meegeleverd:
        return cls(
            workflows=_WORKFLOWS,
            sjablonen=meegeleverde_map("sjablonen"),
            migraties=MIGRATIONS_DIR,
            resources=meegeleverde_map("resources"),
        )

    def ontbrekend(self) -> list[Path]:
        """Every shipped file that is not there (empty when the installation is whole)."""
        vast = [
            self.migraties / "env.py",
            self.migraties / "script.py.mako",
            self.resources / "style.qss",
            self.resources / "icons" / "app.svg",
            self.sjablonen / "catalog.yaml",
            self.workflows / "dossiertypes.yaml",
        ]
        weg = [pad for pad in vast if not pad.is_file()]
        if not any((self.migraties / "versions").glob(f"{HEAD}_*.py")):
            weg.append(self.migraties / "versions" / f"{HEAD}_….py")
        if not any((self.workflows / "gelijkstelling").glob("*.yaml")):
            weg.append(self.workflows / "gelijkstelling" / "….yaml")
        return weg + self._workflows_ontbrekend() + self._sjablonen_ontbrekend()

    def _workflows_ontbrekend(self) -> list[Path]:
        catalogus = self.workflows / "catalog"
        typen = _lees(self.workflows / "dossiertypes.yaml", {})
        codes = set(typen.get("workflow_regels") or {})
        for soort in typen.get("dossiertypes") or []:
            codes.update(soort.get("workflows") or [])
        if not codes and not any(catalogus.glob("*.yaml")):
            return [catalogus / "….yaml"]
        return [
            catalogus / f"{code}.yaml"
            for code in sorted(codes)
            if not (catalogus / f"{code}.yaml").is_file()
        ]

    def _sjablonen_ontbrekend(self) -> list[Path]:
        namen = [
            entry.get("bestand", f"{entry['naam']}.docx")
            for entry in _lees(self.sjablonen / "catalog.yaml", [])
        ]
        if not any((self.sjablonen / "mail").glob("*.j2")):
            namen.append("mail/….txt.j2")
        return [self.sjablonen / naam for naam in namen if not (self.sjablonen / naam).is_file()]


def _lees(pad: Path, leeg: Any) -> Any:
    """A catalog's content; ``leeg`` when the file is missing (reported on its own)."""
    try:
        return lees_yaml(pad.read_text(encoding="utf-8")) or leeg
    except (OSError, yaml.YAMLError):
        return leeg


def installatiemap() -> Path:
    """Where IGJ Desktop is installed: the bundle's folder, or the source tree."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[3]


def melding_ontbrekend(weg: list[Path], installatie: Path) -> str:
    """The Dutch refusal: what is missing, relative to the installation where possible."""
    namen = []
    for pad in weg[:15]:
        try:
            namen.append(str(pad.relative_to(installatie)))
        except ValueError:
            namen.append(str(pad))
    meer = f"\n… en nog {len(weg) - 15} bestanden" if len(weg) > 15 else ""
    return (
        "De installatie van IGJ Desktop is onvolledig; deze bestanden ontbreken:\n"
        + "\n".join(f"• {naam}" for naam in namen)
        + f"{meer}\n\nIGJ Desktop start niet zonder. Vraag de beheerder IGJ Desktop opnieuw "
        "te installeren (een virusscanner kan bestanden in quarantaine hebben gezet)."
    )
