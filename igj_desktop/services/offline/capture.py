"""Change capture on the laptop's replica: every write a service makes becomes a SyncChange.

``open_replica`` opens (and migrates) the local SQLite copy and hangs session hooks on its
session factory, so every service works offline unchanged:

- ``before_flush`` refuses what cannot be done offline with a Dutch ``ValidationFailed``
  before anything is written: a new (sub)dossier, as only the server issues kenmerken;
- ``do_orm_execute`` records the statements services run directly (insert … on conflict,
  bulk update/delete) from the rows before and after;
- ``after_flush`` records each inserted, updated and deleted row as a ``SyncChange`` in the SAME
  transaction (Core inserts on the flush's connection), so a write and its log entry are
  committed or rolled back together.

``SyncChange.velden`` holds ``{"sleutel": <primary key>, "nieuw": {field: value},
"basis": {field: value}, "transactie": <id>}``: the new values and the values the change was
based on, which lets the server merge field by field when a colleague changed other fields
meanwhile, and the local transaction it belongs to, which the server applies as a whole.
"""

from __future__ import annotations

import os
import uuid
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Delete,
    Insert,
    Result,
    Table,
    Update,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.orm.attributes import instance_state

from igj_desktop.db import Database
from igj_desktop.models import AuditEntry, Base, Dossier, SyncChange, utcnow
from igj_desktop.services.errors import ValidationFailed
from igj_desktop.services.offline.codec import (
    BOOKKEEPING,
    SYNC_TABLES,
    encode,
    encode_row,
    key_column,
    key_uuid,
)

REPLICA_FILE = "replica.sqlite"
ID_FILE = "replica.id"
_SCHEIDING = "#"

GEEN_NIEUW_DOSSIER = (
    "U werkt offline: een nieuw dossier of subdossier aanmaken kan pas weer als de verbinding "
    "met de gedeelde database terug is (alleen de server geeft kenmerken uit). Werken in de "
    "meegenomen dossiers kan wel."
)

_TABLE_ORDER = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}


@dataclass(frozen=True)
class Replica:
    """The local copy of the taken dossiers and who it belongs to.

    ``apparaat`` is the replica's identity on the server (its changes are known there by
    ``(apparaat, volgnummer)``): the device name plus a random id of this replica, see
    ``replica_identiteit``."""

    db: Database
    apparaat: str
    medewerker_id: uuid.UUID | None

    @property
    def naam(self) -> str:
        """The device name, for people."""
        return apparaat_naam(self.apparaat)


def apparaat_naam(identiteit: str) -> str:
    """``laptop-anna`` of the identity ``laptop-anna#3f2c…``."""
    return identiteit.partition(_SCHEIDING)[0]


_replicas: weakref.WeakKeyDictionary[Database, Replica] = weakref.WeakKeyDictionary()


def replica_of(db: Database) -> Replica | None:
    """The replica registration of ``db``, or None when ``db`` is not a replica."""
    return _replicas.get(db)


def is_replica(db: Database) -> bool:
    return db in _replicas


def aantal_wachtend(replica: Replica) -> int:
    """Offline changes not yet sent to the shared database (for the banner, and inleveren)."""
    with replica.db.session() as session:
        return session.execute(
            select(func.count())
            .select_from(SyncChange)
            .where(SyncChange.apparaat == replica.apparaat, SyncChange.verzonden_op.is_(None))
        ).scalar_one()


VLOER = "vloer"  # operatie of the row that only carries the server's last volgnummer


def zet_volgnummer_vloer(replica: Replica, vloer: int) -> None:
    """Number the next offline change above ``vloer``, the highest volgnummer the server has
    seen from this apparaat. The server recognises a replay by (apparaat, volgnummer); a replica
    made anew on the same laptop (a reinstall, a cleared data folder) would start again at 1,
    and its new changes would be mistaken for ones already applied and dropped."""
    tabel = SyncChange.__table__
    with replica.db.engine.begin() as connection:
        lokaal: int = connection.execute(
            select(func.coalesce(func.max(tabel.c.volgnummer), 0)).where(
                tabel.c.apparaat == replica.apparaat
            )
        ).scalar_one()
        if vloer > lokaal:
            now = utcnow()
            connection.execute(
                insert(tabel).values(
                    id=uuid.uuid4(), aangemaakt_op=now, apparaat=replica.apparaat,
                    volgnummer=vloer, tabel="", sleutel=uuid.UUID(int=0), operatie=VLOER,
                    velden={}, verzonden_op=now,
                )
            )  # fmt: skip


def open_replica(data_dir: Path, apparaat: str, medewerker_id: uuid.UUID | None = None) -> Replica:
    """The migrated replica at ``<data_dir>/replica.sqlite`` with change capture switched on."""
    db = Database(f"sqlite:///{Path(data_dir) / REPLICA_FILE}")
    db.upgrade()
    return capture_changes(db, replica_identiteit(Path(data_dir), apparaat, db), medewerker_id)


