"""Alembic environment: migrations run on the engine the application hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from igj_desktop.migrations.zoekindexen import include_object
from igj_desktop.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or create_engine(
        config.get_main_option("sqlalchemy.url")
    )
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_object=include_object,
        )
        context.run_migrations()


run_migrations_online()
