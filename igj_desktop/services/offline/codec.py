"""Rows as JSON: how the change log and the copy code see any table generically.

Every table has a single-column primary key (UUID, a SHA-256 or a code). Values go into the
change log as JSON: UUIDs, datetimes and dates as ISO strings; ``decode`` turns them back
into the Python type of the column, so a change applies through plain Core statements.
"""

from __future__ import annotations

import functools
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Table, TypeDecorator
from sqlalchemy.sql.type_api import TypeEngine

from igj_desktop.models import Base

# Bookkeeping columns: set by whoever writes the row, never compared or merged.
BOOKKEEPING = frozenset({"version", "gewijzigd_op"})


# Tables that describe the sync itself, or hold the shared database's document bytes (the
# laptop keeps them in its own folder), or the content index each database builds itself from
# the versions it has; never captured, never copied as domain data.
SYNC_TABLES = frozenset(
    {"sync_change", "toegepaste_wijziging", "lease", "sync_conflict", "kenmerk_teller"}
    | {"inhoud", "inhoud_houder", "versie_tekst"}
)

_KEY_NAMESPACE = uuid.UUID("6f1d2c4e-8a35-4b7e-9d0a-3c2b1a0f9e88")


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def key_column(tbl: Table) -> Column[Any]:
    (column,) = tbl.primary_key.columns
    return column


def encode(value: object) -> object:
    """A JSON-safe form of a column value."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _python_type(type_: TypeEngine[Any]) -> type | None:
    if isinstance(type_, TypeDecorator):
        type_ = type_.impl_instance
    try:
        return type_.python_type
    except NotImplementedError:
        return None


@functools.cache
def _kind(type_: TypeEngine[Any]) -> type | None:
    """``_python_type`` looked up once per column type (a sync decodes thousands of rows)."""
    return _python_type(type_)


def decode(column: Column[Any], value: object) -> object:
    """The Python value ``column`` expects for a JSON value from ``encode``."""
    if value is None or not isinstance(value, str):
        return value
    kind = _kind(column.type)
    if kind is uuid.UUID:
        return uuid.UUID(value)
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    return value


def decode_row(tbl: Table, values: dict[str, object]) -> dict[str, object]:
    return {name: decode(tbl.c[name], value) for name, value in values.items() if name in tbl.c}


def encode_row(row: dict[str, object]) -> dict[str, object]:
    return {name: encode(value) for name, value in row.items()}


def key_uuid(tabel: str, sleutel: str) -> uuid.UUID:
    """The UUID for ``SyncChange.sleutel``; other keys (SHA-256, codes) get a stable one."""
    try:
        return uuid.UUID(sleutel)
    except ValueError:
        return uuid.uuid5(_KEY_NAMESPACE, f"{tabel}:{sleutel}")


def dossier_of(tabel: str, values: dict[str, object]) -> object:
    """The dossier a row belongs to, when the row says so itself."""
    if tabel == "dossier":
        return values.get("id")
    return values.get("dossier_id")