def replica_identiteit(data_dir: Path, apparaat: str, db: Database) -> str:
    """The identity of the replica in ``data_dir``: ``<apparaat>#<random id>``, made once.

    The device name alone is not unique: two Windows accounts on one laptop, or a re-imaged
    laptop, have the same name, and the server would take the second replica's changes for
    replays of the first's and drop them. The data folder is per account; the random id is
    per replica. A replica from before the id keeps the identity its logged changes carry."""
    pad = data_dir / ID_FILE
    try:
        bewaard = pad.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        bewaard = ""
    if bewaard:
        return bewaard
    with db.session() as session:
        eerder = session.scalar(
            select(SyncChange.apparaat).order_by(SyncChange.volgnummer.desc()).limit(1)
        )
    identiteit = eerder or f"{apparaat[:60]}{_SCHEIDING}{uuid.uuid4().hex}"
    tijdelijk = pad.with_name(f".tmp-{pad.name}")
    tijdelijk.write_text(identiteit, encoding="utf-8")
    os.replace(tijdelijk, pad)
    return identiteit


def capture_changes(db: Database, apparaat: str, medewerker_id: uuid.UUID | None) -> Replica:
    """Switch change capture on for ``db`` (idempotent)."""
    existing = _replicas.get(db)
    if existing is not None:
        return existing
    replica = Replica(db, apparaat, medewerker_id)
    _replicas[db] = replica
    sessions = db._sessions  # the session factory every service session comes from
    hooks = _Hooks(replica)
    event.listen(sessions, "before_flush", hooks.before_flush)
    event.listen(sessions, "after_flush", hooks.after_flush)
    event.listen(sessions, "do_orm_execute", hooks.do_orm_execute)
    event.listen(sessions, "after_commit", _end_transaction)
    event.listen(sessions, "after_rollback", _end_transaction)
    return replica


@dataclass
class _Captured:
    tabel: str
    sleutel: str
    operatie: str
    nieuw: dict[str, Any]
    basis: dict[str, Any]
    basis_versie: int | None


class _Hooks:
    def __init__(self, replica: Replica) -> None:
        self.replica = replica

    def before_flush(self, session: Session, _context: UOWTransaction, _instances: Any) -> None:
        if any(isinstance(obj, Dossier) for obj in session.new):
            raise ValidationFailed(GEEN_NIEUW_DOSSIER)

    def after_flush(self, session: Session, _context: UOWTransaction) -> None:
        captured = [
            *(_inserted(obj) for obj in session.new),
            *(c for obj in session.dirty if (c := _updated(session, obj)) is not None),
            *(_deleted(obj) for obj in session.deleted),
        ]
        captured.sort(key=_flush_order)
        self._log(session, captured, _actor_in_flush(session))

    def do_orm_execute(self, state: ORMExecuteState) -> Result[Any] | None:
        """Statements a service runs directly (``insert … on conflict``, bulk deletes)."""
        if not (state.is_insert or state.is_update or state.is_delete):
            return None
        statement = state.statement
        if not isinstance(statement, Insert | Update | Delete):
            return None
        tbl = statement.table
        if not isinstance(tbl, Table) or tbl.name in SYNC_TABLES:
            return None
        connection = state.session.connection()
        before = (
            [] if isinstance(statement, Insert) else _rows(connection, tbl, statement.whereclause)
        )
        result = state.invoke_statement()
        if state.is_insert:
            keys = _inserted_keys(statement, tbl)
            captured = [
                _row_change(tbl, "insert", row, {}) for row in _by_keys(connection, tbl, keys)
            ]
        elif state.is_delete:
            captured = [_row_change(tbl, "delete", {}, row) for row in before]
        else:
            after = {
                _key_of(tbl, row): row
                for row in _by_keys(connection, tbl, [_key_of(tbl, r) for r in before])
            }
            captured = [
                c
                for row in before
                if (c := _row_update(tbl, row, after.get(_key_of(tbl, row)))) is not None
            ]
        self._log(state.session, captured, None)
        return result

    def _log(
        self, session: Session, captured: list[_Captured], medewerker_id: uuid.UUID | None
    ) -> None:
        captured = [c for c in captured if c.tabel not in SYNC_TABLES]
        if not captured:
            return
        connection = session.connection()
        volgnummer = connection.execute(
            select(func.coalesce(func.max(SyncChange.volgnummer), 0)).where(
                SyncChange.apparaat == self.replica.apparaat
            )
        ).scalar_one()
        medewerker_id = medewerker_id or self.replica.medewerker_id
        transactie = session.info.setdefault(_TRANSACTIE, str(uuid.uuid4()))
        now = utcnow()
        rows = [
            {
                "id": uuid.uuid4(),
                "aangemaakt_op": now,
                "apparaat": self.replica.apparaat,
                "volgnummer": volgnummer + offset,
                "tabel": change.tabel,
                "sleutel": key_uuid(change.tabel, change.sleutel),
                "operatie": change.operatie,
                "velden": {
                    "sleutel": change.sleutel,
                    "nieuw": change.nieuw,
                    "basis": change.basis,
                    "transactie": transactie,
                },
                "basis_versie": change.basis_versie,
                "medewerker_id": medewerker_id,
                "verzonden_op": None,
            }
            for offset, change in enumerate(captured, start=1)
        ]
        connection.execute(insert(SyncChange.__table__), rows)


