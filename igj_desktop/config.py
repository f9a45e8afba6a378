"""Settings that come from the environment and the platform's folders."""

from __future__ import annotations

import getpass
import os
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "IGJ Desktop"
APP_AUTHOR = "IGJ"
_PAKKET = Path(__file__).resolve().parent


def meegeleverde_map(naam: str) -> Path:
    """``sjablonen`` or ``resources``: inside the package when installed from a wheel, beside it
    in the repository (an editable install), where the project layout puts them."""
    binnen = _PAKKET / naam
    return binnen if binnen.is_dir() else _PAKKET.parent / naam


MAX_DOCUMENT_MB = 2048


def max_document_mb() -> int:
    """The largest document accepted, in MB: ``IGJ_MAX_DOCUMENT_MB`` (set by the beheerder,
    e.g. to what the shared folder's quota allows), else ``MAX_DOCUMENT_MB``."""
    waarde = os.environ.get("IGJ_MAX_DOCUMENT_MB", "")
    return int(waarde) if waarde.isdigit() and int(waarde) > 0 else MAX_DOCUMENT_MB


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    gebruikersnaam: str
    apparaat: str

    @property
    def is_embedded(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_environment(cls) -> Settings:
        """IGJ_DATA_DIR, IGJ_DATABASE_URL and IGJ_GEBRUIKER override the platform defaults."""
        data_dir = Path(os.environ.get("IGJ_DATA_DIR") or user_data_dir(APP_NAME, APP_AUTHOR))
        data_dir.mkdir(parents=True, exist_ok=True)
        url = os.environ.get("IGJ_DATABASE_URL") or f"sqlite:///{data_dir / 'igj.sqlite'}"
        gebruiker = os.environ.get("IGJ_GEBRUIKER") or getpass.getuser()
        return cls(
            data_dir=data_dir,
            database_url=url,
            gebruikersnaam=gebruiker.lower(),
            apparaat=os.environ.get("IGJ_APPARAAT") or platform.node() or "onbekend",
        )


def app_versie() -> str:
    """The installed version ("0.1.0"), or "ontwikkelversie" when run from a source tree."""
    try:
        return metadata.version("igj-desktop")
    except metadata.PackageNotFoundError:
        return "ontwikkelversie"
