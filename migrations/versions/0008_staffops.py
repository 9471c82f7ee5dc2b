"""staff operations

The day of each staff account's last sign-in; one-time staff invitations;
the outbox of safeguarding alerts.

Revision ID: staffops
Revises: 0005_live
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'staffops'
down_revision: str | None = '0005_live'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_sign_in_on', sa.Date(), nullable=True))
    op.create_table(
        'staff_invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('roles', sa.JSON(), nullable=False),
        sa.Column('invited_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['invited_by_id'], ['staff_users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['staff_users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    with op.batch_alter_table('staff_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_invitations_state'), ['state'], unique=False)
    op.create_table(
        'safeguarding_alerts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('recipient_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('queued_on', sa.Date(), nullable=False),
        sa.Column('sent_on', sa.Date(), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.String(length=80), nullable=True),
        sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['safeguarding_cases.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['recipient_id'], ['staff_users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('safeguarding_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safeguarding_alerts_case_id'), ['case_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_safeguarding_alerts_state'), ['state'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('safeguarding_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safeguarding_alerts_state'))
        batch_op.drop_index(batch_op.f('ix_safeguarding_alerts_case_id'))
    op.drop_table('safeguarding_alerts')
    with op.batch_alter_table('staff_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_invitations_state'))
    op.drop_table('staff_invitations')
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('last_sign_in_on')
