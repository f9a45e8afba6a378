"""Engine and sessions: embedded SQLite by default, the shared PostgreSQL when configured."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath, PureWindowsPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection, Dialect
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HEAD = "0019"  # the newest migration; tests/integration/test_schema.py keeps it true
KEYRING_SERVICE = "IGJ Desktop database"
SESSIE_ALLEEN_LEZEN = "alleen_lezen"  # Session.info key of a read-only database


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_pragmas_alleen_lezen(dbapi_connection: object, _record: object) -> None:
    """The pragmas a ``mode=ro`` connection can take (the journal mode is the file's)."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def sqlite_uri(pad: PurePath) -> str:
    """The ``file:`` URI SQLite accepts for ``pad``, also for a UNC share (four slashes:
    SQLite refuses an authority such as ``file://server/share``)."""
    if isinstance(pad, PureWindowsPath) or sys.platform == "win32":
        windows = PureWindowsPath(pad)
        tekst = str(windows).replace("\\", "/")
        if tekst.startswith("//"):  # \\server\share\… → file:////server/share/…
            return "file://" + quote(tekst, safe="/")
        return "file:///" + quote(tekst, safe="/:")
    return pad.as_uri()


def sqlite_uri_alleen_lezen(pad: Path) -> str:
    """A ``mode=ro`` URI: SQLite never writes the file, also not for root. In a folder that
    cannot be written (a read-only share) SQLite cannot make its WAL index either, so the
    file is then opened ``immutable`` (nothing can change it there)."""
    onveranderlijk = "&immutable=1" if not os.access(pad.parent, os.W_OK) else ""
    return f"{sqlite_uri(pad)}?mode=ro{onveranderlijk}"


def _sqlite_alleen_lezen(pad: str) -> Engine:
    """SQLite opened read-only (``sqlite_uri_alleen_lezen``)."""
    import sqlite3

    uri = sqlite_uri_alleen_lezen(Path(pad))
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, timeout=5, check_same_thread=False),
    )
    event.listen(engine, "connect", _sqlite_pragmas_alleen_lezen)
    return engine


def make_engine(url: str, *, alleen_lezen: bool = False) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if alleen_lezen and parsed.database:
            return _sqlite_alleen_lezen(parsed.database)
        if parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    from igj_desktop.config import Settings  # only here: SQLite starts without requests
    from igj_desktop.db_tls import libpq_tls

    tls = libpq_tls(parsed.query, Settings.from_environment().data_dir)
    opties = {"options": _zonder_jit(parsed.query.get("options"))}
    engine = create_engine(
        url, pool_pre_ping=True, connect_args={"connect_timeout": 5, **tls, **opties}
    )
    event.listen(engine, "connect", _bytes_zonder_kopie)
    if parsed.username and parsed.password is None:
        event.listen(engine, "do_connect", _password_when_asked)
    return engine


def _zonder_jit(opties: str | tuple[str, ...] | None) -> str:
    """libpq's ``options`` (the URL's own kept) with JIT off for the app's sessions.

    PostgreSQL compiles a statement to machine code when its estimated cost passes
    ``jit_above_cost``; under the row-level security policies every statement's estimate
    does, and compiling took 150 ms of the tree's first page (230 ms, bench scale 0.3) for a
    query that runs in 80. The app sends short reads and writes only. Sent in the start-up
    packet: no extra round trip."""
    eigen = " ".join([opties] if isinstance(opties, str) else list(opties or ()))
    return f"{eigen} -c jit=off".strip()


def _bytes_zonder_kopie(dbapi_connection: object, _record: object) -> None:
    """Every ``bytes`` parameter goes to the server in place (``db_bytes``)."""
    from igj_desktop.db_bytes import BytesZonderKopie

    dbapi_connection.adapters.register_dumper(bytes, BytesZonderKopie)  # type: ignore[attr-defined]


def keyring_key(username: str, host: str | None) -> str:
    """Under which name the OS keyring keeps a medewerker's database password."""
    return f"{username}@{host or 'localhost'}"


def _password_when_asked(
    dialect: Dialect, _record: object, cargs: tuple[object, ...], cparams: dict[str, object]
) -> DBAPIConnection | None:
    """A password (SCRAM) login takes its secret from the OS keyring, never from a file or
    the connection string; with Kerberos/SSPI there is none and libpq asks for no password.

    The keyring (a tenth of a second to load at start) is only asked once the server wants
    a password: the first connection tries without. After that every connection takes the
    keyring's current secret at once."""
    if "password" not in cparams:
        try:
            return dialect.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError as exc:
            if exc.pgconn is None or not exc.pgconn.needs_password:
                raise
            secret = _password_from_keyring(cparams)
            if secret is None:
                raise
    else:
        secret = _password_from_keyring(cparams)
    cparams["password"] = secret  # None: libpq's own ways (pgpass) remain
    return None


def _password_from_keyring(cparams: dict[str, object]) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    user = str(cparams.get("user") or "")
    host = cparams.get("host")
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_key(user, str(host or "")))
    except KeyringError:  # no keyring on this machine: libpq's own ways (pgpass, trust) remain
        return None


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


class Database:
    """One database: its engine, a session factory and its schema migrations."""

    def __init__(self, url: str, *, alleen_lezen: bool = False) -> None:
        """``alleen_lezen``: an embedded database opened read-only (see
        ``services/alleen_lezen.py``); its sessions say so in ``info``."""
        self.url = url
        self.alleen_lezen = alleen_lezen
        self.engine = make_engine(url, alleen_lezen=alleen_lezen)
        info = {SESSIE_ALLEEN_LEZEN: True} if alleen_lezen else {}
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, info=info)

    @property
    def is_embedded(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def description(self) -> str:
        """For the status bar: which database this is, without credentials."""
        if self.is_embedded:
            return f"Ingebouwde database ({make_url(self.url).database})"
        parsed = make_url(self.url)
        return f"Gedeelde database {parsed.database} op {parsed.host}"

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def revision(self) -> str | None:
        """The migration the schema is at; None for an empty database."""
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (idempotent).

        At every start the schema is usually current: one query says so, and Alembic (half
        a second to import) is only loaded when there is something to migrate."""
        if self.revision() == HEAD:
            return
        from alembic import command

        command.upgrade(alembic_config(self.engine), "head")

    def dispose(self) -> None:
        self.engine.dispose()
