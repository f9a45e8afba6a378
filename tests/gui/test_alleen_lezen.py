"""Read-only mode on a real database file opened with SQLite's ``mode=ro`` (root cannot
write through it either): the banner, every write action off, writes refused in Dutch."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from igj_desktop.app import create_main_window
from igj_desktop.config import Settings
from igj_desktop.db import Database
from igj_desktop.services.alleen_lezen import BANNER, MELDING, AlleenLezen
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.beheer.opstart import open_database
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.read_models import DossierDetail
from igj_desktop.views.hoofdvenster.alleen_lezen_banner import AlleenLezenBanner
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from tests.conftest import GuiEnv
from tests.gui.screenshots import SHOTS
from tests.integration.dossier_support import add_activiteit, new_dossier


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def alleen_lezen(gui_env: GuiEnv) -> Iterator[tuple[Database, DossierDetail, Path]]:
    """The seeded database with one dossier, closed by the writer, opened again read-only."""
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    add_activiteit(
        gui_env.ctx,
        dossier.id,
        "Reactie beoordelen",
        None,
        medewerker_id=gui_env.ctx.actor.medewerker_id,
    )
    with gui_env.db.engine.connect() as verbinding:
        verbinding.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    gui_env.db.dispose()
    pad = Path(gui_env.db.engine.url.database or "")
    database = Database(gui_env.db.url, alleen_lezen=True)
    yield database, dossier, pad
    database.dispose()


def test_services_read_but_refuse_every_write_in_dutch(
    alleen_lezen: tuple[Database, DossierDetail, Path],
) -> None:
    database, dossier, pad = alleen_lezen
    voor = _hash(pad)
    ctx = ServiceContext.for_user(database, "avries")
    detail = dossiers.get_dossier_detail(ctx, dossier.id)
    assert detail.titel == dossier.titel
    assert dossier.mag_wijzigen and not detail.mag_wijzigen  # the permission flag is off
    with pytest.raises(AlleenLezen) as fout:
        dossiers.update_dossier(ctx, dossier.id, titel="Nieuw", version=detail.version)
    assert fout.value.message == MELDING and fout.value.message.startswith("Alleen lezen: ")
    # below the service layer SQLite itself refuses: mode=ro holds for root too
    with database.session() as session, pytest.raises(OperationalError, match="readonly"):
        session.execute(text("UPDATE dossier SET titel = 'x'"))
    assert _hash(pad) == voor


def test_the_window_shows_the_banner_and_offers_no_write_action(
    qtbot: QtBot,
    alleen_lezen: tuple[Database, DossierDetail, Path],
    data_dir: Path,
) -> None:
    database, dossier, pad = alleen_lezen
    voor = _hash(pad)
    window = create_main_window(Settings(data_dir, database.url, "avries", "test"), database)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.is_loading())
    banner = window.findChild(AlleenLezenBanner)
    assert banner is not None and banner.isVisible() and banner.tekst.text() == BANNER
    assert not window.act_nieuw.isEnabled()
    terugzetten = [a for a in window.findChildren(QAction) if a.text() == "Back-up &terugzetten…"]
    assert terugzetten and not terugzetten[0].isEnabled()  # no restore onto a read-only file
    window.open_dossier(dossier.id)
    qtbot.waitUntil(lambda: not window.is_loading() and window.detail.detail is not None)
    assert window.detail.detail is not None and window.detail.detail.id == dossier.id
    assert not any(a.isEnabled() for a in [*window.dossier_actions, window.act_heropenen])
    # the werkvoorraad's menu: only opening the dossier, the writing actions greyed out
    assert window.werkvoorraad.model.rowCount() > 0
    regel = window.werkvoorraad.model.regel(window.werkvoorraad.model.index(0, 0))
    assert regel is not None
    menu = window.werkvoorraad.context_menu(regel)
    actief = {a.text() for a in menu.actions() if a.isEnabled() and not a.isSeparator()}
    assert actief == {"Dossier openen"} and menu.defaultAction().text() == "Dossier openen"
    assert "alleen te lezen" in menu.actions()[0].toolTip()
    menu.popup(window.werkvoorraad.table.viewport().mapToGlobal(QPoint(40, 20)))
    qtbot.waitUntil(menu.isVisible)
    menu.grab().save(str(SHOTS / "alleen_lezen_werkvoorraad_menu.png"))
    menu.close()
    window.grab().save(str(SHOTS / "alleen_lezen.png"))
    window.close()
    assert _hash(pad) == voor


def test_an_immutable_database_file_opens_read_only(gui_env: GuiEnv, data_dir: Path) -> None:
    """``chattr +i``: not even root may write the file, so the app opens it read-only."""
    pad = data_dir / "igj.sqlite"
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    with gui_env.db.engine.connect() as verbinding:
        verbinding.execute(text(f"VACUUM INTO '{pad}'"))
    if subprocess.run(["chattr", "+i", str(pad)], capture_output=True).returncode != 0:
        pytest.skip("het bestand onveranderlijk maken (chattr +i) kan hier niet")
    try:
        database = open_database(Settings(data_dir, f"sqlite:///{pad}", "avries", "test"))
        try:
            assert database.alleen_lezen
            ctx = ServiceContext.for_user(database, "avries")
            assert [d.id for d in dossiers.list_hoofddossiers(ctx, "", 0, 10)] == [dossier.id]
            with pytest.raises(AlleenLezen):
                new_dossier(ctx, gui_env.seed)
        finally:
            database.dispose()
    finally:
        subprocess.run(["chattr", "-i", str(pad)], check=True)
