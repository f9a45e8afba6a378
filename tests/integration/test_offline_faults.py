"""Offline changes under faults: one the server cannot take becomes a conflict, the rest syncs."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from igj_desktop.models import Dossier, SyncChange, Waarneming
from igj_desktop.services.meenemen import inleveren
from igj_desktop.services.sync import NUL_AFGEWEZEN, SERVER_WEIGERT, los_op, open_conflicten

from . import test_offline_visit
from .test_offline_visit import APPARAAT, Visit, _count, _take_along, _waarneming

visit = test_offline_visit.visit  # the fixture: a dossier ready to take along, on PostgreSQL


def _direct_update(visit: Visit, **velden: object) -> None:
    """A change written past the services, as an older version of the app could: the change
    capture still logs it, so it travels with the next sync."""
    with visit.offline().unit_of_work() as s:
        s.execute(update(Dossier).where(Dossier.id == visit.dossier_id).values(**velden))


@pytest.mark.parametrize(
    ("velden", "melding"),
    [
        ({"omschrijving": "Gebeld met\x00de bestuurder"}, NUL_AFGEWEZEN),
        ({"titel": "x" * 400}, SERVER_WEIGERT),
    ],
    ids=["nul-teken", "te-lang"],
)
def test_one_change_the_server_cannot_take_becomes_a_conflict_and_the_rest_syncs(
    visit: Visit, velden: dict[str, object], melding: str
) -> None:
    _take_along(visit)
    offline = visit.offline()
    voor = _waarneming(offline, visit, "Medicatiekar niet afgesloten")
    _direct_update(visit, **velden)
    na = _waarneming(offline, visit, "Protocol ontbreekt op de afdeling")
    with visit.shared.session() as s:
        origineel = s.get_one(Dossier, visit.dossier_id)
        titel, omschrijving = origineel.titel, origineel.omschrijving

    resultaat = visit.sync()

    assert resultaat.conflicten == 1
    with visit.shared.session() as s:
        assert {w.id for w in s.scalars(select(Waarneming))} >= {voor, na}
        dossier = s.get_one(Dossier, visit.dossier_id)
        assert (dossier.titel, dossier.omschrijving) == (titel, omschrijving)
    with visit.replica.db.session() as s:  # nothing waits any more: every change was handled
        wachtend = select(func.count()).where(SyncChange.verzonden_op.is_(None))
        assert s.scalar(wachtend.select_from(SyncChange)) == 0
    (conflict,) = open_conflicten(visit.anna, APPARAAT)
    assert conflict.operatie == "afgewezen" and conflict.omschrijving == melding
    mijn = {v.veld: v.mijn for v in conflict.velden}
    assert "\x00" not in str(mijn)
    if "omschrijving" in velden:
        assert mijn["omschrijving"] == "Gebeld met␀de bestuurder"

    los_op(visit.anna, conflict.id, "hun")
    assert inleveren(visit.anna, visit.replica, visit.shared_store, visit.local_store)
    assert _count(visit.shared, Waarneming, Waarneming.id.in_([voor, na])) == 2
