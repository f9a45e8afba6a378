"""Shared fixtures: a fresh data folder per test, real SQLite and PostgreSQL databases, seed data.

PostgreSQL tests run whenever the server at IGJ_TEST_PG_URL (default: the local server) is
reachable; with IGJ_REQUIRE_POSTGRES=1 (CI) an unreachable server fails instead of skipping.
Tests that convert to PDF need LibreOffice (fixture ``libreoffice``); with
IGJ_REQUIRE_LIBREOFFICE=1 (CI) a missing ``soffice`` fails them instead of skipping.
Each test gets its own throw-away database, cloned from a template migrated once per run.
On PostgreSQL the service contexts (``ctx``, ``ctx_for``, ``context_for``) log in as the
medewerker's own role, as the app does; the fixtures that fill a database (``seed``) and the
tests' own checks on ``database`` are the schema owner.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from igj_desktop.db import Database
from igj_desktop.integrations import pdf_convert
from igj_desktop.services.base import ServiceContext

from . import repository_guard
from .seed import Seed, create_seed

pytest_plugins = ["tests.logfail", "pytester"]  # a logged ERROR fails the test

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
repository_guard.install()

PG_URL = os.environ.get("IGJ_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("IGJ_REQUIRE_POSTGRES") == "1"
REQUIRE_LIBREOFFICE = os.environ.get("IGJ_REQUIRE_LIBREOFFICE") == "1"


def _pg_admin() -> psycopg.Connection:
    url = make_url(PG_URL)
    return psycopg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname=url.database,
        autocommit=True,
        connect_timeout=3,
    )


def _pg_reachable() -> bool:
    try:
        _pg_admin().close()
    except psycopg.OperationalError:
        return False
    return True


PG_AVAILABLE = _pg_reachable()


@pytest.fixture(autouse=True)
def _only_repository_data() -> Iterator[None]:
    """Fail the test that read beside the repository, even when it swallowed the refusal."""
    before = len(repository_guard.violations)
    yield
    if len(repository_guard.violations) > before:
        pytest.fail("; ".join(repository_guard.violations[before:]))


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder and user; never the developer's own."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("IGJ_DATA_DIR", str(folder))
    monkeypatch.setenv("IGJ_GEBRUIKER", "avries")
    monkeypatch.delenv("IGJ_DATABASE_URL", raising=False)
    # no machine-wide or personal instellingen.toml of the developer (XDG: Linux), no log
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc-xdg"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("IGJ_LOG_DIR", str(tmp_path / "log"))
    return folder


@pytest.fixture
def libreoffice() -> str:
    """The ``soffice`` executable; skips without it, or fails with IGJ_REQUIRE_LIBREOFFICE=1."""
    soffice = pdf_convert.find_soffice()
    if soffice is None:
        if REQUIRE_LIBREOFFICE:
            pytest.fail("LibreOffice (soffice) is niet gevonden (IGJ_REQUIRE_LIBREOFFICE=1)")
        pytest.skip("LibreOffice (soffice) is niet geïnstalleerd")
    return soffice


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "igj.sqlite"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    if not PG_AVAILABLE:
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL op {PG_URL} is niet bereikbaar (IGJ_REQUIRE_POSTGRES=1)")
        pytest.skip("PostgreSQL is niet bereikbaar")
    name = f"igj_tpl_{uuid.uuid4().hex[:10]}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    db = Database(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    db.upgrade()
    db.dispose()
    yield name
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_database(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    """A fresh, migrated, empty database of ``kind`` ('sqlite' or 'postgresql')."""
    if kind == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / f"igj-{uuid.uuid4().hex[:6]}.sqlite"
        shutil.copyfile(template, path)
        db = Database(f"sqlite:///{path}")
        request.addfinalizer(db.dispose)
        return db
    template_name: str = request.getfixturevalue("pg_template")
    name = f"igj_t_{uuid.uuid4().hex[:12]}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
    db = Database(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))

    def drop() -> None:
        db.dispose()
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    request.addfinalizer(drop)
    return db


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    """A fresh, migrated, empty database; every test using it runs on SQLite and PostgreSQL."""
    return make_database(request.param, request, tmp_path)


@pytest.fixture
def sqlite_database(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    """For tests about the embedded database only (GUI tests, file behaviour)."""
    return make_database("sqlite", request, tmp_path)


@pytest.fixture
def seed(database: Database) -> Seed:
    return create_seed(database)


def login_role(
    database: Database,
    gebruikersnaam: str,
    request: pytest.FixtureRequest,
    *,
    beheer: bool | None = None,
) -> str:
    """A PostgreSQL login role for one medewerker of a test database, as a DBA makes it (README).

    Roles are cluster-wide: the name carries the test database's, and it is dropped after."""
    url = make_url(database.url)
    role = f"{url.database}_{gebruikersnaam}"
    if beheer is None:  # a beheerder's role is in the beheer group
        with database.engine.connect() as connection:
            beheer = bool(
                connection.exec_driver_sql(
                    "SELECT 1 FROM medewerker m JOIN medewerker_rol r ON r.medewerker_id = m.id"
                    " WHERE m.gebruikersnaam = %s AND r.rol_code = 'beheerder'",
                    (gebruikersnaam,),
                ).first()
            )
    groep = "igj_beheer" if beheer else "igj_medewerker"
    with _pg_admin() as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN IN ROLE {groep}')
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE medewerker SET db_rol = %s WHERE gebruikersnaam = %s", (role, gebruikersnaam)
        )

    drop_role_after(request, role)
    return role


