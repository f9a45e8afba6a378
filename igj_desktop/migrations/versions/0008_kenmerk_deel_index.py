"""search a kenmerk by any part of its number: a pg_trgm index on dossier.kenmerk

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-01 21:05:00
"""

from __future__ import annotations

from alembic import op

from igj_desktop.migrations.zoekindexen import create_search_indexes, drop_search_indexes

revision = "0008"
down_revision = "0006"  # given as 0003; chained after main's 0004 when rebasing
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_search_indexes(op.get_bind())  # IF NOT EXISTS: only the new index is created


def downgrade() -> None:
    drop_search_indexes(op.get_bind(), "ix_zoek_dossier_kenmerk_deel")
