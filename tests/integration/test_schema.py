"""The schema the migrations build is exactly the schema the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from igj_desktop.db import HEAD, Database, alembic_config
from igj_desktop.migrations.zoekindexen import INDEXES, include_object
from igj_desktop.models import Base


def test_migrated_schema_equals_models(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_upgrade_is_idempotent(database: Database) -> None:
    database.upgrade()
    with database.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() is not None


def test_postgresql_gets_its_search_indexes(database: Database) -> None:
    if database.engine.dialect.name != "postgresql":
        pytest.skip("pg_trgm en pattern ops bestaan alleen in PostgreSQL")
    with database.engine.connect() as connection:
        namen = set(connection.exec_driver_sql("SELECT indexname FROM pg_indexes").scalars())
    assert set(INDEXES) <= namen


def test_head_constant_is_the_newest_migration(database: Database) -> None:
    script = ScriptDirectory.from_config(alembic_config(database.engine))
    assert script.get_current_head() == HEAD == database.revision()


def test_document_bytes_are_not_run_through_compression(database: Database) -> None:
    """pglz spent 1.2–1.5 s on a 50 MB mail it then stored as it was (migration 0017)."""
    if database.engine.dialect.name != "postgresql":
        pytest.skip("alleen PostgreSQL bewaart de inhoud in de database")
    with database.engine.connect() as connection:
        opslag = connection.exec_driver_sql(
            "SELECT attstorage FROM pg_attribute"
            " WHERE attrelid = 'inhoud'::regclass AND attname = 'data'"
        ).scalar()
    assert opslag == "e"  # EXTERNAL: out of line, never compressed
