"""Meenemen voor bezoek: take dossiers along in the laptop's replica, and hand them back in.

``neem_mee`` records a ``Lease`` (who, which device, until when) per dossier in the shared
database and copies the dossiers with everything a visit needs into the replica, document
content included (verified by hash). ``meegenomen_door`` tells the views who has a dossier
with them. ``inleveren`` ends the leases once every offline change has been synchronised and
no conflict waits for a decision.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Select, bindparam, func, select
from sqlalchemy.orm import Session

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import DocumentStore
from igj_desktop.models import (
    Dossier,
    Lease,
    Medewerker,
    SyncConflict,
    ToegepasteWijziging,
    utcnow,
)
from igj_desktop.services.audit import record_audit
from igj_desktop.services.base import AMSTERDAM, ServiceContext
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.offline.capture import (
    Replica,
    aantal_wachtend,
    apparaat_naam,
    zet_volgnummer_vloer,
)
from igj_desktop.services.offline.kopie import Progress, Snapshot, collect, write_snapshot
from igj_desktop.services.toegang.controle import get_dossier, visible_dossiers
from igj_desktop.taal import aantal


@dataclass(frozen=True)
class LeaseInfo:
    """A dossier someone has taken along, for the "meegenomen door …" line in the views."""

    dossier_id: uuid.UUID
    medewerker: str
    apparaat: str
    tot: datetime

    @property
    def tekst(self) -> str:
        tot = self.tot.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")
        return f"Meegenomen door {self.medewerker} ({apparaat_naam(self.apparaat)}) tot {tot}"


@dataclass(frozen=True)
class Ververst:
    """What a refresh of the replica did: the rows it now holds, files and rows it wrote."""

    snapshot: Snapshot
    bestanden: int
    rijen: int


@dataclass(frozen=True)
class Meegenomen:
    kenmerken: list[str]
    rijen: int
    bestanden: int
    tot: datetime


@functools.cache
def _leases() -> Select[tuple[uuid.UUID, str, str, datetime]]:
    return (  # built once (see ``services.base.vaste_query``)
        select(Lease.dossier_id, Medewerker.naam, Lease.apparaat, Lease.tot)
        .join(Medewerker, Medewerker.id == Lease.medewerker_id)
        .where(
            Lease.dossier_id.in_(bindparam("dossier_ids", expanding=True)),
            Lease.ingeleverd_op.is_(None),
            Lease.tot > bindparam("nu"),
        )
        .order_by(Lease.tot)
    )


def meegenomen_door(ctx: ServiceContext, dossier_ids: Sequence[uuid.UUID]) -> dict:
    """Active leases per dossier: ``{dossier_id: [LeaseInfo, …]}`` (only dossiers with one)."""
    if not dossier_ids:
        return {}
    with ctx.read() as session:
        return leases_van(session, ctx.now(), dossier_ids)


def leases_van(
    session: Session, nu: datetime, dossier_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[LeaseInfo]]:
    """``meegenomen_door`` within a session already open."""
    result: dict[uuid.UUID, list[LeaseInfo]] = {}
    rows = session.execute(_leases(), {"dossier_ids": list(dossier_ids), "nu": nu})
    for dossier_id, naam, apparaat, tot in rows:
        result.setdefault(dossier_id, []).append(LeaseInfo(dossier_id, naam, apparaat, tot))
    return result


def _active_leases(ctx: ServiceContext, replica: Replica) -> list[Lease]:
    """This device's leases on dossiers the actor may still see (access can be withdrawn)."""
    with ctx.read() as session:
        return list(
            session.scalars(
                select(Lease)
                .join(Dossier, Dossier.id == Lease.dossier_id)
                .where(
                    Lease.apparaat == replica.apparaat,
                    Lease.medewerker_id == ctx.actor.medewerker_id,
                    Lease.ingeleverd_op.is_(None),
                    visible_dossiers(ctx.actor),
                )
            )
        )


def copy_blobs(hashes: set[str], source: DocumentStore, target: DocumentStore) -> int:
    """Copy the blobs ``target`` lacks, in chunks through a temporary file (a document of
    a gigabyte is never held in memory); both sides verify the content against its hash."""
    copied = 0
    with tempfile.TemporaryDirectory(prefix="igj-kopie-") as tijdelijk:
        for sha256 in sorted(hashes):
            if target.exists(sha256):
                continue
            tussen = Path(tijdelijk) / sha256
            source.export(sha256, tussen)
            target.put_file(tussen, verwacht=sha256)
            tussen.unlink()
            copied += 1
    return copied


def refresh_replica(
    ctx: ServiceContext,
    replica: Replica,
    shared_store: DocumentStore,
    local_store: DocumentStore,
    progress: Progress | None = None,
) -> Ververst:
    """Make the replica equal to the server for this device's leased dossiers.

    Blobs first, rows after: a content row in the replica always has its bytes on disk.
    """
    active = _active_leases(ctx, replica)
    with ctx.db.engine.connect() as connection:
        snapshot = collect(connection, sorted({lease.dossier_id for lease in active}, key=str))
    copied = copy_blobs(snapshot.content_hashes, shared_store, local_store)
    leases = [{c.name: getattr(lease, c.name) for c in Lease.__table__.c} for lease in active]
    with _without_foreign_key_checks(replica.db) as connection:
        rijen = write_snapshot(connection, snapshot, [(Lease.__table__, leases)], progress)
    return Ververst(snapshot, copied, rijen)


@contextmanager
def _without_foreign_key_checks(db: Database) -> Iterator[Connection]:
    """One transaction on the replica with foreign keys checked once, at the end.

    A refresh may repoint a kept row (a bewijs the server attached to its own bevinding) away
    from a row it removes, so row-by-row checks would fail on a consistent end state.
    """
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        connection.commit()
        try:
            with connection.begin():
                yield connection
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise ValidationFailed(
                        "De lokale kopie kon niet worden bijgewerkt: de gegevens van de server "
                        f"zijn onvolledig ({broken[0][0]}). Probeer het opnieuw."
                    )
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys = ON")
            connection.commit()


