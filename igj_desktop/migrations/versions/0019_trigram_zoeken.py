"""SQLite: trigram indexes (FTS5) over dossier titel/omschrijving and relatie names

A search for part of a word in titel/omschrijving or in a betrokken relatie's name read every
dossier or relatie (``LIKE '%woord%'``); the trigram tables of ``models.zoektrigram`` let it
read only the candidates. Made and filled here, kept in step by triggers; PostgreSQL (pg_trgm
since 0002/0011) and an SQLite without the trigram tokenizer get nothing.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 08:20:00
"""

from __future__ import annotations

from alembic import op

from igj_desktop.models.zoektrigram import maak_trigramindexen, verwijder_trigramindexen

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    maak_trigramindexen(op.get_bind())


def downgrade() -> None:
    verwijder_trigramindexen(op.get_bind())
