"""A visit in the main window: take a dossier along, lose the network, work, come back, sync.

The shared database is SQLite here (the window is under test; test_offline_visit.py runs the
services against PostgreSQL); the connection probe is a switch the test flips.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from igj_desktop.app import create_main_window
from igj_desktop.config import Settings
from igj_desktop.integrations.document_store import FileDocumentStore
from igj_desktop.services.dossiers import telefoonnotities
from igj_desktop.services.dossiers.telefoonnotities import NieuweTelefoonnotitie
from igj_desktop.services.offline.verbinding import Modus, Verbinding
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from igj_desktop.views.offline.offline_banner import OFFLINE_TEKST
from igj_desktop.views.offline.werkbank_offline import WerkbankOffline
from tests.conftest import GuiEnv
from tests.gui.screenshots import SHOTS
from tests.integration.dossier_support import new_dossier


def _shot(window: MainWindow, naam: str) -> None:
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        window.grab().save(str(SHOTS / naam))


def _select(qtbot: QtBot, window: MainWindow, kenmerk: str) -> None:
    model = window.tree_model
    row = next(
        r for r in range(model.rowCount()) if model.regel(model.index(r, 0)).kenmerk == kenmerk
    )
    window.tree.setCurrentIndex(model.index(row, 0))
    qtbot.waitUntil(lambda: not window.is_loading())


def test_take_along_work_offline_and_sync_back(
    qtbot: QtBot, gui_env: GuiEnv, data_dir: Path, tmp_path: Path
) -> None:
    online = {"ja": True}
    settings = Settings(data_dir, gui_env.db.url, "avries", "laptop-anna")
    window = create_main_window(settings, gui_env.db)
    assert window is not None
    qtbot.addWidget(window)
    offline = WerkbankOffline(
        window,
        settings,
        verbinding=Verbinding(gui_env.db, probe_fn=lambda: online["ja"]),
        shared_store=FileDocumentStore(tmp_path / "gedeeld"),
        interval_ms=30,
    )
    window.show()
    meenemen = new_dossier(gui_env.ctx, gui_env.seed, "Bezoek De Linde")
    new_dossier(gui_env.ctx, gui_env.seed, "Blijft op kantoor")
    window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading())
    assert not offline.banner.isVisible()

    _select(qtbot, window, meenemen.kenmerk)
    dialoog = offline.acties.neem_mee()
    assert dialoog is not None
    qtbot.waitUntil(lambda: dialoog.resultaat is not None, timeout=20_000)
    dialoog.close()
    qtbot.waitUntil(lambda: not window.is_loading())
    assert "Meegenomen door Anna de Vries" in window.detail.badge_label.text()

    online["ja"] = False
    # the probe sees it first; the window moves when the watcher's signal arrives: wait for that
    qtbot.waitUntil(lambda: window.ctx.db is offline.replica.db, timeout=5_000)
    qtbot.waitUntil(lambda: not window.is_loading())
    assert offline.modus is Modus.OFFLINE
    assert offline.banner.isVisible() and offline.banner.titel.text() == OFFLINE_TEKST
    assert not window.act_nieuw.isEnabled() and not offline.acties.synchroniseren.isEnabled()
    kenmerken = [
        window.tree_model.regel(window.tree_model.index(r, 0)).kenmerk
        for r in range(window.tree_model.rowCount())
    ]
    assert kenmerken == [meenemen.kenmerk]
    _shot(window, "werkbank_offline.png")

    telefoonnotities.record_telefoonnotitie(
        window.ctx,
        meenemen.id,
        NieuweTelefoonnotitie("Locatiemanager gebeld", "Bezoek om 9 uur bevestigd"),
    )
    assert telefoonnotities.list_telefoonnotities(gui_env.ctx, meenemen.id) == []

    online["ja"] = True
    qtbot.waitUntil(lambda: window.ctx.db is gui_env.db, timeout=5_000)
    assert offline.modus is Modus.ONLINE
    sync = offline.acties.dialoog
    assert sync is not None
    qtbot.waitUntil(lambda: sync.resultaat is not None, timeout=20_000)
    sync.close()
    qtbot.waitUntil(lambda: not window.is_loading())
    [notitie] = telefoonnotities.list_telefoonnotities(gui_env.ctx, meenemen.id)
    assert notitie.onderwerp == "Locatiemanager gebeld"
    assert window.act_nieuw.isEnabled() and not offline.banner.isVisible()
    window.close()


@pytest.mark.parametrize("dialect", ["sqlite"])
def test_the_embedded_database_cannot_take_dossiers_along(
    qtbot: QtBot, gui_env: GuiEnv, data_dir: Path, dialect: str
) -> None:
    window = create_main_window(Settings(data_dir, gui_env.db.url, "avries", "x"), gui_env.db)
    assert window is not None
    qtbot.addWidget(window)
    assert gui_env.db.engine.dialect.name == dialect
    assert not any(isinstance(e, WerkbankOffline) for e in window.extras)
    # The visit menu is there, but disabled, saying why (see test_werkbank_extra.py).
    assert not any(a.isEnabled() for a in window.menu("Be&zoek").actions())
    window.close()
