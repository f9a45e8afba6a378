"""Online/offline detection against real databases, and what is refused offline."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from sqlalchemy import select

from igj_desktop.db import Database
from igj_desktop.models import Dossier
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.offline.capture import capture_changes
from igj_desktop.services.offline.verbinding import (
    Modus,
    Verbinding,
    Werkplek,
    exchange_toegestaan,
    modus,
    probe,
    vereis_online,
)
from tests.seed import create_seed


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_probe_tells_a_reachable_database_from_a_dead_port(database: Database) -> None:
    assert probe(database.url) is True
    assert probe(f"postgresql://igj@127.0.0.1:{_closed_port()}/igj") is False


def test_transitions_are_reported_once_each(database: Database) -> None:
    doel = {"url": f"postgresql://igj@127.0.0.1:{_closed_port()}/igj"}
    verbinding = Verbinding(database, lambda: probe(doel["url"]))
    gezien: list[Modus] = []
    verbinding.bij_wissel(gezien.append)

    assert verbinding.controleer() is Modus.OFFLINE
    assert verbinding.controleer() is None  # still offline: no new transition
    doel["url"] = database.url
    assert verbinding.controleer() is Modus.ONLINE
    assert gezien == [Modus.OFFLINE, Modus.ONLINE]


def test_offline_the_app_works_on_the_replica_and_refuses_what_needs_the_server(
    database: Database, sqlite_template: Path, tmp_path: Path
) -> None:
    shutil.copyfile(sqlite_template, tmp_path / "replica.sqlite")
    replica = Database(f"sqlite:///{tmp_path / 'replica.sqlite'}")
    capture_changes(replica, "laptop", None)
    seed = create_seed(replica)
    verbinding = Verbinding(database, lambda: False)
    werkplek = Werkplek(verbinding, replica)
    assert werkplek.database() is database
    verbinding.controleer()
    assert werkplek.modus is Modus.OFFLINE
    assert werkplek.database() is replica

    assert modus(database) is Modus.ONLINE and exchange_toegestaan(database)
    assert modus(replica) is Modus.OFFLINE and not exchange_toegestaan(replica)
    vereis_online(database, "een afspraak naar Exchange sturen")
    with pytest.raises(ValidationFailed, match="U werkt offline: een nieuw dossier aanmaken"):
        vereis_online(replica, "een nieuw dossier aanmaken")

    ctx = werkplek.context(ServiceContext.for_user(replica, "avries").actor)
    assert ctx.db is replica
    with pytest.raises(ValidationFailed, match="offline"), ctx.unit_of_work() as s:
        s.add(
            Dossier(
                kenmerk="IGJ-2026-000007",
                dossiertype_id=seed.dossiertypes["tuchtzaak"],
                titel="Nieuw",
                aanleiding="signaal",
            )
        )
    with ctx.read() as s:
        assert s.scalars(select(Dossier)).all() == []
    replica.dispose()


def test_offline_without_taken_dossiers_says_so(database: Database) -> None:
    werkplek = Werkplek(Verbinding(database, lambda: False, Modus.OFFLINE), None)
    with pytest.raises(ValidationFailed, match="geen dossiers meegenomen"):
        werkplek.database()
