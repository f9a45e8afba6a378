"""search inside documents: versie_tekst with a dutch tsvector (PostgreSQL) or FTS5 (SQLite)

One row per document version: its extracted text and how extraction went. On PostgreSQL the
rows are seen by whoever sees the document (``igj_document_zichtbaar``, through
``igj_mag_zien`` of its dossiers) and written by whoever may change it, as ``versie``.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 00:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from igj_desktop.models.zoektekst import (
    WACHTRIJ_VULLEN,
    maak_inhoudindex,
    verwijder_inhoudindex,
)

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ZIEN = "igj_document_zichtbaar(document_id)"
WIJZIGEN = "igj_document_wijzigbaar(document_id)"


def upgrade() -> None:
    op.create_table(
        "versie_tekst",
        sa.Column("versie_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("staat", sa.String(length=20), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("stammen", sa.Text(), nullable=True),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_versie_tekst_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["versie_id"],
            ["versie.id"],
            name=op.f("fk_versie_tekst_versie_id_versie"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("versie_id", name=op.f("pk_versie_tekst")),
    )
    op.create_index(op.f("ix_versie_tekst_document_id"), "versie_tekst", ["document_id"])
    op.create_index(op.f("ix_versie_tekst_staat"), "versie_tekst", ["staat"])
    bind = op.get_bind()
    maak_inhoudindex(bind)
    bind.exec_driver_sql(WACHTRIJ_VULLEN)
    if bind.dialect.name == "postgresql":
        _postgresql_toegang(bind)


def _postgresql_toegang(bind: sa.Connection) -> None:
    run = bind.exec_driver_sql
    run("ALTER TABLE versie_tekst ENABLE ROW LEVEL SECURITY")
    run(f"CREATE POLICY zien ON versie_tekst FOR SELECT USING ({ZIEN})")
    run(f"CREATE POLICY invoegen ON versie_tekst FOR INSERT WITH CHECK ({WIJZIGEN})")
    run(
        f"CREATE POLICY wijzigen ON versie_tekst FOR UPDATE USING ({WIJZIGEN})"
        f" WITH CHECK ({WIJZIGEN})"
    )
    run(f"CREATE POLICY verwijderen ON versie_tekst FOR DELETE USING ({WIJZIGEN})")
    run("REVOKE ALL ON versie_tekst FROM PUBLIC")
    run("GRANT SELECT, INSERT, UPDATE, DELETE ON versie_tekst TO igj_medewerker")


def downgrade() -> None:
    verwijder_inhoudindex(op.get_bind())
    op.drop_table("versie_tekst")
