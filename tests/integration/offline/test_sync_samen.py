"""Offline records that only add travel together: a statement per table for a whole run of
local transactions, not a savepoint and a round trip per change. When the server does not
take the run that way, each transaction goes on its own, with the same outcome."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Table, event, func, insert, select, update

from igj_desktop.db import Database
from igj_desktop.integrations.document_store import DatabaseDocumentStore, FileDocumentStore
from igj_desktop.models import (
    PostRichting,
    SyncChange,
    Telefoonnotitie,
    Toegang,
    ToegepasteWijziging,
)
from igj_desktop.services.base import ServiceContext
from igj_desktop.services.dossiers import telefoonnotities
from igj_desktop.services.offline.capture import open_replica
from igj_desktop.services.offline.codec import decode_row
from igj_desktop.services.offline.meenemen import neem_mee
from igj_desktop.services.offline.sync import (
    DATABASE_WEIGERT,
    VERWIJDERD_OP_SERVER,
    SyncResultaat,
    open_conflicten,
    synchroniseer,
)
from tests.conftest import database_as, make_database
from tests.integration.dossier_support import new_dossier
from tests.integration.offline import test_offline_visit
from tests.integration.offline.test_offline_visit import APPARAAT, Visit, _count, _take_along
from tests.seed import create_seed

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


def _rijen(db: Database, tabel: Table, ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple]:
    with db.engine.connect() as connection:
        return {
            rij.id: tuple(rij)
            for rij in connection.execute(select(tabel).where(tabel.c.id.in_(ids)))
        }


def test_records_sent_together_arrive_exactly_as_written_offline(visit_op: Visit) -> None:
    """The run's one statement per table (on PostgreSQL the server reads the rows from JSON)
    stores every column as the model writes it: times with their zone, flags, empty and
    absent values, text with quotes, backslashes and line breaks."""
    _take_along(visit_op)
    offline = visit_op.offline()
    telefoonnotities.record_telefoonnotitie(
        offline,
        visit_op.dossier_id,
        telefoonnotities.NieuweTelefoonnotitie(
            onderwerp='Teruggebeld over "het plan"',
            samenvatting='Regel één\nRegel twee: \\ en ‘quotes’ en {"json": [1]}',
            gesprekspartner="Mevr. d'Almeida",
            richting=PostRichting.UITGAAND,
            relatie_id=visit_op.seed.relaties["GGZ Noorderlicht"],
            gesprek_op=datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # the night the clock moves
            terugbellen=True,
        ),
    )
    _notities(visit_op, 2)
    tabel = Telefoonnotitie.__table__
    with visit_op.replica.db.engine.connect() as connection:
        ids = set(connection.scalars(select(tabel.c.id)))

    resultaat = _sync(visit_op)

    assert resultaat.toegepast == resultaat.verzonden == 3 * 2  # notes and their audit
    assert _rijen(visit_op.shared, tabel, ids) == _rijen(visit_op.replica.db, tabel, ids)
    with visit_op.shared.session() as s:
        markers = s.scalars(
            select(ToegepasteWijziging.volgnummer).where(
                ToegepasteWijziging.apparaat == visit_op.replica.apparaat
            )
        ).all()
    assert len(markers) == len(set(markers)) == 3 * 2


def test_the_policies_check_every_record_of_a_run(
    request: pytest.FixtureRequest, tmp_path: Path, data_dir: Path
) -> None:
    """Anna took the dossier along, then lost her place in its behandelteam: the server,
    syncing as her own role, refuses the notes the policies refuse, also when the run travels
    as one statement; each comes back as a conflict with the reason, nothing is stored."""
    shared = make_database("postgresql", request, tmp_path)
    seed = create_seed(shared)
    anna = ServiceContext.log_in(database_as(shared, "avries", request), "")
    bezoek = new_dossier(anna, seed, "Bezoek")
    replica = open_replica(data_dir, APPARAAT, seed.medewerkers["avries"])
    request.addfinalizer(replica.db.dispose)
    stores = (DatabaseDocumentStore(anna.db), FileDocumentStore(data_dir / "documenten"))
    neem_mee(anna, replica, [bezoek.id], tot=anna.now() + timedelta(days=1),
             shared_store=stores[0], local_store=stores[1])  # fmt: skip
    offline = ServiceContext.for_user(replica.db, "avries")
    for n in range(3):
        telefoonnotities.record_telefoonnotitie(
            offline,
            bezoek.id,
            telefoonnotities.NieuweTelefoonnotitie(onderwerp=f"Gesprek {n}", samenvatting="-"),
        )
    with shared.session() as s, s.begin():  # the owner: Anna reads along, no more
        s.execute(
            update(Toegang)
            .where(
                Toegang.dossier_id == bezoek.id, Toegang.medewerker_id == anna.actor.medewerker_id
            )
            .values(rol="lezer")
        )

    resultaat = synchroniseer(anna, replica, *stores)

    assert resultaat.toegepast == 0 and resultaat.in_conflict == resultaat.verzonden == 3 * 2
    conflicten = open_conflicten(anna)
    assert len(conflicten) == 3
    assert {c.omschrijving for c in conflicten} == {DATABASE_WEIGERT}
    assert _count(shared, Telefoonnotitie) == 0
