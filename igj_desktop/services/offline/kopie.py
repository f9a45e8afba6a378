"""Copying the taken dossiers from the shared database into the replica (and refreshing it).

``collect`` reads everything a visit needs for a set of dossiers (a taken hoofddossier's
subdossiers are leased, hence listed, too): the dossier rows, betrokkenen, afspraken with
deelnemers, toetsingsinstrumenten with normen, waarnemingen and bevindingen, workflows and
activiteiten, telefoonnotities, post, documents with their versions and content rows,
toegang, and the reference data (medewerkers, groepen, rollen, dossiertypes). Then it follows
every foreign key until nothing referenced is missing (a parent dossier, a relatie, a library
instrument), so the replica is consistent.

``write_snapshot`` makes the replica's domain tables equal to a snapshot in one transaction:
changed rows are upserted, rows the server no longer has are removed. It writes through the
engine (Core), not through sessions, so the change capture never sees it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Result, Table, delete, select

from igj_desktop.models import Base, Versie, VersieTekst
from igj_desktop.services.offline.codec import SYNC_TABLES, key_column

Progress = Callable[[str, int, int], None]

# Copied whole: small catalogs a visit needs for names, pickers and logging in offline.
REFERENCE_TABLES = ("rol", "groep", "medewerker", "lidmaatschap", "medewerker_rol", "dossiertype")

# Rows that hang directly under a dossier.
DOSSIER_TABLES = (
    "toegang",
    "betrokkene",
    "afspraak",
    "workflow",
    "activiteit",
    "telefoonnotitie",
    "toetsingsinstrument",
    "waarneming",
    "bevinding",
    "oordeel",
    "document_dossier",
    "post_dossier",
)

# (table, column, (source table, source column)): rows whose column is in the source's values.
CHILD_TABLES = (
    ("deelnemer", "afspraak_id", ("afspraak", "id")),
    ("norm", "instrument_id", ("toetsingsinstrument", "id")),
    ("instrument_versie", "instrument_id", ("toetsingsinstrument", "id")),
    ("activiteit_document", "activiteit_id", ("activiteit", "id")),
    ("post", "id", ("post_dossier", "post_id")),
    ("document", "id", ("document_dossier", "document_id")),
    ("document", "id", ("post", "document_id")),
    ("bewijs", "bevinding_id", ("bevinding", "id")),
    ("bewijs", "waarneming_id", ("waarneming", "id")),
    ("document", "id", ("bewijs", "document_id")),
    ("versie", "document_id", ("document", "id")),
    ("content", "sha256", ("versie", "content_sha256")),
)

_CHUNK = 500
DOMAIN_TABLES = [t for t in Base.metadata.sorted_tables if t.name not in SYNC_TABLES]


@dataclass
class Snapshot:
    """Rows by table name and primary key, as plain dicts of column values."""

    rows: dict[str, dict[Any, dict[str, Any]]] = field(default_factory=dict)

    def add(self, tbl: Table, rows: Iterable[dict[str, Any]]) -> int:
        bucket = self.rows.setdefault(tbl.name, {})
        column = key_column(tbl).name
        added = 0
        for row in rows:
            if row[column] not in bucket:
                bucket[row[column]] = row
                added += 1
        return added

    def values(self, tabel: str, column: str) -> set[Any]:
        return {r[column] for r in self.rows.get(tabel, {}).values() if r[column] is not None}

    def keys(self, tabel: str) -> set[Any]:
        return set(self.rows.get(tabel, {}))

    @property
    def size(self) -> int:
        return sum(len(bucket) for bucket in self.rows.values())

    @property
    def content_hashes(self) -> set[str]:
        return self.keys("content")


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _dicts(result: Result[Any]) -> list[dict[str, Any]]:
    """The rows as dicts; the column names looked up once, not per row."""
    names = list(result.keys())
    return [dict(zip(names, row, strict=True)) for row in result]


def _fetch(connection: Connection, tbl: Table, column: str, values: set[Any]) -> list[dict]:
    found: list[dict[str, Any]] = []
    ordered = sorted(values, key=str)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        found.extend(_dicts(connection.execute(select(tbl).where(tbl.c[column].in_(chunk)))))
    return found


def collect(connection: Connection, dossier_ids: Sequence[uuid.UUID]) -> Snapshot:
    """Everything a visit needs for ``dossier_ids`` (each subdossier has its own lease)."""
    snapshot = Snapshot()
    for name in REFERENCE_TABLES:
        tbl = _table(name)
        snapshot.add(tbl, _dicts(connection.execute(select(tbl))))
    ids = set(dossier_ids)
    snapshot.add(_table("dossier"), _fetch(connection, _table("dossier"), "id", ids))
    for name in DOSSIER_TABLES:
        snapshot.add(_table(name), _fetch(connection, _table(name), "dossier_id", ids))
    for name, column, (source, source_column) in CHILD_TABLES:
        wanted = snapshot.values(source, source_column)
        if column == key_column(_table(name)).name:
            wanted -= snapshot.keys(name)
        snapshot.add(_table(name), _fetch(connection, _table(name), column, wanted))
    _close_over_foreign_keys(connection, snapshot)
    return snapshot


def _close_over_foreign_keys(connection: Connection, snapshot: Snapshot) -> None:
    """Fetch every row a collected row refers to, until nothing is missing."""
    while True:
        fetched = 0
        for tbl in DOMAIN_TABLES:
            if tbl.name not in snapshot.rows:
                continue
            for fk in tbl.foreign_keys:
                target = fk.column.table
                missing = snapshot.values(tbl.name, fk.parent.name) - snapshot.keys(target.name)
                if missing:
                    rows = _fetch(connection, target, fk.column.name, missing)
                    fetched += snapshot.add(target, rows)
        if not fetched:
            return


def _present(connection: Connection, tbl: Table, wanted: bool) -> dict[Any, dict[str, Any]]:
    """The replica's rows of ``tbl`` by key, as far as ``_differs`` needs them: the key alone
    when the snapshot has none of the table, key and version where the version tells a
    change, else the whole row."""
    column = key_column(tbl)
    if not wanted:
        columns = [column]
    elif "version" in tbl.c:
        columns = [column, tbl.c.version]
    else:
        columns = list(tbl.c)
    return {row[column.name]: row for row in _dicts(connection.execute(select(*columns)))}


def _differs(tbl: Table, old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    if old is None:
        return True
    if "version" in tbl.c:
        return old["version"] != new["version"]
    return old != new


def write_snapshot(
    connection: Connection,
    snapshot: Snapshot,
    extra: Sequence[tuple[Table, list[dict[str, Any]]]] = (),
    progress: Progress | None = None,
) -> int:
    """Make the replica's domain tables equal to ``snapshot``; returns the rows written.

    Rows the server no longer has are removed and changed rows are replaced (delete, then
    insert: a renumbered version must leave its number before another row takes it). Runs
    inside the caller's transaction with foreign keys checked at its end. ``extra`` rows (the
    leases) are replaced whole.
    """
    written = 0
    for tbl, *_ in extra:
        connection.execute(delete(tbl))
    for done, tbl in enumerate(DOMAIN_TABLES, start=1):
        column = key_column(tbl)
        wanted = snapshot.rows.get(tbl.name, {})
        present = _present(connection, tbl, bool(wanted))
        changed = [row for key, row in wanted.items() if _differs(tbl, present.get(key), row)]
        stale = sorted(
            (set(present) - set(wanted))
            | {row[column.name] for row in changed if row[column.name] in present},
            key=str,
        )
        for start in range(0, len(stale), _CHUNK):
            connection.execute(delete(tbl).where(column.in_(stale[start : start + _CHUNK])))
        for start in range(0, len(changed), _CHUNK):
            connection.execute(tbl.insert(), changed[start : start + _CHUNK])
        written += len(changed) + len(set(present) - set(wanted))
        if progress is not None:
            progress("Gegevens bijwerken", done, len(DOMAIN_TABLES))
    for tbl, rows in extra:
        if rows:
            connection.execute(tbl.insert(), rows)
    # the replica's own content index (not copied) loses the text of versions that went
    tekst = VersieTekst.__table__
    connection.execute(delete(tekst).where(tekst.c.versie_id.not_in(select(Versie.__table__.c.id))))
    return written
