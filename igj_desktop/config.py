"""Settings: the beheerder's site file, a user's own file where allowed, the environment.

Order, strongest first: environment variables (``IGJ_DATABASE_URL``, ``IGJ_DOCUMENTEN_DIR``:
for development and tests), the user's ``instellingen.toml`` (only for the settings the site
file lists under ``[toegestaan_per_gebruiker]``, or that the site file leaves unset), the
machine-wide ``instellingen.toml`` the installer writes (``%PROGRAMDATA%\\IGJ\\IGJ Desktop`` on
Windows, ``/etc/xdg/IGJ Desktop`` on Linux), then the built-in defaults.
"""

from __future__ import annotations

import getpass
import os
import platform
import re
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from importlib import metadata
from pathlib import Path

from platformdirs import site_config_dir, user_config_dir, user_data_dir

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


class AuthMethode(StrEnum):
    """How IGJ Desktop signs on to Exchange (a site setting, so it lives here)."""

    NTLM = "ntlm"
    WINDOWS = "windows"  # SSPI: the Windows logon (Kerberos or NTLM), no password
    KERBEROS = "kerberos"
    BASIC = "basic"
    OAUTH2 = "oauth2"


INSTELLINGEN_BESTAND = "instellingen.toml"
INSTELLINGEN = ("database.url", "documenten.map", "exchange.server", "exchange.auth")
"""Every setting a ``instellingen.toml`` may hold, as ``tabel.sleutel``."""
TOEGESTAAN = "toegestaan_per_gebruiker"


class InstellingenFout(Exception):
    """An ``instellingen.toml`` cannot be used; ``message`` is Dutch and names the file."""

    titel = "Instellingen onjuist"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _lees_toml(pad: Path) -> dict[str, object]:
    """The file's settings as ``{"tabel.sleutel": waarde}``; {} when there is no file."""
    try:
        tekst = pad.read_text(encoding="utf-8-sig")  # Notepad may write a byte-order mark
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise InstellingenFout(
            f"Het instellingenbestand {pad} kan niet worden gelezen. Vraag de beheerder het te "
            "herstellen."
        ) from exc
    try:
        inhoud = tomllib.loads(tekst)
    except tomllib.TOMLDecodeError as exc:
        regel = re.search(r"line (\d+)", str(exc))
        waar = f" op regel {regel.group(1)}" if regel else ""
        raise InstellingenFout(
            f"Het instellingenbestand {pad} is onjuist{waar} (geen geldige TOML: let op "
            "aanhalingstekens en [kopjes]). Vraag de beheerder het te herstellen."
        ) from exc
    plat: dict[str, object] = {}
    for tabel, waarden in inhoud.items():
        if not isinstance(waarden, dict):
            raise _onbekend(pad, tabel)
        for sleutel, waarde in waarden.items():
            plat[f"{tabel}.{sleutel}"] = waarde
    for naam, waarde in plat.items():
        if naam == f"{TOEGESTAAN}.instellingen":
            if isinstance(waarde, str):  # "a, b": how the installer's property writes it
                plat[naam] = waarde = [deel.strip() for deel in waarde.split(",") if deel.strip()]
            if not isinstance(waarde, list) or not set(waarde) <= set(INSTELLINGEN):
                raise InstellingenFout(
                    f"In {pad} moet [{TOEGESTAAN}] instellingen een lijst zijn met namen uit: "
                    f"{', '.join(INSTELLINGEN)}."
                )
        elif naam not in INSTELLINGEN:
            raise _onbekend(pad, naam)
        elif not isinstance(waarde, str):
            raise InstellingenFout(f"In {pad} moet {naam} tekst zijn (tussen aanhalingstekens).")
        elif naam == "exchange.auth" and waarde:
            _controleer_aanmeldwijze(pad, waarde)
    return plat


def _controleer_aanmeldwijze(pad: Path, waarde: str) -> None:
    if waarde not in set(AuthMethode):
        raise InstellingenFout(
            f"In {pad} is exchange.auth '{waarde}' onbekend; kies uit {', '.join(AuthMethode)}."
        )


def _onbekend(pad: Path, naam: str) -> InstellingenFout:
    return InstellingenFout(
        f"Het instellingenbestand {pad} bevat de onbekende instelling {naam}. Bekend zijn: "
        f"{', '.join(INSTELLINGEN)}."
    )


def site_instellingen_pad() -> Path:
    """The machine-wide file: ``%PROGRAMDATA%\\IGJ\\IGJ Desktop\\instellingen.toml`` on Windows."""
    return Path(site_config_dir(APP_NAME, APP_AUTHOR)) / INSTELLINGEN_BESTAND


def gebruiker_instellingen_pad() -> Path:
    return Path(user_config_dir(APP_NAME, APP_AUTHOR)) / INSTELLINGEN_BESTAND


def instellingen(site: Path | None = None, gebruiker: Path | None = None) -> dict[str, str]:
    """The settings that apply, from the site file and what the user may add to it."""
    algemeen = _lees_toml(site or site_instellingen_pad())
    lijst = algemeen.pop(f"{TOEGESTAAN}.instellingen", None)
    toegestaan = set(lijst) if isinstance(lijst, list) else set()
    eigen = _lees_toml(gebruiker or gebruiker_instellingen_pad())
    eigen.pop(f"{TOEGESTAAN}.instellingen", None)  # only the beheerder decides that
    # an empty value is unset: the installer writes every setting, given or not
    gelden = {naam: str(waarde) for naam, waarde in algemeen.items() if waarde}
    for naam, waarde in eigen.items():
        if waarde and (naam in toegestaan or naam not in gelden):
            gelden[naam] = str(waarde)
    return gelden


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    gebruikersnaam: str
    apparaat: str
    documenten_dir: Path | None = None
    """The shared documenten folder (``\\\\server\\igj\\documenten``); None: the data folder's."""
    exchange_server: str = ""
    exchange_auth: str = ""

    @property
    def is_embedded(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_environment(cls) -> Settings:
        """The instellingen files; IGJ_DATA_DIR, IGJ_DATABASE_URL, IGJ_DOCUMENTEN_DIR and
        IGJ_GEBRUIKER override them. ``InstellingenFout`` when a file is wrong."""
        data_dir = Path(os.environ.get("IGJ_DATA_DIR") or user_data_dir(APP_NAME, APP_AUTHOR))
        data_dir.mkdir(parents=True, exist_ok=True)
        gelden = instellingen()
        url = (
            os.environ.get("IGJ_DATABASE_URL")
            or gelden.get("database.url")
            or f"sqlite:///{data_dir / 'igj.sqlite'}"
        )
        documenten = os.environ.get("IGJ_DOCUMENTEN_DIR") or gelden.get("documenten.map")
        gebruiker = os.environ.get("IGJ_GEBRUIKER") or getpass.getuser()
        return cls(
            data_dir=data_dir,
            database_url=url,
            gebruikersnaam=gebruiker.lower(),
            apparaat=os.environ.get("IGJ_APPARAAT") or platform.node() or "onbekend",
            documenten_dir=Path(documenten) if documenten else None,
            exchange_server=gelden.get("exchange.server", ""),
            exchange_auth=gelden.get("exchange.auth", ""),
        )


def app_versie() -> str:
    """The installed version ("0.1.0"), or "ontwikkelversie" when run from a source tree."""
    try:
        return metadata.version("igj-desktop")
    except metadata.PackageNotFoundError:
        return "ontwikkelversie"
