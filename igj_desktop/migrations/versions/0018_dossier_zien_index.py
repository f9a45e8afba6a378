"""a dossier's own SELECT policy reads its readers array directly, so an index can find them

Since 0016 the rule asks ``igj_mijn_toegang``, a view over ``dossier.zoek_lezers``. For the
other tables that is one key look-up per row. For ``dossier`` itself PostgreSQL ran it as a
hashed subplan that filters: a list of dossiers under the policy (the tree's first level, a
search by status, a page further on) walked every dossier in kenmerk order and kept the
visible ones (49,000 rows walked for 600 kept at the bench's scale 0.1). Written on the row's
own column, ``zoek_lezers && (SELECT igj_mijn_lezers())`` is a condition the GIN index of
0011 answers, and the exception for a dossier being created (its maker, in the creating
transaction) gets an index on ``aangemaakt_door_id``: both branches of the policy are index
scans, so the planner can start from the visible dossiers. The same rule; the other
policies and ``igj_mag_zien`` are unchanged. The index is made on both databases.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 07:40:00
"""

from __future__ import annotations

import importlib

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

SNEL = importlib.import_module("igj_desktop.migrations.versions.0010_vertrouwen_snel")
INDEX = "ix_dossier_aangemaakt_door_id"

ZIEN = (
    "zoek_lezers && (SELECT igj_mijn_lezers())"
    " OR (aangemaakt_door_id = (SELECT igj_medewerker_id()) AND igj_nieuw_dossier(id))"
)


def _zien(expressie: str) -> None:
    run = op.get_bind().exec_driver_sql
    run("DROP POLICY zien ON dossier")
    run(f"CREATE POLICY zien ON dossier FOR SELECT USING ({expressie})")


def upgrade() -> None:
    op.create_index(INDEX, "dossier", ["aangemaakt_door_id"])
    if op.get_bind().dialect.name == "postgresql":
        _zien(ZIEN)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _zien(SNEL._policies(snel=True)["dossier"][0])  # 0010's, over the view
    op.drop_index(INDEX, table_name="dossier")
