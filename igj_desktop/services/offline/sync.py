"""Synchronising the replica with the shared database: push the change log, then pull.

Push sends the replica's ``SyncChange`` rows in volgnummer order. The changes of one local
transaction (one service call) are applied together under one savepoint, in server
transactions of about ``BATCH_CHANGES`` changes, each with a ``ToegepasteWijziging`` row, so
replaying a change (after an interrupted sync, or twice) changes nothing. A change applies
when its base (version and field values) still holds; otherwise it is merged field by
field: fields the server did not change meanwhile take the offline value, fields both sides
changed become a ``SyncConflict`` for the user (the server keeps the colleague's value until
the user decides). Inserts of append-only records
(waarnemingen, notes, documents, audit) never conflict; a record both sides created under the
same unique key (the bevinding of a norm) is merged into the server's, and a version number
taken on both sides is renumbered. What the server cannot take at all (deleting what is still
in use or was changed, adding to what was deleted) turns the whole local transaction down,
shown as one conflict with the offline values.

Pull then makes the replica equal to the server for the dossiers still taken along. The
state is persisted per batch (``verzonden_op``), so a sync that stops halfway resumes.

Applying a batch on the server lives in ``sync_toepassen`` (its checks in ``sync_toets``, a
run of new records written at once by ``sync_invoegen``), deciding the conflicts in
``sync_conflicten``; their public names are importable from here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError

from igj_desktop.integrations.document_store import DocumentStore
from igj_desktop.models import SyncChange, SyncConflict, utcnow
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.errors import ServiceError
from igj_desktop.services.offline.capture import Replica, aantal_wachtend
from igj_desktop.services.offline.kopie import Progress
from igj_desktop.services.offline.meenemen import copy_blobs, refresh_replica
from igj_desktop.services.offline.sync_conflicten import (
    ConflictInfo,
    Keuze,
    VeldConflict,
    los_op,
    open_conflicten,
)
from igj_desktop.services.offline.sync_toepassen import (
    AFGEWEZEN,
    ANDERE_REPLICA,
    DATABASE_WEIGERT,
    NUL_AFGEWEZEN,
    SERVER_WEIGERT,
    VERWIJDERD_OP_SERVER,
    Batch,
    Change,
    Resultaat,
)
from igj_desktop.services.storing import VerbindingVerbroken
from igj_desktop.taal import aantal

__all__ = [
    "AFGEWEZEN",
    "ANDERE_REPLICA",
    "BATCH_CHANGES",
    "DATABASE_WEIGERT",
    "GESTOPT",
    "NUL_AFGEWEZEN",
    "ONDERBROKEN",
    "SERVER_WEIGERT",
    "VERWIJDERD_OP_SERVER",
    "ConflictInfo",
    "Keuze",
    "Resultaat",
    "SyncOnderbroken",
    "SyncResultaat",
    "VeldConflict",
    "los_op",
    "open_conflicten",
    "pending_changes",
    "synchroniseer",
]

ONDERBROKEN = (
    "De synchronisatie is onderbroken: de verbinding met de gedeelde database is weggevallen. "
    "Wat al verstuurd is, blijft verstuurd; start de synchronisatie opnieuw als de verbinding "
    "terug is."
)

GESTOPT = "De synchronisatie is gestopt. Wat al verstuurd is, blijft verstuurd."

# One server transaction (one commit, fewer round trips) per this many changes.
BATCH_CHANGES = 250


class SyncOnderbroken(ServiceError):
    """The sync stopped halfway (lost connection or the user stopped it); it can resume."""


@dataclass
class SyncResultaat:
    verzonden: int = 0
    toegepast: int = 0
    samengevoegd: int = 0
    in_conflict: int = 0
    conflicten: int = 0
    al_toegepast: int = 0
    opgehaald: int = 0
    bestanden: int = 0

    @property
    def samenvatting(self) -> str:
        tekst = (
            f"{self.verzonden} wijzigingen verstuurd ({self.samengevoegd} samengevoegd), "
            f"{self.opgehaald} bijgewerkt vanaf de server."
        )
        if self.conflicten:
            wachten = "wacht" if self.conflicten == 1 else "wachten"
            tekst += f" {aantal(self.conflicten, 'conflict', 'conflicten')} {wachten} op uw keuze."
        return tekst


def pending_changes(replica: Replica) -> list[Change]:
    """The unsent outbox in volgnummer order, read as plain rows (no ORM objects: a sync of
    thousands of changes would spend more on building them than on sending)."""
    log = SyncChange.__table__
    with replica.db.engine.connect() as connection:
        rows = connection.execute(
            select(*(log.c[naam] for naam in _LOG_COLUMNS))
            .where(log.c.apparaat == replica.apparaat, log.c.verzonden_op.is_(None))
            .order_by(log.c.volgnummer)
        )
        return [Change.of(row) for row in rows]


_LOG_COLUMNS = (
    "id", "apparaat", "volgnummer", "tabel", "operatie", "velden", "basis_versie",
    "medewerker_id", "aangemaakt_op",
)  # fmt: skip


def synchroniseer(
    ctx: ServiceContext,
    replica: Replica,
    shared_store: DocumentStore,
    local_store: DocumentStore,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
    per_batch: int = BATCH_CHANGES,
) -> SyncResultaat:
    """Push every unsent change, then refresh the replica; ``ctx.db`` is the shared database.

    Local transactions travel in server transactions of about ``per_batch`` changes; a stop
    takes effect between batches."""
    resultaat = SyncResultaat()
    try:
        # Changes made on the replica while pushing go along too: the refresh below replaces
        # the replica's rows, so it may only run when nothing waits any more.
        while aantal_wachtend(replica):
            _push(ctx, replica, (shared_store, local_store), resultaat, progress, stop, per_batch)
        ververst = refresh_replica(ctx, replica, shared_store, local_store, progress)
    except (OperationalError, VerbindingVerbroken) as exc:
        raise SyncOnderbroken(ONDERBROKEN) from exc
    resultaat.opgehaald, resultaat.bestanden = ververst.rijen, ververst.bestanden
    with ctx.read() as session:
        resultaat.conflicten = session.execute(
            select(func.count())
            .select_from(SyncConflict)
            .where(SyncConflict.apparaat == replica.apparaat, SyncConflict.status == "open")
        ).scalar_one()
    return resultaat


def _transactions(changes: list[Change]) -> list[list[Change]]:
    """Consecutive changes of one local transaction (one service call) form one group."""
    groups: list[list[Change]] = []
    for change in changes:
        if (
            groups
            and change.transactie is not None
            and groups[-1][0].transactie == change.transactie
        ):
            groups[-1].append(change)
        else:
            groups.append([change])
    return groups


def _push(
    ctx: ServiceContext,
    replica: Replica,
    stores: tuple[DocumentStore, DocumentStore],
    resultaat: SyncResultaat,
    progress: Progress | None,
    stop: threading.Event | None,
    per_batch: int,
) -> None:
    """Each local transaction is applied under its own savepoint: all of it or, when the
    server cannot take part of it (a deletion of something still in use), none of it.
    Batches of them share a server transaction, marked sent on the laptop once it commits."""
    pending = pending_changes(replica)
    done = 0
    shared_store, local_store = stores
    for batch in _batches(_transactions(pending), per_batch):
        if progress is not None:
            progress("Wijzigingen versturen", done, len(pending))
        if stop is not None and stop.is_set():
            raise SyncOnderbroken(GESTOPT)
        rows = [change for group in batch for change in group]
        for change in rows:
            if change.tabel == "content" and change.operatie == "insert":
                copy_blobs({change.sleutel}, local_store, shared_store)
        with ctx.db.engine.begin() as connection:
            applied = Batch(
                connection, replica.apparaat, [row.volgnummer for row in rows], ctx.actor
            )
            uitkomsten = applied.apply_all(batch)
            applied.record_applied()
        with replica.db.engine.begin() as connection:
            connection.execute(
                update(SyncChange.__table__)
                .where(SyncChange.__table__.c.id.in_([row.id for row in rows]))
                .values(verzonden_op=utcnow())
            )
        for uitkomst in uitkomsten:
            resultaat.verzonden += 1
            teller = _COUNTERS[uitkomst]
            setattr(resultaat, teller, getattr(resultaat, teller) + 1)
        done += len(rows)
    if progress is not None and pending:
        progress("Wijzigingen versturen", len(pending), len(pending))


def _batches(groups: Iterable[list[Change]], per_batch: int) -> Iterator[list[list[Change]]]:
    """Local transactions together in one server transaction of about ``per_batch``
    changes: a round trip and a commit per batch instead of per transaction. Each local
    transaction still gets its own savepoint, so it is applied whole or not at all."""
    batch: list[list[Change]] = []
    size = 0
    for group in groups:
        batch.append(group)
        size += len(group)
        if size >= per_batch:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


_COUNTERS = {
    "toegepast": "toegepast",
    "samengevoegd": "samengevoegd",
    "conflict": "in_conflict",
    "al_toegepast": "al_toegepast",
}
