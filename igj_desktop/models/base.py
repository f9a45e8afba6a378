"""Declarative base and the column conventions every aggregate shares.

Keys are UUIDs because records are also created offline; mutable rows carry a
``version`` column that SQLAlchemy checks on every UPDATE, so a stale write
raises ``StaleDataError`` instead of silently overwriting a colleague's work.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import DateTime, Dialect, Integer, MetaData, Table, TypeDecorator, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Timestamp stored in UTC and always returned timezone-aware.

    SQLite has no time zone type; without this, values read back naive there and
    aware on PostgreSQL, and comparisons between the two raise.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store times with a time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


_new = object.__new__
_set = object.__setattr__
_ONBEKEND = uuid.SafeUUID.unknown


def _uuid_uit_hex(value: str | None) -> uuid.UUID | None:
    """``uuid.UUID(value)`` for the 32 hex digits SQLite stores, at under half the cost:
    ``uuid.UUID`` first normalises any spelling of a UUID, for each of the thousands of keys
    a screen reads. Anything else goes through ``uuid.UUID`` itself."""
    if value is None:
        return None
    if len(value) == 32:  # what SQLAlchemy writes there: ``uuid.hex``
        u = _new(uuid.UUID)
        _set(u, "int", int(value, 16))
        _set(u, "is_safe", _ONBEKEND)
        return u
    return uuid.UUID(value)


class SnelleUuid(Uuid[uuid.UUID]):
    """SQLAlchemy's ``Uuid`` (CHAR(32) on SQLite, native on PostgreSQL) reading SQLite's text
    with ``_uuid_uit_hex``; the same type for the schema and the migrations."""

    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any] | None:
        if (dialect.supports_native_uuid and self.native_uuid) or not self.as_uuid:
            return super().result_processor(dialect, coltype)
        return _uuid_uit_hex


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[type, object]] = {
        datetime: UtcDateTime(),
        uuid.UUID: SnelleUuid(),
    }

    if TYPE_CHECKING:  # every model here is mapped to one Table, never to another FromClause
        __table__: ClassVar[Table]


class Keyed:
    """UUID primary key and creation time."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    aangemaakt_op: Mapped[datetime] = mapped_column(default=utcnow)


class Versioned(Keyed):
    """A mutable row: optimistic locking and a modification time."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    gewijzigd_op: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:
        # declarative has just set the model's own __table__ (a mixin has none to type)
        return {"version_id_col": cls.__dict__["__table__"].c.version}
