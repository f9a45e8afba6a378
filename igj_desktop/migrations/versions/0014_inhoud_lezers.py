"""content search and access in one index: versie_tekst.zoek_lezers

PostgreSQL only (see ``igj_desktop/models/inhoudlezers.py``): the readers of each document
text, kept by triggers, in one GIN index with the tsvector; ``igj_zoek_inhoud`` searches both
at once and ranks a bounded number of matches. SQLite: nothing changes.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 04:00:00
"""

from __future__ import annotations

from alembic import op

from igj_desktop.models.inhoudlezers import maak_inhoudlezers, verwijder_inhoudlezers

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    maak_inhoudlezers(op.get_bind())


def downgrade() -> None:
    verwijder_inhoudlezers(op.get_bind())
