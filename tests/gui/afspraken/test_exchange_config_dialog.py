"""The Exchange settings dialog: test the connection against the loopback EWS server, save."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from igj_desktop.integrations.exchange import config
from igj_desktop.integrations.exchange.config import AuthMethode
from igj_desktop.views.afspraken.exchange_config_dialog import ExchangeConfigDialog
from tests.ews_server import EwsTestServer
from tests.ews_server.memory_keyring import MemoryKeyring, memory_keyring
from tests.gui.screenshots import SHOTS
from tests.windows import windows_aanmelding

ANNA = "avries@igj.nl"


@pytest.fixture
def keyring_backend() -> Iterator[MemoryKeyring]:
    with memory_keyring() as backend:
        yield backend


@pytest.fixture
def server() -> Iterator[EwsTestServer]:
    with EwsTestServer(users={ANNA: "geheim"}) as srv:
        yield srv


def _fill(dialog: ExchangeConfigDialog, server: EwsTestServer, wachtwoord: str) -> None:
    dialog.mailbox.setText(ANNA)
    dialog.server_url.setText(server.url)
    dialog.auth.setCurrentIndex(dialog.auth.findData(AuthMethode.NTLM.value))
    dialog.gebruikersnaam.setText("IGJ\\avries")
    dialog.geheim.setText(wachtwoord)


def test_test_connection_then_save_with_the_secret_in_the_keyring(
    qtbot: QtBot, data_dir: Path, server: EwsTestServer, keyring_backend: MemoryKeyring
) -> None:
    dialog = ExchangeConfigDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.tenant_id.isEnabled()
    _fill(dialog, server, "fout")
    with qtbot.waitSignal(dialog.tested) as bad:
        dialog.test_button.click()
    assert bad.args[0].startswith("Geen verbinding")
    dialog.geheim.setText("geheim")
    with qtbot.waitSignal(dialog.tested) as good:
        dialog.test_button.click()
    assert good.args[0] == f"Verbonden met de agenda 'Agenda' van {ANNA}."
    dialog.grab().save(str(SHOTS / "exchange_config_dialog.png"))
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = config.load_settings(data_dir)
    assert saved is not None and saved.server_url == server.url
    assert "geheim" not in json.dumps(json.loads((data_dir / "exchange.json").read_text()))
    assert config.read_secret(saved) == "geheim"
    assert list(keyring_backend.secrets.values()) == ["geheim"]

    again = ExchangeConfigDialog(data_dir)
    qtbot.addWidget(again)
    assert (again.mailbox.text(), again.geheim.text()) == (ANNA, "")
    with qtbot.waitSignal(again.tested) as stored:
        again.test_button.click()
    assert stored.args[0].startswith("Verbonden")


def test_incomplete_settings_are_explained_and_not_saved(
    qtbot: QtBot, data_dir: Path, keyring_backend: MemoryKeyring
) -> None:
    dialog = ExchangeConfigDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.auth.setCurrentIndex(dialog.auth.findData(AuthMethode.OAUTH2.value))
    assert dialog.tenant_id.isEnabled()
    dialog.buttons.accepted.emit()
    assert "Vul het e-mailadres van de mailbox in." in dialog.resultaat.text()
    assert "tenant-id" in dialog.resultaat.text()
    assert config.load_settings(data_dir) is None
    assert keyring_backend.secrets == {}


def test_windows_sign_on_needs_no_name_or_password_and_stores_none(
    qtbot: QtBot, data_dir: Path, server: EwsTestServer, keyring_backend: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    windows_aanmelding(monkeypatch, "IGJ\\avries", "geheim")  # who is signed in to Windows
    dialog = ExchangeConfigDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.mailbox.setText(ANNA)
    dialog.server_url.setText(server.url)
    dialog.auth.setCurrentIndex(dialog.auth.findData(AuthMethode.WINDOWS.value))
    assert not dialog.gebruikersnaam.isEnabled() and not dialog.geheim.isEnabled()
    with qtbot.waitSignal(dialog.tested) as good:
        dialog.test_button.click()
    assert good.args[0] == f"Verbonden met de agenda 'Agenda' van {ANNA}."
    dialog.buttons.accepted.emit()
    saved = config.load_settings(data_dir)
    assert saved is not None and saved.auth == AuthMethode.WINDOWS
    assert saved.gebruikersnaam == "" and keyring_backend.secrets == {}
    assert set(server.aanmeldingen) == {"NTLM"}
