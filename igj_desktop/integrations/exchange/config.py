"""Exchange connection settings: stored as JSON in the data folder, secrets in the OS keyring.

The settings file never holds a password or client secret; ``keyring`` keeps those in the
Windows Credential Manager (or the platform's equivalent). The autodiscover result is cached
in the settings file, so autodiscover runs once, not at every start.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import tempfile
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from igj_desktop.config import AuthMethode

if TYPE_CHECKING:
    from exchangelib import Configuration, Credentials, OAuth2Credentials

KEYRING_SERVICE = "IGJ Desktop Exchange"
SETTINGS_FILE = "exchange.json"


AUTH_LABELS = {
    AuthMethode.NTLM: "NTLM (on-premises)",
    AuthMethode.WINDOWS: "Windows-aanmelding (on-premises, zonder wachtwoord)",
    AuthMethode.KERBEROS: "Kerberos (on-premises, GSSAPI; niet op Windows)",
    AuthMethode.BASIC: "Basic (alleen via HTTPS)",
    AuthMethode.OAUTH2: "OAuth2 (Exchange Online)",
}


#: methods that log on as the signed-in user: no password, and no user name needed
ZONDER_WACHTWOORD = frozenset({AuthMethode.WINDOWS, AuthMethode.KERBEROS})


def sspi_beschikbaar() -> bool:
    """Windows sign-on needs Windows and requests-negotiate-sspi (a Windows-only dependency)."""
    return (
        sys.platform == "win32" and importlib.util.find_spec("requests_negotiate_sspi") is not None
    )


class Toegang(StrEnum):
    EIGEN = "eigen"  # delegate: the inspecteur's own mailbox with own credentials
    IMPERSONATIE = "impersonatie"  # a service account acting for the inspecteur


@dataclass(frozen=True)
class ExchangeSettings:
    mailbox: str
    gebruikersnaam: str
    auth: AuthMethode = AuthMethode.NTLM
    server_url: str = ""  # empty: autodiscover (result cached in ``ontdekt_url``)
    toegang: Toegang = Toegang.EIGEN
    tenant_id: str = ""  # OAuth2 only; gebruikersnaam then holds the client id
    ontdekt_url: str = ""

    @property
    def endpoint(self) -> str:
        return self.server_url or self.ontdekt_url

    def validate(self) -> list[str]:
        """Dutch messages for what is missing or wrong; empty when usable."""
        problems = []
        if "@" not in self.mailbox:
            problems.append("Vul het e-mailadres van de mailbox in.")
        if not self.gebruikersnaam.strip() and self.auth != AuthMethode.WINDOWS:
            problems.append("Vul de gebruikersnaam (of bij OAuth2 de client-id) in.")
        if self.server_url and not self.server_url.startswith(("https://", "http://")):
            problems.append("Het serveradres moet met https:// beginnen.")
        if self.auth == AuthMethode.OAUTH2 and not self.tenant_id.strip():
            problems.append("Vul bij OAuth2 de tenant-id in.")
        if (
            self.auth == AuthMethode.KERBEROS
            and importlib.util.find_spec("requests_gssapi") is None
        ):
            problems.append(
                "Kerberos is op deze computer niet beschikbaar (het pakket requests-gssapi "
                "ontbreekt); kies NTLM of vraag de beheerder het te installeren."
            )
        if self.auth == AuthMethode.WINDOWS and not sspi_beschikbaar():
            problems.append(
                "Aanmelden met de Windows-aanmelding kan alleen op Windows (met het pakket "
                "requests-negotiate-sspi); kies NTLM of Kerberos."
            )
        return problems

    def credentials(self, geheim: str | None) -> Credentials | OAuth2Credentials | None:
        from exchangelib import Credentials, Identity, OAuth2Credentials  # see configuration()

        if self.auth in ZONDER_WACHTWOORD:
            return None
        if self.auth == AuthMethode.OAUTH2:
            return OAuth2Credentials(
                client_id=self.gebruikersnaam,
                client_secret=geheim or "",
                tenant_id=self.tenant_id,
                identity=Identity(primary_smtp_address=self.mailbox),
            )
        return Credentials(self.gebruikersnaam, geheim or "")

    def configuration(self, geheim: str | None) -> Configuration:
        """An exchangelib Configuration; needs ``endpoint`` (run autodiscover first).

        exchangelib is imported here, not at the top: reading the settings at start-up must
        not cost the half second that library takes to load."""
        from exchangelib import BASIC, GSSAPI, NTLM, OAUTH2, SSPI, Build, Configuration, Version

        systeem_verbindingen()
        auth_type = {
            AuthMethode.NTLM: NTLM,
            AuthMethode.WINDOWS: SSPI,
            AuthMethode.KERBEROS: GSSAPI,
            AuthMethode.BASIC: BASIC,
            AuthMethode.OAUTH2: OAUTH2,
        }[self.auth]
        return Configuration(
            service_endpoint=self.endpoint,
            credentials=self.credentials(geheim),
            auth_type=auth_type,
            version=Version(Build(15, 1)),
        )


def systeem_verbindingen() -> None:
    """Let exchangelib connect with the OS certificate store and the system's PAC proxy."""
    from exchangelib.protocol import BaseProtocol

    from igj_desktop.integrations.netwerk import SysteemAdapter

    BaseProtocol.HTTP_ADAPTER_CLS = SysteemAdapter


