"""Closing a hoofddossier while a colleague adds a subdossier to it: one of the two is refused.

The invariant: a closed hoofddossier has no open subdossier. On PostgreSQL the order is
forced (the first holds its commit until the second waits for the lock), both ways round; on
both databases two threads race many times from a barrier.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import select

from igj_desktop.db import Database
from igj_desktop.models import Dossier, DossierStatus
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import afsluiten
from igj_desktop.services.dossiers import dossier as dossiers
from igj_desktop.services.errors import ServiceError, ValidationFailed
from tests.integration.dossier_support import new_dossier
from tests.integration.dossiers.test_dossiers_concurrency import run_while_first_commit_waits
from tests.seed import Seed

RONDES = 12


def _invariant_holds(db: Database) -> bool:
    """No closed hoofddossier has an open subdossier."""
    sub = Dossier.__table__.alias("sub")
    hoofd = Dossier.__table__
    with db.session() as session:
        fout = session.execute(
            select(hoofd.c.kenmerk)
            .join(sub, sub.c.parent_id == hoofd.c.id)
            .where(hoofd.c.status == DossierStatus.GESLOTEN, sub.c.status == DossierStatus.OPEN)
        ).first()
    return fout is None


def _acties(
    ctx: ServiceContext, bram: ServiceContext, seed: Seed, hoofd_id: object, version: int
) -> tuple[Callable[[], object], Callable[[], object]]:
    sluit = lambda: afsluiten.close_dossier(ctx, hoofd_id, "Onderzoek afgerond", version)  # noqa: E731
    sub = lambda: dossiers.create_subdossier(  # noqa: E731
        bram, hoofd_id, seed.dossiertypes["risicotoezicht"], "Bezoek locatie"
    )
    return sluit, sub


def _race(*acties: Callable[[], object]) -> list[object]:
    """Run the actions at the same moment in threads; each one's result or Dutch refusal."""
    start = threading.Barrier(len(acties))
    uitkomst: list[object] = [None] * len(acties)

    def race(i: int, actie: Callable[[], object]) -> None:
        start.wait()
        try:
            uitkomst[i] = actie()
        except ServiceError as exc:  # a Dutch refusal (or "bezet, probeer opnieuw")
            uitkomst[i] = exc

    threads = [threading.Thread(target=race, args=(i, a)) for i, a in enumerate(acties)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return uitkomst


@pytest.mark.parametrize("eerst", ["sluiten", "subdossier"])
def test_forced_order_on_postgresql_refuses_the_second(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for, eerst: str
) -> None:
    if database.engine.dialect.name != "postgresql":
        pytest.skip("de volgorde wordt afgedwongen met de rijvergrendeling van PostgreSQL")
    bram = ctx_for("bjansen")
    hoofd = new_dossier(ctx, seed, behandelaar_ids=[seed.medewerkers["bjansen"]])
    sluit, sub = _acties(ctx, bram, seed, hoofd.id, hoofd.version)
    first, second = (sluit, sub) if eerst == "sluiten" else (sub, sluit)

    _, fout = run_while_first_commit_waits(database, first, second)

    assert isinstance(fout, ValidationFailed)
    if eerst == "sluiten":
        assert "gesloten; er kan geen subdossier" in fout.message
        assert dossiers.list_subdossiers(ctx, hoofd.id) == []
    else:
        assert "Sluit eerst de open subdossiers" in fout.message
        assert not dossiers.get_dossier_detail(ctx, hoofd.id).gesloten
    assert _invariant_holds(database)


def test_two_threads_racing_never_close_a_dossier_with_an_open_subdossier(
    database: Database, seed: Seed, ctx: ServiceContext, ctx_for
) -> None:
    bram = ctx_for("bjansen")
    for ronde in range(RONDES):
        hoofd = new_dossier(
            ctx, seed, f"Ronde {ronde}", behandelaar_ids=[seed.medewerkers["bjansen"]]
        )
        acties = _acties(ctx, bram, seed, hoofd.id, hoofd.version)
        uitkomst = _race(*acties)
        gelukt = [not isinstance(u, ServiceError) for u in uitkomst]
        assert gelukt.count(True) == 1, uitkomst
        assert _invariant_holds(database), f"ronde {ronde}: gesloten met een open subdossier"
        gesloten = dossiers.get_dossier_detail(ctx, hoofd.id).gesloten
        assert gesloten == gelukt[0]
        assert len(dossiers.list_subdossiers(ctx, hoofd.id)) == int(gelukt[1])