def drop_role_after(request: pytest.FixtureRequest, role: str) -> None:
    """Roles are cluster-wide: the test's go when it ends."""

    def drop() -> None:
        with _pg_admin() as admin:
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')

    request.addfinalizer(drop)


def database_as(
    database: Database,
    gebruikersnaam: str,
    request: pytest.FixtureRequest,
    *,
    beheer: bool | None = None,
) -> Database:
    """The same PostgreSQL database, logged in as the medewerker's own role (not the owner)."""
    role = login_role(database, gebruikersnaam, request, beheer=beheer)
    db = Database(make_url(database.url).set(username=role).render_as_string(hide_password=False))
    request.addfinalizer(db.dispose)
    return db


def als_eigenaar(request: pytest.FixtureRequest) -> bool:
    """Whether the test works as the schema owner instead of the medewerker's own role: marked
    ``eigenaar`` (schema, migrations, beheer set-up), or everything so with
    IGJ_TEST_ALS_EIGENAAR=1 (to tell a policy's refusal from a service's bug)."""
    return (
        os.environ.get("IGJ_TEST_ALS_EIGENAAR") == "1"
        or request.node.get_closest_marker("eigenaar") is not None
    )


def context_for(
    database: Database, request: pytest.FixtureRequest
) -> Callable[[str], ServiceContext]:
    """ServiceContexts as the app makes them: on PostgreSQL logged in as the medewerker's own
    role (``ServiceContext.log_in``), so the services run under the database's policies and
    grants; as the schema owner only when ``als_eigenaar``. Each call loads the actor anew."""
    if database.is_embedded or als_eigenaar(request):
        return lambda gebruikersnaam: ServiceContext.for_user(database, gebruikersnaam)
    logins: dict[str, Database] = {}

    def als_rol(gebruikersnaam: str) -> ServiceContext:
        if gebruikersnaam not in logins:
            logins[gebruikersnaam] = database_as(database, gebruikersnaam, request)
        return ServiceContext.log_in(logins[gebruikersnaam], gebruikersnaam)

    return als_rol


@pytest.fixture
def ctx_for(
    database: Database, seed: Seed, request: pytest.FixtureRequest
) -> Callable[[str], ServiceContext]:
    """A ServiceContext for any seeded gebruikersnaam (``context_for``)."""
    return context_for(database, request)


@pytest.fixture
def ctx(ctx_for: Callable[[str], ServiceContext]) -> ServiceContext:
    """The seeded behandelaar Anna de Vries (avries)."""
    return ctx_for("avries")


@dataclass
class GuiEnv:
    """A seeded embedded database for GUI tests."""

    db: Database
    seed: Seed
    ctx: ServiceContext


@pytest.fixture
def gui_env(sqlite_database: Database) -> GuiEnv:
    seed = create_seed(sqlite_database)
    return GuiEnv(sqlite_database, seed, ServiceContext.for_user(sqlite_database, "avries"))
