"""A shared database is migrated by the beheerder (``igj-desktop db upgrade``), never by the
first client that starts; a client says in Dutch what to do when the schema is older or
newer than it knows. The embedded database still migrates itself."""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy.engine import make_url

from igj_desktop.__main__ import main, open_or_explain
from igj_desktop.config import Settings
from igj_desktop.db import HEAD, Database, alembic_config
from igj_desktop.services.beheer.opstart import OpstartFout, open_database
from igj_desktop.views.gemeenschappelijk.dialogs import dialogs
from tests.conftest import PG_URL, _pg_admin

OUDER = "0006"


@pytest.fixture
def gedeelde_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A new PostgreSQL database at the older schema ``OUDER``."""
    request.getfixturevalue("pg_template")  # skips (or fails in CI) without PostgreSQL
    naam = f"igj_schema_{uuid.uuid4().hex[:10]}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{naam}"')
    url = make_url(PG_URL).set(database=naam).render_as_string(hide_password=False)
    database = Database(url)
    command.upgrade(alembic_config(database.engine), OUDER)
    database.dispose()
    yield url
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')


def _settings(url: str, data_dir: Path) -> Settings:
    return Settings(data_dir, url, "avries", "test")


def _revisie(url: str) -> str | None:
    database = Database(url)
    try:
        return database.revision()
    finally:
        database.dispose()


def test_a_client_does_not_migrate_an_older_shared_schema(
    gedeelde_url: str, data_dir: Path
) -> None:
    with pytest.raises(OpstartFout) as fout:
        open_database(_settings(gedeelde_url, data_dir))
    assert fout.value.titel == "Database nog niet bijgewerkt"
    assert f"schema {OUDER}" in fout.value.message
    assert "vraag de beheerder `igj-desktop db upgrade` uit te voeren" in fout.value.message.lower()
    assert _revisie(gedeelde_url) == OUDER  # untouched


def test_the_window_says_so_in_a_dialog(gedeelde_url: str, data_dir: Path) -> None:
    with dialogs.answering() as shown:
        database = open_or_explain(
            argparse.Namespace(command=None), _settings(gedeelde_url, data_dir)
        )
    assert database is None
    [melding] = shown
    assert (melding.soort, melding.titel) == ("fout", "Database nog niet bijgewerkt")
    assert "igj-desktop db upgrade" in melding.tekst
    assert "Traceback" not in melding.tekst


def test_the_beheerder_upgrades_then_clients_start(
    gedeelde_url: str,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("IGJ_DATABASE_URL", gedeelde_url)
    assert main(["demo"]) == 1  # a command other than db upgrade does not migrate either
    assert "igj-desktop db upgrade" in capsys.readouterr().err
    assert main(["db", "upgrade"]) == 0
    assert "Schema en catalogus bijgewerkt" in capsys.readouterr().out
    assert _revisie(gedeelde_url) == HEAD
    database = open_database(_settings(gedeelde_url, data_dir))
    assert database.revision() == HEAD
    database.dispose()


def test_a_newer_shared_schema_asks_to_update_the_app(
    gedeelde_url: str,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = Database(gedeelde_url)
    with database.engine.begin() as verbinding:
        verbinding.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    database.dispose()
    monkeypatch.setenv("IGJ_DATABASE_URL", gedeelde_url)
    for argv in (["db", "upgrade"], ["demo"]):  # not even the beheerder's upgrade goes back
        assert main(argv) == 1
        fout = capsys.readouterr().err
        assert fout.startswith("Nieuwere database: ")
        assert "Werk IGJ Desktop bij" in fout
        assert "Traceback" not in fout
    assert _revisie(gedeelde_url) == "0099"


def test_an_empty_shared_database_waits_for_the_beheerder(pg_template: str, data_dir: Path) -> None:
    naam = f"igj_leeg_{uuid.uuid4().hex[:10]}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{naam}"')
    url = make_url(PG_URL).set(database=naam).render_as_string(hide_password=False)
    try:
        with pytest.raises(OpstartFout, match="nog geen schema"):
            open_database(_settings(url, data_dir))
        assert _revisie(url) is None
    finally:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')


def test_the_embedded_database_still_migrates_itself(data_dir: Path) -> None:
    url = f"sqlite:///{data_dir / 'igj.sqlite'}"
    database = Database(url)
    command.upgrade(alembic_config(database.engine), OUDER)
    database.dispose()
    database = open_database(_settings(url, data_dir))
    assert database.revision() == HEAD
    database.dispose()
