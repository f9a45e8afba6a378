"""post.inhoud_sleutel, post.exemplaar: one post per mail, enforced by a unique key

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 21:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inhoud_sleutel", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("exemplaar", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_post_inhoud_sleutel"), ["inhoud_sleutel", "exemplaar"]
        )


def downgrade() -> None:
    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_post_inhoud_sleutel"), type_="unique")
        batch_op.drop_column("exemplaar")
        batch_op.drop_column("inhoud_sleutel")
