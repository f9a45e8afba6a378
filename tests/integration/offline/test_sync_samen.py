"""Offline records that only add travel together: a statement per table for a whole run of
local transactions, not a savepoint and a round trip per change. When the server does not
take the run that way, each transaction goes on its own, with the same outcome."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import event, func, insert, select

from igj_desktop.models import SyncChange, Telefoonnotitie
from igj_desktop.services.dossiers import telefoonnotities
from igj_desktop.services.offline.codec import decode_row
from igj_desktop.services.offline.sync import (
    VERWIJDERD_OP_SERVER,
    SyncResultaat,
    open_conflicten,
    synchroniseer,
)
from tests.integration.offline import test_offline_visit
from tests.integration.offline.test_offline_visit import Visit, _count, _take_along

visit_op = test_offline_visit.visit_op  # the fixture: SQLite and PostgreSQL


def _notities(visit: Visit, aantal: int, begin: int = 0) -> None:
    offline = visit.offline()
    for n in range(begin, begin + aantal):
        telefoonnotities.record_telefoonnotitie(
            offline,
            visit.dossier_id,
            telefoonnotities.NieuweTelefoonnotitie(
                onderwerp=f"Gesprek {n}", samenvatting="Akkoord"
            ),
        )


def _sync(visit: Visit) -> SyncResultaat:
    return synchroniseer(visit.anna, visit.replica, visit.shared_store, visit.local_store)


def _statements(visit: Visit) -> int:
    """Statements the shared database receives during one sync."""
    teller = [0]

    def tel(*_args: object) -> None:
        teller[0] += 1

    event.listen(visit.shared.engine, "before_cursor_execute", tel)
    try:
        _sync(visit)
    finally:
        event.remove(visit.shared.engine, "before_cursor_execute", tel)
    return teller[0]


def _notitie_in_log(visit: Visit, **anders: object) -> uuid.UUID:
    """A copy of the last offline telefoonnotitie appended to the change log by hand, as its
    own local transaction, with ``anders`` changed; returns its key."""
    with visit.replica.db.engine.begin() as connection:
        log = SyncChange.__table__
        laatste = connection.execute(
            select(log).where(log.c.tabel == "telefoonnotitie").order_by(log.c.volgnummer.desc())
        ).first()
        assert laatste is not None
        volgnummer = connection.scalar(select(func.max(log.c.volgnummer)))
        sleutel = uuid.uuid4()
        nieuw = {**laatste.velden["nieuw"], "id": str(sleutel), **anders}
        connection.execute(
            insert(log).values(
                id=uuid.uuid4(), aangemaakt_op=datetime.now(UTC), apparaat=laatste.apparaat,
                volgnummer=volgnummer + 1, tabel="telefoonnotitie", sleutel=sleutel,
                operatie="insert", basis_versie=None, medewerker_id=laatste.medewerker_id,
                velden={"sleutel": str(sleutel), "nieuw": nieuw, "basis": {},
                        "transactie": f"hand-{sleutel}"},
            )
        )  # fmt: skip
    return sleutel


def test_a_run_of_inserts_takes_a_fixed_number_of_statements(visit_op: Visit) -> None:
    _take_along(visit_op)
    _notities(visit_op, 10)
    weinig = _statements(visit_op)
    _notities(visit_op, 100, begin=10)
    veel = _statements(visit_op)

    assert veel - weinig < 5, (weinig, veel)  # not a round trip per change
    assert _count(visit_op.shared, Telefoonnotitie) == 110
    assert open_conflicten(visit_op.anna) == []


def test_a_refused_insert_in_a_run_turns_down_only_its_own_transaction(visit_op: Visit) -> None:
    _take_along(visit_op)
    _notities(visit_op, 3)
    heel = _notitie_in_log(visit_op)
    kapot = _notitie_in_log(visit_op, medewerker_id=str(uuid.uuid4()))  # no such medewerker
    _notities(visit_op, 3, begin=3)

    resultaat = _sync(visit_op)

    with visit_op.shared.session() as s:
        op_server = set(s.scalars(select(Telefoonnotitie.id)))
    assert heel in op_server and kapot not in op_server
    assert len(op_server) == 7
    (conflict,) = open_conflicten(visit_op.anna)
    assert conflict.operatie == "afgewezen" and conflict.omschrijving == VERWIJDERD_OP_SERVER
    assert conflict.sleutel == str(kapot)
    assert resultaat.in_conflict == 1 and resultaat.toegepast == 7 * 2 - 1  # notes + audit
    assert _sync(visit_op).verzonden == 0  # handled: nothing is tried again


def test_a_record_the_server_already_has_is_applied_once(visit_op: Visit) -> None:
    """An earlier push that wrote a record but not its marker (or a copy of the same record):
    the run goes one transaction at a time, the record counts as applied, nothing doubles."""
    _take_along(visit_op)
    _notities(visit_op, 2)
    al_daar = _notitie_in_log(visit_op)
    _notities(visit_op, 2, begin=2)
    with visit_op.replica.db.session() as s:
        velden = s.scalars(select(SyncChange.velden).where(SyncChange.sleutel == al_daar)).one()
    with visit_op.shared.engine.begin() as connection:
        tabel = Telefoonnotitie.__table__
        connection.execute(insert(tabel).values(decode_row(tabel, velden["nieuw"])))

    resultaat = _sync(visit_op)

    assert _count(visit_op.shared, Telefoonnotitie) == 5
    assert resultaat.in_conflict == 0 and resultaat.toegepast == resultaat.verzonden
    assert open_conflicten(visit_op.anna) == []
