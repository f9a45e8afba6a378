"""search indexes for PostgreSQL (pg_trgm)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 04:10:00
"""

from __future__ import annotations

from alembic import op

from igj_desktop.migrations.zoekindexen import create_search_indexes, drop_search_indexes

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_search_indexes(op.get_bind())


def downgrade() -> None:
    drop_search_indexes(op.get_bind())
