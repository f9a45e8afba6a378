"""the next exemplaar of incoming post, also past copies in dossiers the login cannot see

A mail registered again by someone who cannot see the dossiers of its earlier copies is
stored as a copy of its own: ``exemplaar`` counts up, and ``(inhoud_sleutel, exemplaar)`` is
unique. Under row-level security the login does not see those copies, so it took a number
that was already taken and the insert was refused. ``igj_volgend_exemplaar`` runs as the
schema owner (``SECURITY DEFINER``, ``search_path`` pinned) and returns only the next
number for a content key the caller already holds (a hash of the mail's bytes): never a row,
a dossier or who registered it. EXECUTE for igj_medewerker only. PostgreSQL only.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 04:00:00
"""

from __future__ import annotations

import importlib

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

MEDEWERKER = importlib.import_module("igj_desktop.migrations.versions.0006_vertrouwen").MEDEWERKER
FUNCTIE = "igj_volgend_exemplaar(text)"

VOLGEND_EXEMPLAAR = """
CREATE FUNCTION igj_volgend_exemplaar(sleutel text) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
    SELECT coalesce(max(exemplaar), -1) + 1 FROM post WHERE inhoud_sleutel = sleutel
$$
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    run = bind.exec_driver_sql
    schema = run("SELECT current_schema()").scalar()
    run(VOLGEND_EXEMPLAAR.format(schema=f'"{schema}"'))
    run(f"REVOKE EXECUTE ON FUNCTION {FUNCTIE} FROM PUBLIC")
    run(f"GRANT EXECUTE ON FUNCTION {FUNCTIE} TO {MEDEWERKER}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.get_bind().exec_driver_sql(f"DROP FUNCTION {FUNCTIE}")