_TRANSACTIE = "igj_sync_transactie"


def _end_transaction(session: Session) -> None:
    """The next transaction of this session gets a new id."""
    session.info.pop(_TRANSACTIE, None)


def _rows(connection: Connection, tbl: Table, where: Any) -> list[dict[str, Any]]:
    query = select(tbl) if where is None else select(tbl).where(where)
    return [dict(row._mapping) for row in connection.execute(query)]


def _key_of(tbl: Table, row: dict[str, Any]) -> Any:
    return row[key_column(tbl).name]


def _by_keys(connection: Connection, tbl: Table, keys: list[Any]) -> list[dict[str, Any]]:
    if not keys:
        return []
    return _rows(connection, tbl, key_column(tbl).in_(keys))


def _inserted_keys(statement: Any, tbl: Table) -> list[Any]:
    """Primary keys named in an ``insert().values(...)`` (one row or several)."""
    name = key_column(tbl).name
    params = statement.compile().params
    return [v for k, v in params.items() if k == name or k.startswith(f"{name}_m")]


def _row_change(
    tbl: Table, operatie: str, nieuw: dict[str, Any], basis: dict[str, Any]
) -> _Captured:
    row = nieuw or basis
    return _Captured(
        tbl.name,
        str(encode(_key_of(tbl, row))),
        operatie,
        encode_row(nieuw),
        encode_row(basis),
        basis.get("version"),
    )


def _row_update(
    tbl: Table, before: dict[str, Any], after: dict[str, Any] | None
) -> _Captured | None:
    if after is None:
        return None
    old, new = encode_row(before), encode_row(after)
    changed = [k for k in new if k not in BOOKKEEPING and new[k] != old.get(k)]
    if not changed:
        return None
    return _Captured(
        tbl.name,
        str(encode(_key_of(tbl, before))),
        "update",
        {k: new[k] for k in changed},
        {k: old.get(k) for k in changed},
        before.get("version"),
    )


def _flush_order(change: _Captured) -> tuple[int, int]:
    """Parents before children for inserts and updates; children first for deletes."""
    position = _TABLE_ORDER[change.tabel]
    if change.operatie == "delete":
        return (1, -position)
    return (0, position)


def _columns(obj: object) -> dict[str, Any]:
    """Column values by column name (not attribute name) as the instance holds them."""
    mapper = instance_state(obj).mapper
    return {prop.columns[0].name: getattr(obj, prop.key) for prop in mapper.column_attrs}


def _tabel(obj: object) -> Table:
    """The table a mapped instance lives in (every model maps one Table)."""
    tabel = instance_state(obj).mapper.local_table
    assert isinstance(tabel, Table)
    return tabel


def _key(obj: object) -> str:
    mapper = instance_state(obj).mapper
    prop = mapper.get_property_by_column(key_column(_tabel(obj)))
    return str(encode(getattr(obj, prop.key)))


def _inserted(obj: object) -> _Captured:
    values = {name: encode(v) for name, v in _columns(obj).items()}
    return _Captured(_tabel(obj).name, _key(obj), "insert", values, {}, None)


def _updated(session: Session, obj: object) -> _Captured | None:
    if not session.is_modified(obj, include_collections=False):
        return None
    state = instance_state(obj)
    nieuw: dict[str, Any] = {}
    basis: dict[str, Any] = {}
    for prop in state.mapper.column_attrs:
        name = prop.columns[0].name
        history = state.attrs[prop.key].history
        if name in BOOKKEEPING or not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if encode(new) == encode(old):
            continue
        nieuw[name] = encode(new)
        basis[name] = encode(old)
    if not nieuw:
        return None
    # the flush has already raised the version column by one: the change was based on the one before
    version = getattr(obj, "version", None)
    basis_versie = version - 1 if isinstance(version, int) else None
    return _Captured(_tabel(obj).name, _key(obj), "update", nieuw, basis, basis_versie)


def _deleted(obj: object) -> _Captured:
    values = {name: encode(v) for name, v in _columns(obj).items()}
    versie = values.get("version")
    return _Captured(
        _tabel(obj).name,
        _key(obj),
        "delete",
        {},
        values,
        versie if isinstance(versie, int) else None,
    )


def _actor_in_flush(session: Session) -> uuid.UUID | None:
    """The medewerker the service audits this write for: the author of the change."""
    for obj in session.new:
        if isinstance(obj, AuditEntry) and obj.medewerker_id is not None:
            return obj.medewerker_id
    return None
