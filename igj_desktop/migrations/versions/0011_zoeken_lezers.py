"""search titel/omschrijving and access in one index: dossier.zoek_tekst and zoek_lezers

Those two PostgreSQL only (see ``igj_desktop/models/zoeklezers.py``); on both databases an
index on betrokkene.relatie_id for the search by relatie name.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 00:40:00
"""

from __future__ import annotations

from alembic import op

from igj_desktop.models.zoeklezers import maak_zoeklezers, verwijder_zoeklezers

revision = "0011"
down_revision = "0010"  # after 13's 0010 (row-level security)
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_betrokkene_relatie", "betrokkene", ["relatie_id", "dossier_id"])
    maak_zoeklezers(op.get_bind())


def downgrade() -> None:
    verwijder_zoeklezers(op.get_bind())
    op.drop_index("ix_betrokkene_relatie", table_name="betrokkene")
