"""Automatic back-ups of the embedded database: consistent while writing, kept for a few days,
put back at start when the database is damaged, or from the Extra menu."""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from igj_desktop.__main__ import open_or_explain
from igj_desktop.app import create_main_window
from igj_desktop.config import Settings
from igj_desktop.db import Database
from igj_desktop.models import Dossier, Medewerker, Telefoonnotitie
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.beheer.backup import BEWAREN, backups, maak_backup
from igj_desktop.services.dossiers.telefoonnotities import (
    NieuweTelefoonnotitie,
    record_telefoonnotitie,
)
from igj_desktop.tijd import AMSTERDAM
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.hoofdvenster import werkbank_extra
from tests.conftest import GuiEnv
from tests.integration.dossier_support import new_dossier
from tests.seed import create_seed

from .test_dialogs_infra import _settings


def _pad(db: Database) -> Path:
    return Path(str(db.engine.url.database))


def _tel(pad: Path, tabel: str, waar: str = "") -> int:
    verbinding = sqlite3.connect(pad)
    try:
        return verbinding.execute(f"SELECT count(*) FROM {tabel} {waar}").fetchone()[0]
    finally:
        verbinding.close()


def test_a_backup_taken_while_the_app_writes_is_consistent(gui_env: GuiEnv, data_dir: Path) -> None:
    dossier = new_dossier(gui_env.ctx, gui_env.seed)
    stop = threading.Event()

    def schrijf() -> None:
        while not stop.is_set():
            record_telefoonnotitie(
                gui_env.ctx, dossier.id, NieuweTelefoonnotitie("Gesprek", "Verslag. " * 500)
            )

    schrijver = threading.Thread(target=schrijf)
    schrijver.start()
    try:
        backup = maak_backup(_pad(gui_env.db), data_dir, gui_env.ctx.now())
    finally:
        stop.set()
        schrijver.join(30)
    assert backup is not None
    verbinding = sqlite3.connect(backup.pad)
    try:
        assert verbinding.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        verbinding.close()
    # every telefoonnotitie in the copy has its audit entry: whole transactions only
    notities = _tel(backup.pad, "telefoonnotitie")
    audit = _tel(backup.pad, "audit_entry", "WHERE actie = 'telefoonnotitie_vastgelegd'")
    assert notities == audit
    with gui_env.db.session() as s:
        assert notities <= s.scalar(select(func.count()).select_from(Telefoonnotitie))


def test_one_backup_a_day_and_only_the_last_few_are_kept(gui_env: GuiEnv, data_dir: Path) -> None:
    begin = gui_env.ctx.now() - timedelta(days=10)
    for dag in range(BEWAREN + 2):
        assert maak_backup(_pad(gui_env.db), data_dir, begin + timedelta(days=dag)) is not None
    assert maak_backup(_pad(gui_env.db), data_dir, begin + timedelta(days=BEWAREN + 1)) is None
    bewaard = backups(data_dir)
    assert len(bewaard) == BEWAREN
    # a back-up is named by the day in Amsterdam (23:30 UTC is already tomorrow there)
    assert bewaard[0].datum == (begin + timedelta(days=BEWAREN + 1)).astimezone(AMSTERDAM).date()
    assert not list((data_dir / "back-ups").glob(".tmp-*"))


def test_a_damaged_database_is_put_back_from_the_backup_at_start(
    qtbot: QtBot, data_dir: Path
) -> None:
    settings = Settings.from_environment()
    database = Database(settings.database_url)
    database.upgrade()
    seed = create_seed(database)
    ctx = ServiceContext.for_user(database, "avries")
    bewaard = new_dossier(ctx, seed, "Van voor de back-up").id
    database.dispose()
    pad = _pad(database)
    maak_backup(pad, data_dir, ctx.now())
    pad.write_bytes(pad.read_bytes()[: pad.stat().st_size // 3])  # a copy cut off halfway
    beschadigd = hashlib.sha256(pad.read_bytes()).hexdigest()

    with dialogs.answering(True) as shown:
        hersteld = open_or_explain(argparse.Namespace(command=None), settings)

    assert [(s.soort, s.titel) for s in shown] == [("vraag", "Database beschadigd")]
    assert "afgekapt" in shown[0].tekst and "terugzetten" in shown[0].tekst
    assert hersteld is not None
    with hersteld.session() as s:
        assert s.get(Dossier, bewaard) is not None
    hersteld.dispose()
    [opzij] = data_dir.glob("igj.sqlite.voor-terugzetten-*[0-9]")
    assert hashlib.sha256(opzij.read_bytes()).hexdigest() == beschadigd


def test_refusing_the_backup_leaves_everything_as_it_was(qtbot: QtBot, data_dir: Path) -> None:
    settings = Settings.from_environment()
    database = Database(settings.database_url)
    database.upgrade()
    database.dispose()
    pad = _pad(database)
    maak_backup(pad, data_dir, datetime.now(UTC))
    pad.write_bytes(b"kapot" * 100)
    with dialogs.answering(False) as shown:
        assert open_or_explain(argparse.Namespace(command=None), settings) is None
    assert [s.soort for s in shown] == ["vraag", "fout"]
    assert pad.read_bytes() == b"kapot" * 100


def test_the_extra_menu_puts_a_backup_back(qtbot: QtBot, gui_env: GuiEnv, data_dir: Path) -> None:
    maak_backup(_pad(gui_env.db), data_dir, gui_env.ctx.now())
    later = new_dossier(gui_env.ctx, gui_env.seed, "Na de back-up").id
    window = create_main_window(_settings(gui_env, data_dir), gui_env.db)
    assert window is not None
    qtbot.addWidget(window)
    [onderhoud] = [e for e in window.extras if isinstance(e, werkbank_extra.Onderhoud)]

    with dialogs.answering(0) as shown:
        onderhoud.action.trigger()

    assert [s.soort for s in shown] == ["keuze", "informatie"]
    assert "start het opnieuw" in shown[1].tekst
    assert not window.isVisible()
    with gui_env.db.session() as s:
        assert s.get(Dossier, later) is None
        assert s.get(Medewerker, gui_env.seed.medewerkers["avries"]) is not None
    assert list(_pad(gui_env.db).parent.glob(f"{_pad(gui_env.db).name}.voor-terugzetten-*"))
