"""Start-up on a database that cannot be used: a Dutch dialog before any window, file untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from igj_desktop.__main__ import main
from igj_desktop.config import Settings
from igj_desktop.db import HEAD
from igj_desktop.services.beheer.opstart import open_database
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from igj_desktop.views.hoofdvenster.main_window import MainWindow
from tests.conftest import PG_URL
from tests.integration.faults import read_only_folder
from tests.integration.offline.test_offline_visit import dead_url


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _hoofdvensters() -> set[int]:
    return {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)}


def _start(verwacht_titel: str) -> str:
    """Start the app as the user does; returns the text of the one dialog it showed."""
    vensters = _hoofdvensters()
    with dialogs.answering() as shown:
        assert main([]) == 1
    assert [(s.soort, s.titel) for s in shown] == [("fout", verwacht_titel)]
    assert _hoofdvensters() == vensters  # no window was made
    return shown[0].tekst


def _copy(sqlite_template: Path, data_dir: Path) -> Path:
    database = data_dir / "igj.sqlite"
    shutil.copyfile(sqlite_template, database)
    return database


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _overwrite_start(path: Path) -> None:
    path.write_bytes(b"Dit is geen database meer" * 4 + path.read_bytes()[100:])


def _newer_schema(path: Path) -> None:
    with sqlite3.connect(path) as verbinding:
        verbinding.execute("UPDATE alembic_version SET version_num = '0099'")
    verbinding.close()


@pytest.mark.parametrize(
    ("bederf", "titel", "tekst"),
    [
        (_truncate, "Database beschadigd", "afgekapt"),
        (_overwrite_start, "Database beschadigd", "het begin ervan ontbreekt"),
        (_newer_schema, "Nieuwere database", "nieuwere versie van IGJ Desktop (schema 0099)"),
    ],
    ids=["afgekapt", "overschreven", "nieuwer-schema"],
)
def test_a_damaged_or_newer_sqlite_file_is_explained_and_left_untouched(
    qtbot: QtBot,
    sqlite_template: Path,
    data_dir: Path,
    bederf: Callable[[Path], None],
    titel: str,
    tekst: str,
) -> None:
    database = _copy(sqlite_template, data_dir)
    bederf(database)
    voor = _hash(database)

    melding = _start(titel)

    assert tekst in melding
    assert "niet aangeraakt" in melding or "niets gewijzigd" in melding
    assert _hash(database) == voor
    wal = data_dir / "igj.sqlite-wal"  # SQLite's own log, if made by the read-only check: empty
    assert not wal.exists() or wal.stat().st_size == 0


def test_the_command_line_says_the_same_in_text(
    sqlite_template: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = _copy(sqlite_template, data_dir)
    _truncate(database)
    assert main(["db", "upgrade"]) == 1
    assert "Database beschadigd: " in capsys.readouterr().err


def test_a_read_only_data_folder_without_a_database_is_explained(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with read_only_folder(tmp_path) as map:
        monkeypatch.setenv("IGJ_DATA_DIR", str(map))
        melding = _start("Gegevensmap niet beschrijfbaar")
        assert str(map) in melding and "schrijfrechten" in melding
        assert list(map.iterdir()) == []


def test_a_database_on_a_read_only_share_opens_read_only_and_untouched(
    qtbot: QtBot,
    sqlite_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A restored back-up on a read-only filesystem (root cannot write it either): the app
    reads it (SQLite ``immutable``, as it cannot make its WAL index there) and writes nothing."""
    with read_only_folder(tmp_path, sqlite_template) as map:
        monkeypatch.setenv("IGJ_DATA_DIR", str(map))
        voor = _hash(map / "igj.sqlite")
        database = open_database(Settings.from_environment())
        try:
            assert database.alleen_lezen and database.revision() == HEAD
        finally:
            database.dispose()
        assert _hash(map / "igj.sqlite") == voor
        assert sorted(p.name for p in map.iterdir()) == ["igj.sqlite"]


def test_an_unreachable_shared_database_is_explained(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IGJ_DATABASE_URL", dead_url(PG_URL))
    melding = _start("Database niet bereikbaar")
    assert "Gedeelde database" in melding and "VPN" in melding


def test_a_new_data_folder_gets_a_migrated_database(data_dir: Path) -> None:
    database = open_database(Settings.from_environment())
    assert database.revision() == HEAD
    database.dispose()
