"""live screen privacy

The room screen's frozen results per question, and approved short texts
released to the screen k at a time (docs/privacy.md#rule-5).

Revision ID: live
Revises: staffops
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'live'
down_revision: str | None = "staffops"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('live_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feed_batch', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('results', sa.JSON(), nullable=True))
    with op.batch_alter_table('live_texts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('batch', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('live_texts', schema=None) as batch_op:
        batch_op.drop_column('batch')
    with op.batch_alter_table('live_sessions', schema=None) as batch_op:
        batch_op.drop_column('results')
        batch_op.drop_column('feed_batch')
