"""Every row of every table, to assert that an operation changed nothing at all."""

from __future__ import annotations

from sqlalchemy import select

from igj_desktop.db import Database
from igj_desktop.models import Base


def alle_rijen(database: Database) -> dict[str, list[str]]:
    """Table name → its rows (as sorted reprs), for every table of the schema."""
    with database.session() as s:
        return {
            table.name: sorted(repr(tuple(r)) for r in s.execute(select(table)))
            for table in Base.metadata.sorted_tables
        }
