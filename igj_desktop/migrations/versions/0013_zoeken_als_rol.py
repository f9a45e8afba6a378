"""search functions that apply the access rule themselves (fast for a login role under RLS)

PostgreSQL only: ``igj_zoek_dossiers`` and ``igj_zoek_inhoud`` (``models/zoekfuncties.py``
says why), EXECUTE for igj_medewerker only; 0011's SECURITY DEFINER helpers no longer
callable by every login. ``versie_tekst``'s SELECT policy (0009) called the SECURITY DEFINER
``igj_document_zichtbaar`` per row (0.9 ms a row: half the content search's time for 200
hits); it becomes the rule of ``document``'s policy as 0010 spelled it out: a link to a
dossier the login sees (``document_dossier`` is under its own policy), else the function.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-02 01:45:00
"""

from __future__ import annotations

import importlib

from alembic import op

from igj_desktop.models.zoekfuncties import maak_zoekfuncties, verwijder_zoekfuncties

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


INHOUD_ZOEKEN = importlib.import_module("igj_desktop.migrations.versions.0009_inhoud_zoeken")
ZIEN = (
    "EXISTS (SELECT 1 FROM document_dossier k WHERE k.document_id = versie_tekst.document_id)"
    " OR igj_document_zichtbaar(document_id)"
)


def _zien(expressie: str) -> None:
    run = op.get_bind().exec_driver_sql
    run("DROP POLICY zien ON versie_tekst")
    run(f"CREATE POLICY zien ON versie_tekst FOR SELECT USING ({expressie})")


def upgrade() -> None:
    maak_zoekfuncties(op.get_bind())
    if op.get_bind().dialect.name == "postgresql":
        _zien(ZIEN)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _zien(INHOUD_ZOEKEN.ZIEN)
    verwijder_zoekfuncties(op.get_bind())
