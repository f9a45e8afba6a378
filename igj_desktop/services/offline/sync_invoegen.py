"""Inserting many pushed rows on the server at once, each database its fastest honest way.

The rows arrive as the change log's JSON (``codec``). On PostgreSQL one statement per table
takes them all, ``INSERT … SELECT … FROM jsonb_populate_recordset(…)``: the server reads
the JSON into the table's own row type, so a thousand rows cost one statement, not a
thousand (an executemany plans, runs and acknowledges each row; a multi-row ``VALUES`` costs
the client more to build than it saves). The statement runs as the pushing medewerker like
any other, so the row-level security policies check every row. SQLite runs in the process:
there an executemany is already the floor.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    DateTime,
    Insert,
    Table,
    bindparam,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnClause

from igj_desktop.models import Base
from igj_desktop.services.offline.codec import decode_row

_TABLE_ORDER = {t.name: n for n, t in enumerate(Base.metadata.sorted_tables)}


def insert_if_new(connection: Connection, tbl: Table) -> Insert:
    """INSERT … ON CONFLICT DO NOTHING: a key (or unique value) the server already has is
    left alone and counted out, instead of an error that would need a savepoint per row.
    (Without ``preserve_rowcount`` the PostgreSQL driver's count is not kept.)"""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(tbl).on_conflict_do_nothing().execution_options(preserve_rowcount=True)


def nieuwe_records(connection: Connection, rijen: Iterable[tuple[Table, dict[str, Any]]]) -> int:
    """Insert JSON rows that are new to the server, a statement per table (parents first) and
    set of columns; returns how many the server did not have yet."""
    per_tabel: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
    for tbl, rij in rijen:
        eigen = {naam: waarde for naam, waarde in rij.items() if naam in tbl.c}
        per_tabel.setdefault((tbl.name, tuple(sorted(eigen))), []).append(eigen)
    nieuw = 0
    for (tabel, _), groep in sorted(per_tabel.items(), key=lambda t: _TABLE_ORDER[t[0][0]]):
        nieuw += voeg_in(connection, Base.metadata.tables[tabel], groep, alleen_nieuw=True)
    return nieuw


def voeg_in(
    connection: Connection, tbl: Table, rijen: list[dict[str, Any]], *, alleen_nieuw: bool
) -> int:
    """Insert JSON ``rijen`` (all with the same columns) into ``tbl``; returns the rows
    inserted. ``alleen_nieuw``: skip rows whose key or unique value the server has."""
    if not rijen:
        return 0
    kolommen = tuple(rijen[0])
    if connection.dialect.name == "postgresql" and _zonder_model(tbl, kolommen, rijen):
        statement = _uit_json(tbl, kolommen, alleen_nieuw)
        return connection.execute(statement, {"rijen": rijen}).rowcount
    model = insert_if_new(connection, tbl) if alleen_nieuw else tbl.insert()
    return connection.execute(model, [decode_row(tbl, rij) for rij in rijen]).rowcount


def _zonder_model(tbl: Table, kolommen: tuple[str, ...], rijen: list[dict[str, Any]]) -> bool:
    """Whether the rows need nothing of the model on their way in: every column with a
    Python default is given, and every time carries its zone (the model refuses a time
    without one; the JSON way would read it in the session's zone instead)."""
    if any(kolom.default is not None and kolom.name not in kolommen for kolom in tbl.c):
        return False
    tijden = _tijden(tbl) & set(kolommen)
    return all(_met_zone(rij[naam]) for rij in rijen for naam in tijden)


@functools.cache
def _tijden(tbl: Table) -> frozenset[str]:
    return frozenset(
        kolom.name
        for kolom in tbl.c
        if isinstance(getattr(kolom.type, "impl_instance", kolom.type), DateTime)
    )


def _met_zone(waarde: object) -> bool:
    """None, or an ISO time with its offset (anything else goes the model's way)."""
    if waarde is None:
        return True
    try:
        return isinstance(waarde, str) and datetime.fromisoformat(waarde).tzinfo is not None
    except ValueError:
        return False


@functools.cache
def _uit_json(tbl: Table, kolommen: tuple[str, ...], alleen_nieuw: bool) -> Insert:
    """``INSERT INTO tbl (kolommen) SELECT kolommen FROM jsonb_populate_recordset(NULL::tbl,
    :rijen)``, built once per table and set of columns."""
    rijtype: ColumnClause[Any] = literal_column(f'NULL::"{tbl.name}"')  # the table's row type
    rijen = bindparam("rijen", type_=postgresql.JSONB)  # the list of rows as one value
    bron = func.jsonb_populate_recordset(rijtype, rijen).table_valued(*kolommen)
    statement = postgresql.insert(tbl).from_select(
        list(kolommen), select(*(bron.c[naam] for naam in kolommen)), include_defaults=False
    )
    if alleen_nieuw:
        statement = statement.on_conflict_do_nothing()
    return statement.execution_options(preserve_rowcount=True)
