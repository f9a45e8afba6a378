"""Two sessions changing the same dossier on the shared PostgreSQL: a visible Conflict, never a
lost update; concurrent creates never hand out one kenmerk twice.

The truly concurrent case holds the first transaction open just before its commit (a
``before_commit`` listener) until the second one is seen waiting for the row lock in
``pg_stat_activity``; then the first commits and the second must fail with ``Conflict``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from igj_desktop.db import Database
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.errors import Conflict, NotFound
from igj_desktop.services.toegang import toekenning as toegang
from igj_desktop.services.toegang.controle import NIET_GEVONDEN
from tests.integration.dossier_support import new_dossier

WACHT_SECONDEN = 20


@pytest.fixture
def pg(database: Database) -> Database:
    if database.engine.dialect.name != "postgresql":
        pytest.skip("gelijktijdige sessies gaan over de gedeelde PostgreSQL-database")
    return database


def wait_for_lock_waiter(database: Database) -> None:
    """Return once another backend of this database waits for a lock (bounded, no sleep)."""
    deadline = time.monotonic() + WACHT_SECONDEN
    with database.engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
            conn.rollback()
            if waiting:
                return
    raise AssertionError("de tweede sessie wachtte niet op de rijvergrendeling")


def run_while_first_commit_waits(
    database: Database, first: Callable[[], object], second: Callable[[], object]
) -> tuple[object, BaseException | None]:
    """Run ``first``; just before it commits, start ``second`` in a thread and let ``first``
    commit only once ``second`` is blocked on the row ``first`` changed."""
    outcome: dict[str, BaseException | None] = {"second": None}
    thread: list[threading.Thread] = []

    def run_second() -> None:
        try:
            second()
        except BaseException as exc:  # reported to the test
            outcome["second"] = exc

    def before_commit(session: Session) -> None:
        if thread:
            return
        thread.append(threading.Thread(target=run_second))
        thread[0].start()
        wait_for_lock_waiter(database)

    event.listen(Session, "before_commit", before_commit)
    try:
        result = first()
    finally:
        event.remove(Session, "before_commit", before_commit)
    thread[0].join(WACHT_SECONDEN)
    assert not thread[0].is_alive()
    return result, outcome["second"]


def test_truly_concurrent_edits_end_in_a_conflict(pg, ctx, ctx_for, seed):
    detail = new_dossier(ctx, seed, behandelaar_ids=[seed.medewerkers["bjansen"]])
    bram = ctx_for("bjansen")
    result, fout = run_while_first_commit_waits(
        pg,
        lambda: dossiers.update_dossier(ctx, detail.id, detail.version, titel="Titel van Anna"),
        lambda: dossiers.update_dossier(bram, detail.id, detail.version, titel="Titel van Bram"),
    )
    assert isinstance(fout, Conflict) and "Iemand anders" in fout.message
    assert result.titel == "Titel van Anna"
    na = dossiers.get_dossier_detail(bram, detail.id)
    assert (na.titel, na.version) == ("Titel van Anna", 2)


def test_stale_read_model_on_postgresql_is_a_conflict(pg, ctx, ctx_for, seed):
    detail = new_dossier(ctx, seed, behandelaar_ids=[seed.medewerkers["bjansen"]])
    bram = ctx_for("bjansen")
    bram_leest = dossiers.get_dossier_detail(bram, detail.id)
    dossiers.update_dossier(ctx, detail.id, detail.version, omschrijving="Van Anna")
    with pytest.raises(Conflict):
        dossiers.update_dossier(bram, detail.id, bram_leest.version, omschrijving="Van Bram")
    assert dossiers.get_dossier_detail(ctx, detail.id).omschrijving == "Van Anna"


def test_concurrent_creates_get_distinct_kenmerken(pg, ctx, ctx_for, seed):
    bram = ctx_for("bjansen")
    parent = new_dossier(ctx, seed, behandelaar_ids=[seed.medewerkers["bjansen"]])

    def maak(i: int) -> tuple[str, str]:
        wie = ctx if i % 2 else bram
        hoofd = new_dossier(wie, seed, f"Dossier {i}").kenmerk
        sub = dossiers.create_subdossier(
            wie, parent.id, seed.dossiertypes["risicotoezicht"], f"Sub {i}"
        ).kenmerk
        return hoofd, sub

    with ThreadPoolExecutor(max_workers=4) as pool:
        kenmerken = list(pool.map(maak, range(12)))
    hoofd = sorted(k for k, _ in kenmerken)
    subs = sorted(s for _, s in kenmerken)
    jaar = ctx.today().year
    assert hoofd == [f"IGJ-{jaar}-{n:06d}" for n in range(2, 14)]
    assert subs == [f"{parent.kenmerk}-{n:02d}" for n in range(1, 13)]


def test_two_behandelaars_revoking_each_other_at_once_keep_one(pg, ctx, ctx_for, seed):
    detail = new_dossier(ctx, seed, behandelaar_ids=[seed.medewerkers["bjansen"]])
    rij = {r.naam: r.id for r in detail.toegang}
    bram = ctx_for("bjansen")
    result, fout = run_while_first_commit_waits(
        pg,
        lambda: toegang.revoke_toegang(ctx, detail.id, rij["Bram Jansen"]),
        lambda: toegang.revoke_toegang(bram, detail.id, rij["Anna de Vries"]),
    )
    assert [r.naam for r in result] == ["Anna de Vries"]
    # Bram waited for Anna, who took his toegang: refused as someone without access now
    assert isinstance(fout, NotFound) and fout.message == NIET_GEVONDEN
    assert [r.naam for r in toegang.list_toegang(ctx, detail.id)] == ["Anna de Vries"]
