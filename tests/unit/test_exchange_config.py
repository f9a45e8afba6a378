"""Exchange settings: a JSON file without secrets; the secret lives in the (test) keyring."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

from igj_desktop.integrations.exchange import config
from igj_desktop.integrations.exchange.config import (
    AuthMethode,
    ExchangeSettings,
    Toegang,
    discover,
    load_settings,
    read_secret,
    save_settings,
)
from tests.ews_server.memory_keyring import MemoryKeyring
from tests.ews_server.memory_keyring import memory_keyring as installed_memory_keyring


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    with installed_memory_keyring() as backend:
        yield backend


SETTINGS = ExchangeSettings(
    mailbox="avries@igj.nl",
    gebruikersnaam="IGJ\\avries",
    auth=AuthMethode.NTLM,
    server_url="https://mail.igj.nl/EWS/Exchange.asmx",
)


def test_settings_round_trip_and_the_secret_stays_out_of_the_file(
    data_dir: Path, memory_keyring: MemoryKeyring
) -> None:
    assert load_settings(data_dir) is None
    save_settings(data_dir, SETTINGS, "Zomer2026!")
    assert load_settings(data_dir) == SETTINGS
    assert "Zomer2026!" not in (data_dir / "exchange.json").read_text(encoding="utf-8")
    assert read_secret(SETTINGS) == "Zomer2026!"
    assert list(memory_keyring.secrets.values()) == ["Zomer2026!"]
    assert [p.name for p in data_dir.iterdir()] == ["exchange.json"]


def test_a_damaged_settings_file_means_not_configured(data_dir: Path) -> None:
    (data_dir / "exchange.json").write_text("{niet json", encoding="utf-8")
    assert load_settings(data_dir) is None


def test_validation_explains_what_is_missing() -> None:
    bad = ExchangeSettings(
        mailbox="avries", gebruikersnaam=" ", auth=AuthMethode.OAUTH2, server_url="mail.igj.nl"
    )
    assert bad.validate() == [
        "Vul het e-mailadres van de mailbox in.",
        "Vul de gebruikersnaam (of bij OAuth2 de client-id) in.",
        "Het serveradres moet met https:// beginnen.",
        "Vul bij OAuth2 de tenant-id in.",
    ]
    assert SETTINGS.validate() == []
    kerberos = ExchangeSettings(mailbox="a@igj.nl", gebruikersnaam="a", auth=AuthMethode.KERBEROS)
    expected = [] if importlib.util.find_spec("requests_gssapi") else ["Kerberos is op deze"]
    assert [p[:19] for p in kerberos.validate()] == expected
    windows = ExchangeSettings(mailbox="a@igj.nl", gebruikersnaam="", auth=AuthMethode.WINDOWS)
    expected = [] if config.sspi_beschikbaar() else ["Aanmelden met de Windows-aanmelding kan"]
    assert [p[:39] for p in windows.validate()] == expected  # no user name needed


def test_a_cached_autodiscover_result_is_used_without_asking_again(
    data_dir: Path, memory_keyring: MemoryKeyring
) -> None:
    cached = ExchangeSettings(
        mailbox="avries@igj.nl",
        gebruikersnaam="svc-igj",
        toegang=Toegang.IMPERSONATIE,
        ontdekt_url="https://mail.igj.nl/EWS/Exchange.asmx",
    )
    assert discover(cached, "geheim", data_dir) is cached
    assert cached.configuration("geheim").service_endpoint == cached.ontdekt_url
