"""Real faults for the tests: a terminated PostgreSQL backend, a full SQLite file, a full disk.

Nothing here pretends: the backend is really killed by ``pg_terminate_backend``, SQLite really
runs out of pages, and the small filesystem is a real tmpfs (which needs root; elsewhere the
test that asks for it is skipped).
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from igj_desktop.db import Database

from ..conftest import _pg_admin


def backend_pid(dbapi_connection: Any) -> int:
    return int(dbapi_connection.info.backend_pid)


@contextmanager
def terminate_on(db: Database, fragment: str, times: int = 1) -> Iterator[list[int]]:
    """Kill the backend that is about to run a statement containing ``fragment``; yields the
    pids killed. The statement then fails as on a server restart or a dropped network."""
    killed: list[int] = []

    def before(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if fragment in statement and len(killed) < times:
            pid = backend_pid(conn.connection.dbapi_connection)
            with _pg_admin() as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", [pid])
            killed.append(pid)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield killed
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


@contextmanager
def sqlite_full(db: Database) -> Iterator[None]:
    """The SQLite file may not grow by a single page: the next write that needs one fails
    with SQLITE_FULL ("database or disk is full"), as on a full disk."""

    def limit(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    with db.engine.connect() as connection:  # the WAL into the file, so its size is final
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    db.engine.dispose()
    event.listen(db.engine, "connect", limit)
    try:
        yield
    finally:
        event.remove(db.engine, "connect", limit)
        db.engine.dispose()


@contextmanager
def small_disk(tmp_path: Path, size: str = "256k") -> Iterator[Path]:
    """A real, small filesystem (tmpfs) that fills up; skipped where mounting is not allowed."""
    mount = tmp_path / f"klein-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip("een kleine schijf (tmpfs) koppelen mag hier niet")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@contextmanager
def read_only_folder(tmp_path: Path, *files: Path) -> Iterator[Path]:
    """A real read-only filesystem holding copies of ``files`` (root cannot write it either)."""
    with small_disk(tmp_path, "64m") as mount:
        for bestand in files:
            shutil.copyfile(bestand, mount / bestand.name)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount
