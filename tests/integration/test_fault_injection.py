"""Several clients write to PostgreSQL while their connections are terminated at random.

Every client keeps a ledger: a write the service accepted (returned) must be in the database
exactly once at the end; a write that failed with a Dutch ``Storing`` may have committed just
before the connection went (the answer was lost), so it is there at most once. Anything else
than a Dutch ``ServiceError`` fails the test. Bounded: ``DUUR`` seconds of work.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import FileDocumentStore
from igj_desktop.models import Document, Dossier, Telefoonnotitie
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.documenten import document as documenten
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.dossiers.telefoonnotities import (
    NieuweTelefoonnotitie,
    record_telefoonnotitie,
)
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.storing import VERBINDING_WEG, Storing

from ..document_demo import maak_dossier
from ..seed import Seed

CLIENTS = 4
DUUR = 12.0
GEBRUIKERS = ("avries", "bjansen")


@dataclass
class Grootboek:
    """Per kind of write: markers accepted, and markers whose outcome is unknown."""

    geaccepteerd: dict[str, set[str]] = field(default_factory=dict)
    onbekend: dict[str, set[str]] = field(default_factory=dict)
    storingen: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def noteer(self, soort: str, marker: str, gelukt: bool, melding: str = "") -> None:
        with self.lock:
            doel = self.geaccepteerd if gelukt else self.onbekend
            doel.setdefault(soort, set()).add(marker)
            if melding:
                self.storingen[melding] += 1


def _killer(db: Database, stop: threading.Event, gedood: list[int]) -> None:
    """Terminate a random backend of the test database every 20–150 ms."""
    url = make_url(db.url)
    with psycopg.connect(
        host=url.host, port=url.port or 5432, user=url.username, password=url.password,
        dbname=url.database, autocommit=True,
    ) as admin:  # fmt: skip
        while not stop.is_set():
            pids = [
                r[0]
                for r in admin.execute(
                    "SELECT pid FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ]
            if pids:
                pid = random.choice(pids)
                admin.execute("SELECT pg_terminate_backend(%s)", [pid])
                gedood.append(pid)
            stop.wait(random.uniform(0.02, 0.15))


def _client(
    nummer: int,
    ctx: ServiceContext,
    dossier_id: uuid.UUID,
    seed: Seed,
    store: FileDocumentStore,
    grootboek: Grootboek,
    stop: threading.Event,
    fouten: list[BaseException],
) -> None:
    acties: dict[str, Callable[[str], object]] = {
        "telefoonnotitie": lambda m: record_telefoonnotitie(
            ctx, dossier_id, NieuweTelefoonnotitie(m, "Gesprek tijdens de storingstest")
        ),
        "subdossier": lambda m: dossiers.create_subdossier(
            ctx, dossier_id, seed.dossiertypes["risicotoezicht"], m
        ),
        "document": lambda m: documenten.add_document(
            ctx, [dossier_id], "notitie.txt", m.encode(), titel=m, store=store
        ),
    }
    teller = 0
    try:
        while not stop.is_set():
            soort = random.choice(list(acties))
            teller += 1
            marker = f"client {nummer} schrijft {soort} {teller}"
            try:
                acties[soort](marker)
            except Storing as storing:
                grootboek.noteer(soort, marker, False, storing.message)
            except ServiceError as weigering:  # no refusal is expected in this workload
                fouten.append(weigering)
                return
            else:
                grootboek.noteer(soort, marker, True)
    except BaseException as exc:  # reported to the test: a raw error is a defect
        fouten.append(exc)


def _in_database(db: Database) -> dict[str, Counter[str]]:
    with db.session() as s:
        return {
            "telefoonnotitie": Counter(s.scalars(select(Telefoonnotitie.onderwerp))),
            "subdossier": Counter(
                s.scalars(select(Dossier.titel).where(Dossier.parent_id.isnot(None)))
            ),
            "document": Counter(s.scalars(select(Document.titel))),
        }


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_every_accepted_write_survives_random_terminated_connections_exactly_once(
    database: Database, seed: Seed, tmp_path: Path
) -> None:
    dossier = maak_dossier(database, seed)
    store = FileDocumentStore(tmp_path / "documenten")
    grootboek = Grootboek()
    stop, killer_stop = threading.Event(), threading.Event()
    fouten: list[BaseException] = []
    gedood: list[int] = []
    # each client its own engine and connections, logged in before the faults begin
    contexten = [
        ServiceContext.for_user(Database(database.url), GEBRUIKERS[n % 2]) for n in range(CLIENTS)
    ]
    clients = [
        threading.Thread(
            target=_client, args=(n, ctx, dossier.id, seed, store, grootboek, stop, fouten)
        )
        for n, ctx in enumerate(contexten)
    ]
    killer = threading.Thread(target=_killer, args=(database, killer_stop, gedood))
    for thread in clients:
        thread.start()
    killer.start()
    time.sleep(DUUR)
    killer_stop.set()
    killer.join(10)
    stop.set()
    for thread in clients:
        thread.join(30)
    assert not [t for t in clients if t.is_alive()]
    for ctx in contexten:
        ctx.db.dispose()

    assert not fouten, fouten[:3]
    assert len(gedood) > 10
    assert sum(grootboek.storingen.values()) > 0, "no write was hit: the faults did not land"
    assert set(grootboek.storingen) == {VERBINDING_WEG}  # the Dutch text, every time
    aanwezig = _in_database(database)
    for soort, markers in grootboek.geaccepteerd.items():
        assert markers, soort
        for marker in markers:
            assert aanwezig[soort][marker] == 1, f"{marker}: {aanwezig[soort][marker]} keer"
    for soort, markers in grootboek.onbekend.items():
        for marker in markers:
            assert aanwezig[soort][marker] <= 1, marker
    for soort, teller in aanwezig.items():  # nothing appeared that no client wrote
        geschreven = grootboek.geaccepteerd.get(soort, set()) | grootboek.onbekend.get(soort, set())
        assert set(teller) <= geschreven, soort
    # the subdossiers got distinct, gapless-enough kenmerken despite the kills
    with database.session() as s:
        kenmerken = list(s.scalars(select(Dossier.kenmerk).where(Dossier.parent_id == dossier.id)))
        assert len(kenmerken) == len(set(kenmerken))
        assert s.scalar(select(func.count()).select_from(Dossier)) == 1 + len(kenmerken)
