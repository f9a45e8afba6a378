"""Offline changes under faults: one the server cannot take becomes a conflict, the rest syncs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from igj_desktop.integrations.document_store import FileDocumentStore
from igj_desktop.models import Dossier, SyncChange, Waarneming
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.offline.capture import ID_FILE, Replica, aantal_wachtend, open_replica
from igj_desktop.services.offline.meenemen import inleveren, meegenomen_door
from igj_desktop.services.offline.sync import (
    ANDERE_REPLICA,
    NUL_AFGEWEZEN,
    SERVER_WEIGERT,
    SyncResultaat,
    los_op,
    open_conflicten,
    synchroniseer,
)
from tests.integration.offline import test_offline_visit
from tests.integration.offline.test_offline_visit import (
    APPARAAT,
    Visit,
    _count,
    _take_along,
    _waarneming,
)

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
    (conflict,) = open_conflicten(visit.anna, visit.replica.apparaat)
    assert conflict.operatie == "afgewezen" and conflict.omschrijving == melding
    mijn = {v.veld: v.mijn for v in conflict.velden}
    assert "\x00" not in str(mijn)
    if "omschrijving" in velden:
        assert mijn["omschrijving"] == "Gebeld met␀de bestuurder"

    los_op(visit.anna, conflict.id, "hun")
    assert inleveren(visit.anna, visit.replica, visit.shared_store, visit.local_store)
    assert _count(visit.shared, Waarneming, Waarneming.id.in_([voor, na])) == 2


def _tweede_laptop(visit: Visit, tmp_path: Path, identiteit_van: Replica | None = None) -> Replica:
    """Bram's replica on a laptop with the same name as Anna's (another Windows account on
    it, or a re-imaged one); ``identiteit_van``: its data folder cloned from that replica's."""
    folder = tmp_path / "tweede-account"
    folder.mkdir()
    if identiteit_van is not None:
        bron = Path(str(identiteit_van.db.engine.url.database)).with_name(ID_FILE)
        shutil.copyfile(bron, folder / ID_FILE)
    replica = open_replica(folder, APPARAAT, visit.seed.medewerkers["bjansen"])
    _take_along(visit, visit.bram, replica, FileDocumentStore(folder / "documenten"))
    return replica


def _sync(visit: Visit, ctx: ServiceContext, replica: Replica) -> SyncResultaat:
    folder = Path(str(replica.db.engine.url.database)).parent
    return synchroniseer(ctx, replica, visit.shared_store, FileDocumentStore(folder / "documenten"))


def test_two_replicas_with_the_same_device_name_both_arrive(visit: Visit, tmp_path: Path) -> None:
    _take_along(visit)
    bram_replica = _tweede_laptop(visit, tmp_path)
    assert bram_replica.apparaat != visit.replica.apparaat
    assert bram_replica.naam == visit.replica.naam == APPARAAT
    van_anna = _waarneming(visit.offline(), visit, "Anna: medicatiekar open")
    van_bram = _waarneming(
        ServiceContext.for_user(bram_replica.db, "bjansen"), visit, "Bram: protocol ontbreekt"
    )

    visit.sync()
    resultaat = _sync(visit, visit.bram, bram_replica)

    assert resultaat.al_toegepast == 0 and resultaat.toegepast > 0
    assert _count(visit.shared, Waarneming, Waarneming.id.in_([van_anna, van_bram])) == 2
    assert aantal_wachtend(bram_replica) == 0
    [lease] = meegenomen_door(visit.anna, [visit.dossier_id])[visit.dossier_id][:1]
    assert f"({APPARAAT})" in lease.tekst
    bram_replica.db.dispose()


def test_a_cloned_replica_is_refused_loudly_and_loses_nothing(visit: Visit, tmp_path: Path) -> None:
    _take_along(visit)
    kloon = _tweede_laptop(visit, tmp_path, identiteit_van=visit.replica)
    assert kloon.apparaat == visit.replica.apparaat
    _waarneming(visit.offline(), visit, "Anna: medicatiekar open")
    van_bram = _waarneming(ServiceContext.for_user(kloon.db, "bjansen"), visit, "Bram: protocol")
    visit.sync()

    with pytest.raises(ServiceError, match="dezelfde identiteit") as info:
        _sync(visit, visit.bram, kloon)

    assert info.value.message == ANDERE_REPLICA.format(volgnummer=info.value.message.split()[4])
    assert _count(visit.shared, Waarneming, Waarneming.id == van_bram) == 0
    assert aantal_wachtend(kloon) > 0  # nothing counted as sent: Bram's work is still there
    with kloon.db.session() as s:
        assert s.get(Waarneming, van_bram) is not None
    kloon.db.dispose()
