"""search functions that apply the access rule themselves (fast for a login role under RLS)

PostgreSQL only: ``igj_zoek_dossiers`` and ``igj_zoek_inhoud`` (``models/zoekfuncties.py``
says why), EXECUTE for igj_medewerker only; 0011's SECURITY DEFINER helpers no longer
callable by every login.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-02 01:45:00
"""

from __future__ import annotations

from alembic import op

from igj_desktop.models.zoekfuncties import maak_zoekfuncties, verwijder_zoekfuncties

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    maak_zoekfuncties(op.get_bind())


def downgrade() -> None:
    verwijder_zoekfuncties(op.get_bind())