def _path(data_dir: Path) -> Path:
    return data_dir / SETTINGS_FILE


def load_settings(data_dir: Path) -> ExchangeSettings | None:
    """The saved settings, or None when Exchange is not configured (or the file is unreadable)."""
    try:
        raw = json.loads(_path(data_dir).read_text(encoding="utf-8"))
        raw["auth"] = AuthMethode(raw["auth"])
        raw["toegang"] = Toegang(raw["toegang"])
        return met_site_instellingen(ExchangeSettings(**raw))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def met_site_instellingen(settings: ExchangeSettings) -> ExchangeSettings:
    """The server and auth mode from ``instellingen.toml`` (the beheerder's, or the user's
    where allowed) win over what the dialog stored: a roll-out changes every laptop."""
    from igj_desktop.config import Settings

    algemeen = Settings.from_environment()
    if algemeen.exchange_server:
        settings = replace(settings, server_url=algemeen.exchange_server)
    if algemeen.exchange_auth:  # checked when the file was read
        settings = replace(settings, auth=AuthMethode(algemeen.exchange_auth))
    return settings


def save_settings(data_dir: Path, settings: ExchangeSettings, geheim: str | None = None) -> None:
    """Write the settings atomically; a given secret goes to the keyring, never to the file."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=data_dir, prefix=".exchange-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(asdict(settings), out, indent=2)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, _path(data_dir))
    if geheim:
        import keyring  # here: loading its backends takes 0.1 s at start-up otherwise

        keyring.set_password(KEYRING_SERVICE, _secret_key(settings), geheim)


def _secret_key(settings: ExchangeSettings) -> str:
    return f"{settings.auth}:{settings.gebruikersnaam.lower()}"


def read_secret(settings: ExchangeSettings) -> str | None:
    import keyring

    return keyring.get_password(KEYRING_SERVICE, _secret_key(settings))


def discover(settings: ExchangeSettings, geheim: str | None, data_dir: Path) -> ExchangeSettings:
    """Run autodiscover when no server URL is set and none is cached; cache the result."""
    if settings.endpoint:
        return settings
    from exchangelib import Account

    systeem_verbindingen()
    account = Account(settings.mailbox, credentials=settings.credentials(geheim), autodiscover=True)
    found = replace(settings, ontdekt_url=account.protocol.service_endpoint)
    save_settings(data_dir, found)
    return found
