"""Property: whatever the interleaving of offline edits, online edits and interrupted or replayed
syncs, every accepted edit ends up on the server exactly once, or in a conflict for the user.

Both sides are SQLite here (copies of the migrated template) so hypothesis can run many
interleavings quickly; test_offline_visit.py covers the same markers and counts on both
databases. Exactly once is asserted directly, not only by the end state: one applied-change
marker per change, and a replay that applies nothing and changes no row.
"""

from __future__ import annotations

import itertools
import shutil
import threading
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import FileDocumentStore
from igj_desktop.models import (
    Bevinding,
    Dossier,
    Norm,
    SyncChange,
    SyncConflict,
    Toegang,
    ToegepasteWijziging,
    Toetsingsinstrument,
    Waarneming,
)
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.offline.capture import Replica, capture_changes
from igj_desktop.services.offline.meenemen import neem_mee
from igj_desktop.services.offline.sync import (
    BATCH_CHANGES,
    SyncOnderbroken,
    SyncResultaat,
    synchroniseer,
)
from tests.db_snapshot import alle_rijen
from tests.seed import create_seed

BEVINDINGEN = 2  # norms that have a bevinding from the start; one more norm has none yet
VELDEN = ("tekst", "oordeel")

# An edit of a norm's bevinding; for the last norm the first edit on a side creates it.
edit = st.tuples(st.integers(0, BEVINDINGEN), st.sampled_from(VELDEN))
operatie = st.one_of(
    st.tuples(st.just("offline_edit"), edit),
    st.tuples(st.just("online_edit"), edit),
    st.tuples(st.just("offline_add"), st.none()),
    st.tuples(st.just("online_add"), st.none()),
    # stop after n changes (4: run to the end), sending m changes per server transaction
    st.tuples(st.just("sync"), st.tuples(st.integers(0, 4), st.integers(1, 3))),
    st.tuples(st.just("replay"), st.none()),  # the laptop lost its "sent" marks in a crash
)


