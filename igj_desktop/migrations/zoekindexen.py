"""Indexes for searching inside text, which only PostgreSQL has (pg_trgm, pattern ops).

They are not in the models: SQLAlchemy's metadata cannot describe an operator class on
every dialect, and SQLite has no equivalent. The migration creates them; schema
comparisons leave them out through ``include_object``.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from igj_desktop.models import zoektrigram
from igj_desktop.models.zoektekst import FTS_TABEL, PG_KOLOM

log = logging.getLogger(__name__)

PREFIX = "ix_zoek_"
# ILIKE '%woord%' on titel, omschrijving and relatie naam; LIKE 'IGJ-2025-%' on kenmerk
# whatever the database's collation, and LIKE '%000123%' on kenmerk (a part of the number).
INDEXES = {
    "ix_zoek_dossier_titel": "dossier USING gin (titel gin_trgm_ops)",
    "ix_zoek_dossier_omschrijving": "dossier USING gin (omschrijving gin_trgm_ops)",
    "ix_zoek_relatie_naam": "relatie USING gin (naam gin_trgm_ops)",
    "ix_zoek_dossier_kenmerk": "dossier (kenmerk text_pattern_ops)",
    "ix_zoek_dossier_kenmerk_deel": "dossier USING gin (kenmerk gin_trgm_ops)",
}


def _has_trgm(connection: Connection) -> bool:
    """Create pg_trgm when allowed (it is a trusted extension since PostgreSQL 13)."""
    try:
        with connection.begin_nested():
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except DBAPIError as exc:
        log.warning("pg_trgm niet beschikbaar; zoeken in tekst zonder index: %s", exc)
        return False
    return True


def create_search_indexes(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    trgm = _has_trgm(connection)
    for name, definition in INDEXES.items():
        if "gin_trgm_ops" in definition and not trgm:
            continue
        connection.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}"))


def drop_search_indexes(connection: Connection, *names: str) -> None:
    """Drop ``names`` (all search indexes when none are given)."""
    if connection.dialect.name != "postgresql":
        return
    for name in names or INDEXES:
        connection.execute(text(f"DROP INDEX IF EXISTS {name}"))


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave our search indexes out of autogenerate and schema comparisons, and the content
    index of 0009 (a generated tsvector column, SQLite's FTS5 table and its shadow tables)
    the search columns of 0011 (``zoek_…``, PostgreSQL only) and SQLite's trigram tables of
    0019 (``trigram_…``)."""
    if not reflected or name is None:
        return True
    if type_ == "index":
        return not name.startswith(PREFIX)
    if type_ == "column":
        return name != PG_KOLOM and not name.startswith("zoek_")
    if type_ == "table":
        return not name.startswith((FTS_TABEL, zoektrigram.PREFIX))
    return True
