"""The beheerder's instellingen.toml, a user's own one, and the environment (config.py).

Real files in temporary folders; platformdirs finds them through the XDG variables, as it
finds %PROGRAMDATA% on Windows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from igj_desktop import config
from igj_desktop.config import (
    InstellingenFout,
    Settings,
    gebruiker_instellingen_pad,
    site_instellingen_pad,
)
from igj_desktop.integrations.document_store import FileDocumentStore
from igj_desktop.integrations.exchange.config import (
    AuthMethode,
    ExchangeSettings,
    load_settings,
    save_settings,
)

SITE = """\
[database]
url = "postgresql://igj-db.intern/igj"

[documenten]
map = '\\\\fs01\\igj\\documenten'

[exchange]
server = "https://mail.intern/EWS/Exchange.asmx"
auth = "kerberos"

[toegestaan_per_gebruiker]
instellingen = ["exchange.server"]
"""


@pytest.fixture
def mappen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    site, eigen = tmp_path / "etc-xdg", tmp_path / "home-config"
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(site))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(eigen))
    if sys.platform == "win32":  # platformdirs asks Windows itself there, not the environment
        monkeypatch.setattr(config, "site_config_dir", lambda *_: str(site / "IGJ Desktop"))
        monkeypatch.setattr(config, "user_config_dir", lambda *_: str(eigen / "IGJ Desktop"))
    monkeypatch.setenv("IGJ_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("IGJ_DATABASE_URL", raising=False)
    monkeypatch.delenv("IGJ_DOCUMENTEN_DIR", raising=False)
    return site_instellingen_pad(), gebruiker_instellingen_pad()


def _schrijf(pad: Path, tekst: str) -> None:
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(tekst, encoding="utf-8")


def test_site_file_is_found_where_the_installer_writes_it(mappen: tuple[Path, Path]) -> None:
    site, _ = mappen
    assert site.parent.name == "IGJ Desktop"
    _schrijf(site, SITE)
    settings = Settings.from_environment()
    assert settings.database_url == "postgresql://igj-db.intern/igj"
    assert settings.documenten_dir == Path(r"\\fs01\igj\documenten")
    assert settings.exchange_server == "https://mail.intern/EWS/Exchange.asmx"
    assert settings.exchange_auth == "kerberos"
    assert FileDocumentStore.default().root == Path(r"\\fs01\igj\documenten")


def test_without_any_file_the_embedded_defaults_hold(
    mappen: tuple[Path, Path], tmp_path: Path
) -> None:
    settings = Settings.from_environment()
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'igj.sqlite'}"
    assert settings.documenten_dir is None
    assert FileDocumentStore.default().root == tmp_path / "data" / "documenten"


def test_a_user_overrides_only_what_the_site_allows(mappen: tuple[Path, Path]) -> None:
    site, eigen = mappen
    _schrijf(site, SITE)
    _schrijf(
        eigen,
        '[exchange]\nserver = "https://eigen.intern/EWS/Exchange.asmx"\nauth = "ntlm"\n'
        '[database]\nurl = "sqlite:///eigen.sqlite"\n'
        '[toegestaan_per_gebruiker]\ninstellingen = ["database.url"]\n',
    )
    settings = Settings.from_environment()
    assert settings.exchange_server == "https://eigen.intern/EWS/Exchange.asmx"  # allowed
    assert settings.exchange_auth == "kerberos"  # not allowed: the site's
    assert settings.database_url == "postgresql://igj-db.intern/igj"  # a user cannot allow


def test_a_user_may_set_what_the_site_leaves_open(mappen: tuple[Path, Path]) -> None:
    site, eigen = mappen
    _schrijf(site, '[database]\nurl = "postgresql://igj-db.intern/igj"\n')
    _schrijf(eigen, '[exchange]\nauth = "oauth2"\n')
    assert Settings.from_environment().exchange_auth == "oauth2"


def test_environment_wins_for_development(
    mappen: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _schrijf(mappen[0], SITE)
    monkeypatch.setenv("IGJ_DATABASE_URL", "sqlite:///ontwikkel.sqlite")
    monkeypatch.setenv("IGJ_DOCUMENTEN_DIR", str(tmp_path / "docs"))
    settings = Settings.from_environment()
    assert settings.database_url == "sqlite:///ontwikkel.sqlite"
    assert settings.documenten_dir == tmp_path / "docs"


def test_site_exchange_settings_win_over_the_dialogs_file(
    mappen: tuple[Path, Path], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    save_settings(data, ExchangeSettings("anna@igj.nl", "anna", server_url="https://oud/EWS"))
    assert load_settings(data) == ExchangeSettings(
        "anna@igj.nl", "anna", server_url="https://oud/EWS"
    )
    _schrijf(mappen[0], SITE)
    geladen = load_settings(data)
    assert geladen is not None
    assert geladen.server_url == "https://mail.intern/EWS/Exchange.asmx"
    assert geladen.auth == AuthMethode.KERBEROS


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ('[database]\nurl = "postgresql://x/igj"\n\n[exchange\nserver = "y"\n', "op regel 4"),
        ("[database]\nurl = postgresql://x\n", "op regel 2"),
        (
            '[database]\nurl = "x"\nwachtwoord = "geheim"\n',
            "onbekende instelling database.wachtwoord",
        ),
        ("[documenten]\nmap = 3\n", "moet documenten.map tekst zijn"),
        ('[exchange]\nauth = "wachtwoord"\n', "exchange.auth 'wachtwoord' onbekend; kies uit ntlm"),
        ('[toegestaan_per_gebruiker]\ninstellingen = ["alles"]\n', "een lijst zijn met namen"),
    ],
)
def test_a_wrong_file_is_named_with_its_line(
    mappen: tuple[Path, Path], tekst: str, verwacht: str
) -> None:
    _schrijf(mappen[0], tekst)
    with pytest.raises(InstellingenFout) as fout:
        Settings.from_environment()
    assert str(mappen[0]) in fout.value.message
    assert verwacht in fout.value.message


def test_a_notepad_byte_order_mark_is_no_problem(mappen: tuple[Path, Path]) -> None:
    mappen[0].parent.mkdir(parents=True)
    mappen[0].write_bytes(b"\xef\xbb\xbf" + SITE.encode())
    assert Settings.from_environment().exchange_auth == "kerberos"


def test_start_refuses_a_wrong_site_file_in_dutch(
    mappen: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from igj_desktop.__main__ import main

    _schrijf(mappen[0], '[database]\nurl = "x\n')
    assert main(["db", "upgrade"]) == 1
    fout = capsys.readouterr().err
    assert fout.startswith("Instellingen onjuist: ")
    assert f"{mappen[0]} is onjuist op regel 2" in fout
    assert "Traceback" not in fout


def test_the_file_the_installer_writes(mappen: tuple[Path, Path]) -> None:
    """What packaging/igj_desktop.wxs writes (IniFile: key=value, every setting, empty ones
    too, the allowed list as one comma-separated text)."""
    site, eigen = mappen
    _schrijf(
        site,
        '[database]\nurl="postgresql://igj-db.intern/igj"\n'
        "[documenten]\nmap='\\\\fs01\\igj\\documenten'\n"
        '[exchange]\nserver=""\nauth="ntlm"\n'
        '[toegestaan_per_gebruiker]\ninstellingen="exchange.server, exchange.auth"\n',
    )
    _schrijf(eigen, '[exchange]\nserver = "https://eigen.intern/EWS/Exchange.asmx"\nauth = ""\n')
    settings = Settings.from_environment()
    assert settings.database_url == "postgresql://igj-db.intern/igj"
    assert settings.documenten_dir == Path(r"\\fs01\igj\documenten")
    assert settings.exchange_server == "https://eigen.intern/EWS/Exchange.asmx"
    assert settings.exchange_auth == "ntlm"  # the user's empty value changes nothing


def test_the_exchange_dialog_starts_from_the_site_settings(
    qtbot: QtBot, mappen: tuple[Path, Path], tmp_path: Path
) -> None:
    from igj_desktop.views.afspraken.exchange_config_dialog import ExchangeConfigDialog

    _schrijf(mappen[0], SITE)
    dialoog = ExchangeConfigDialog(tmp_path / "data")
    qtbot.addWidget(dialoog)
    assert dialoog.server_url.text() == "https://mail.intern/EWS/Exchange.asmx"
    assert dialoog.auth.currentData() == "kerberos"
    assert dialoog.mailbox.text() == ""