def neem_mee(
    ctx: ServiceContext,
    replica: Replica,
    dossier_ids: Sequence[uuid.UUID],
    *,
    tot: datetime,
    shared_store: DocumentStore,
    local_store: DocumentStore,
    sjablonen: Path | None = None,
    progress: Progress | None = None,
) -> Meegenomen:
    """Take ``dossier_ids`` (with their subdossiers) along for a visit until ``tot``."""
    if not dossier_ids:
        raise ValidationFailed("Kies eerst één of meer dossiers om mee te nemen.")
    if tot <= ctx.now():
        raise ValidationFailed("De datum 'meegenomen tot' moet in de toekomst liggen.")
    with ctx.unit_of_work() as session:
        roots = [get_dossier(session, ctx.actor, d) for d in dossier_ids]
        kenmerken = [dossier.kenmerk for dossier in roots]
        for dossier in _with_subdossiers(session, roots):
            _lease(session, ctx, replica, dossier, tot)
        # Every pushed change, applied, merged, in conflict or turned down, left a marker.
        vloer: int = session.execute(
            select(func.coalesce(func.max(ToegepasteWijziging.volgnummer), 0)).where(
                ToegepasteWijziging.apparaat == replica.apparaat
            )
        ).scalar_one()
    zet_volgnummer_vloer(replica, vloer)
    ververst = refresh_replica(ctx, replica, shared_store, local_store, progress)
    if sjablonen is not None and sjablonen.is_dir():
        shutil.copytree(sjablonen, replica_sjablonen(replica), dirs_exist_ok=True)
    return Meegenomen(kenmerken, ververst.snapshot.size, ververst.bestanden, tot)


def replica_sjablonen(replica: Replica) -> Path:
    """The sjablonen folder next to the replica, for generating documents offline."""
    database = replica.db.engine.url.database
    assert database is not None
    return Path(database).parent / "sjablonen"


def _with_subdossiers(session: Session, roots: list[Dossier]) -> list[Dossier]:
    result = {dossier.id: dossier for dossier in roots}
    frontier = list(roots)
    while frontier:
        children = session.scalars(
            select(Dossier).where(Dossier.parent_id.in_([d.id for d in frontier]))
        ).all()
        frontier = [child for child in children if child.id not in result]
        result.update((child.id, child) for child in frontier)
    return list(result.values())


def _lease(
    session: Session, ctx: ServiceContext, replica: Replica, dossier: Dossier, tot: datetime
) -> None:
    lease = session.scalar(
        select(Lease).where(
            Lease.dossier_id == dossier.id,
            Lease.apparaat == replica.apparaat,
            Lease.medewerker_id == ctx.actor.medewerker_id,
            Lease.ingeleverd_op.is_(None),
        )
    )
    if lease is None:
        session.add(
            Lease(
                dossier_id=dossier.id,
                medewerker_id=ctx.actor.medewerker_id,
                apparaat=replica.apparaat,
                tot=tot,
            )
        )
    else:
        lease.tot = tot
    record_audit(
        session,
        ctx.actor,
        "meegenomen",
        f"Dossier {dossier.kenmerk} meegenomen voor bezoek op {replica.naam}",
        entiteit="dossier",
        entiteit_id=dossier.id,
        dossier_id=dossier.id,
        gegevens={"apparaat": replica.apparaat, "tot": tot.isoformat()},
    )


def inleveren(
    ctx: ServiceContext,
    replica: Replica,
    shared_store: DocumentStore,
    local_store: DocumentStore,
    dossier_ids: Sequence[uuid.UUID] | None = None,
) -> list[str]:
    """Hand dossiers back in (all of this device's by default); returns their kenmerken.

    Only after a successful sync: every offline change pushed and no open conflict.
    """
    unsent = aantal_wachtend(replica)
    if unsent:
        raise ValidationFailed(
            f"Er zijn nog {unsent} wijzigingen niet gesynchroniseerd. Synchroniseer eerst; "
            "daarna kunt u de dossiers inleveren."
        )
    with ctx.unit_of_work() as session:
        open_conflicts = session.scalar(
            select(func.count())
            .select_from(SyncConflict)
            .where(
                SyncConflict.apparaat == replica.apparaat,
                SyncConflict.status == "open",
            )
        )
        if open_conflicts:
            raise ValidationFailed(
                f"Er {'is' if open_conflicts == 1 else 'zijn'} nog "
                f"{aantal(open_conflicts, 'conflict', 'conflicten')} waarover u moet beslissen "
                "voordat u kunt inleveren."
            )
        query = select(Lease).where(
            Lease.apparaat == replica.apparaat,
            Lease.medewerker_id == ctx.actor.medewerker_id,
            Lease.ingeleverd_op.is_(None),
        )
        if dossier_ids is not None:
            query = query.where(Lease.dossier_id.in_(list(dossier_ids)))
        leases = list(session.scalars(query))
        kenmerken = []
        for lease in leases:
            lease.ingeleverd_op = utcnow()
            kenmerk = session.get_one(Dossier, lease.dossier_id).kenmerk
            kenmerken.append(kenmerk)
            record_audit(
                session,
                ctx.actor,
                "ingeleverd",
                f"Ingeleverd na bezoek ({replica.naam})",
                entiteit="dossier",
                entiteit_id=lease.dossier_id,
                dossier_id=lease.dossier_id,
            )
    refresh_replica(ctx, replica, shared_store, local_store)
    return sorted(kenmerken)
