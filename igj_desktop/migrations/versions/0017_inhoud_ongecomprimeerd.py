"""document bytes are stored as they are: PostgreSQL no longer tries to compress them

``inhoud.data`` had the default storage of a ``bytea`` (``EXTENDED``): every value over 2 kB
is first run through pglz before it goes to TOAST. Documents are mostly compressed already
(PDF, docx, jpg) and a mail's attachments are base64 text that pglz cannot shrink, yet it
reads the whole value trying: 1.2–1.5 s of the 2 s it took to store a 50 MB .eml, for a
value that was then stored uncompressed anyway. ``EXTERNAL`` stores out of line without that
attempt. Only new values are affected; stored bytes stay as they are (no rewrite). The
hash, the holder and the policies of migration 0006 are unchanged. PostgreSQL only;
idempotent, so it does not depend on what the revision before it does.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 07:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def _opslag(soort: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.get_bind().exec_driver_sql(f"ALTER TABLE inhoud ALTER COLUMN data SET STORAGE {soort}")


def upgrade() -> None:
    _opslag("EXTERNAL")


def downgrade() -> None:
    _opslag("EXTENDED")