@dataclass
class World:
    shared: Database
    replica: Replica
    anna: ServiceContext
    bram: ServiceContext
    offline: ServiceContext
    stores: tuple[FileDocumentStore, FileDocumentStore]
    dossier_id: uuid.UUID
    normen: list[uuid.UUID]
    bevindingen: list[uuid.UUID]  # of the norms that had one from the start
    counter: itertools.count = field(default_factory=itertools.count)
    # (bevinding index, veld, waarde, kant) in the order the edits were accepted
    edits: list[tuple[int, str, str, str]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    def sync(
        self, stop_after: int | None = None, per_batch: int = BATCH_CHANGES
    ) -> SyncResultaat | None:
        stop = threading.Event()

        def progress(stap: str, gedaan: int, _totaal: int) -> None:
            if stop_after is not None and stap == "Wijzigingen versturen" and gedaan >= stop_after:
                stop.set()

        try:
            return synchroniseer(
                self.anna, self.replica, *self.stores, progress, stop, per_batch=per_batch
            )
        except SyncOnderbroken:
            assert stop_after is not None
            return None


def build_world(template: Path, folder: Path) -> World:
    folder.mkdir()
    for name in ("shared.sqlite", "replica.sqlite"):
        shutil.copyfile(template, folder / name)
    shared = Database(f"sqlite:///{folder / 'shared.sqlite'}")
    seed = create_seed(shared)
    anna = ServiceContext.for_user(shared, "avries")
    with anna.unit_of_work() as s:
        dossier = Dossier(
            kenmerk="IGJ-2026-000001",
            dossiertype_id=seed.dossiertypes["risicotoezicht"],
            titel="Bezoek",
            aanleiding="signaal",
        )
        s.add(dossier)
        s.flush()
        for wie in ("avries", "bjansen"):
            s.add(Toegang(dossier_id=dossier.id, medewerker_id=seed.medewerkers[wie]))
        instrument = Toetsingsinstrument(naam="Kader", dossier_id=dossier.id)
        instrument.normen = [Norm(titel=f"Norm {n}") for n in range(BEVINDINGEN + 1)]
        s.add(instrument)
        s.flush()
        bevindingen = [
            Bevinding(norm_id=n.id, dossier_id=dossier.id) for n in instrument.normen[:-1]
        ]
        s.add_all(bevindingen)
        s.flush()
        dossier_id, normen = dossier.id, [n.id for n in instrument.normen]
        ids = [b.id for b in bevindingen]
    replica_db = Database(f"sqlite:///{folder / 'replica.sqlite'}")
    replica = capture_changes(replica_db, "laptop", seed.medewerkers["avries"])
    stores = (FileDocumentStore(folder / "gedeeld"), FileDocumentStore(folder / "lokaal"))
    neem_mee(
        anna,
        replica,
        [dossier_id],
        tot=anna.now() + timedelta(days=1),
        shared_store=stores[0],
        local_store=stores[1],
    )
    return World(
        shared,
        replica,
        anna,
        ServiceContext.for_user(shared, "bjansen"),
        ServiceContext.for_user(replica_db, "avries"),
        stores,
        dossier_id,
        normen,
        ids,
    )


def _bevinding(s: Session, world: World, index: int) -> Bevinding | None:
    return s.scalar(
        select(Bevinding).where(
            Bevinding.norm_id == world.normen[index], Bevinding.dossier_id == world.dossier_id
        )
    )


def _edit(world: World, ctx: ServiceContext, kant: str, index: int, veld: str) -> None:
    waarde = f"{kant}-{next(world.counter)}"
    with ctx.unit_of_work() as s:
        bevinding = _bevinding(s, world, index)
        if bevinding is None:
            bevinding = Bevinding(norm_id=world.normen[index], dossier_id=world.dossier_id)
            s.add(bevinding)
        setattr(bevinding, veld, waarde)
    world.edits.append((index, veld, waarde, kant))


def _add(world: World, ctx: ServiceContext, kant: str) -> None:
    tekst = f"{kant}-waarneming-{next(world.counter)}"
    with ctx.unit_of_work() as s:
        s.add(Waarneming(norm_id=world.normen[0], dossier_id=world.dossier_id, tekst=tekst))
    world.added.append(tekst)


def _run(world: World, ops: list[tuple[str, object]]) -> None:
    for naam, arg in ops:
        if naam == "offline_edit":
            _edit(world, world.offline, "offline", *arg)  # type: ignore[misc]
        elif naam == "online_edit":
            _edit(world, world.bram, "online", *arg)  # type: ignore[misc]
        elif naam == "offline_add":
            _add(world, world.offline, "offline")
        elif naam == "online_add":
            _add(world, world.bram, "online")
        elif naam == "sync":
            stop_after, per_batch = arg  # type: ignore[misc]
            world.sync(None if stop_after == 4 else stop_after, per_batch)
        else:
            _replay(world)
    world.sync()


def _replay(world: World) -> None:
    """The laptop lost its "sent" marks in a crash: everything goes to the server again."""
    with world.replica.db.engine.begin() as c:
        c.execute(update(SyncChange.__table__).values(verzonden_op=None))


def _check_applied_once(world: World) -> None:
    """Exactly once, asserted directly: one applied-change marker per change the laptop
    made, and a replay of all of them applies none and changes no row on the server."""
    with world.replica.db.session() as s:
        volgnummers = sorted(s.scalars(select(SyncChange.volgnummer)))
    with world.shared.session() as s:
        markers = sorted(
            s.scalars(
                select(ToegepasteWijziging.volgnummer).where(
                    ToegepasteWijziging.apparaat == world.replica.apparaat
                )
            )
        )
    assert markers == volgnummers
    server = alle_rijen(world.shared)
    _replay(world)
    resultaat = world.sync()
    assert resultaat is not None
    assert resultaat.verzonden == resultaat.al_toegepast == len(volgnummers)
    assert alle_rijen(world.shared) == server


def _check(world: World) -> None:
    with world.shared.session() as s:
        teksten = list(s.scalars(select(Waarneming.tekst)))
        per_norm = [
            s.scalars(select(Bevinding).where(Bevinding.norm_id == norm)).all()
            for norm in world.normen
        ]
        # One bevinding per norm on the server, also when both sides created it.
        assert all(len(rows) == 1 for rows in per_norm[:-1]) and len(per_norm[-1]) <= 1
        sleutels = {i: str(rows[0].id) for i, rows in enumerate(per_norm) if rows}
        final = {
            (i, veld): getattr(rows[0], veld)
            for i, rows in enumerate(per_norm)
            if rows
            for veld in VELDEN
        }
        in_conflict = {
            (conflict.sleutel, veld, waarde)
            for conflict in s.scalars(select(SyncConflict))
            for veld, v in conflict.velden.items()
            for waarde in (v["mijn"], v["hun"])
        }
    with world.replica.db.session() as s:
        replica_teksten = sorted(s.scalars(select(Waarneming.tekst)))

    _check_applied_once(world)
    # Every added record is on the server exactly once, and the replica caught up.
    assert sorted(teksten) == sorted(world.added)
    assert replica_teksten == sorted(world.added)

    # No edit is lost: it is the end state, or a later edit of the same field overrode it
    # knowingly, or it waits in a conflict for the user.
    for position, (index, veld, waarde, _kant) in enumerate(world.edits):
        later = any(e[:2] == (index, veld) for e in world.edits[position + 1 :])
        kept = final[(index, veld)] == waarde
        disputed = (sleutels[index], veld, waarde) in in_conflict
        assert kept or later or disputed, (index, veld, waarde)
    # The last edit of every field survives: in the end state or in a conflict.
    last = {(i, veld): waarde for i, veld, waarde, _ in world.edits}
    for (index, veld), waarde in last.items():
        disputed = (sleutels[index], veld, waarde) in in_conflict
        assert final[(index, veld)] == waarde or disputed


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(operatie, max_size=14))
@example(  # both sides create the bevinding of the last norm, then the laptop edits it again
    ops=[
        ("offline_edit", (BEVINDINGEN, "tekst")),
        ("online_edit", (BEVINDINGEN, "oordeel")),
        ("offline_edit", (BEVINDINGEN, "oordeel")),
        ("sync", (1, 1)),
        ("offline_add", None),
    ]
)
def test_every_accepted_edit_survives_exactly_once(
    ops: list[tuple[str, object]], sqlite_template: Path, tmp_path: Path
) -> None:
    world = build_world(sqlite_template, tmp_path / uuid.uuid4().hex[:8])
    try:
        _run(world, ops)
        _check(world)
    finally:
        world.shared.dispose()
        world.replica.db.dispose()


