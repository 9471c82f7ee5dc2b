"""consultation revision

Each consultation row carries a random revision, renewed on every change, so a
worker's cached copy of it and its questions knows when it is stale.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.String(length=32), nullable=True))
    consultations = sa.table('consultations', sa.column('id', sa.Integer()),
                             sa.column('revision', sa.String(length=32)))
    conn = op.get_bind()
    for (consultation_id,) in conn.execute(sa.select(consultations.c.id)).all():
        conn.execute(consultations.update().where(consultations.c.id == consultation_id)
                     .values(revision=uuid.uuid4().hex))
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.alter_column('revision', existing_type=sa.String(length=32), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('revision')
