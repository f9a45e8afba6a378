"""post.relatie_id: the relatie a letter or mail came from or went to

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.add_column(sa.Column("relatie_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_post_relatie_id"), ["relatie_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_post_relatie_id_relatie"), "relatie", ["relatie_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_post_relatie_id_relatie"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_post_relatie_id"))
        batch_op.drop_column("relatie_id")