@pytest.mark.parametrize("stop_after", [0, 1, 2])
def test_replayed_and_interrupted_syncs_apply_each_change_once(
    stop_after: int, sqlite_template: Path, tmp_path: Path
) -> None:
    world = build_world(sqlite_template, tmp_path / "w")
    ops: list[tuple[str, object]] = [
        ("offline_add", None),
        ("offline_edit", (0, "tekst")),
        ("online_edit", (0, "tekst")),
        ("offline_edit", (1, "oordeel")),
        ("sync", (stop_after, 1)),
        ("replay", None),
        ("offline_add", None),
    ]
    _run(world, ops)
    _check(world)
    with world.shared.session() as s:
        (conflict,) = s.scalars(select(SyncConflict)).all()
        assert conflict.velden["tekst"]["hun"] == world.edits[1][2]
    world.shared.dispose()
    world.replica.db.dispose()


def test_a_second_offline_change_of_a_disputed_field_never_overwrites_the_colleague(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """Two offline edits of one field, one online edit: the server keeps the colleague's
    value and one conflict offers the laptop's latest value (versions match by coincidence)."""
    world = build_world(sqlite_template, tmp_path / "w")
    _run(
        world,
        [
            ("offline_edit", (0, "tekst")),
            ("offline_edit", (0, "tekst")),
            ("online_edit", (0, "tekst")),
        ],
    )
    eerste, tweede, collega = (waarde for _, _, waarde, _ in world.edits)
    with world.shared.session() as s:
        assert s.get_one(Bevinding, world.bevindingen[0]).tekst == collega
        (conflict,) = s.scalars(select(SyncConflict)).all()
        assert conflict.velden["tekst"] == {"basis": "", "mijn": tweede, "hun": collega}
    assert eerste != tweede
    world.shared.dispose()
    world.replica.db.dispose()
