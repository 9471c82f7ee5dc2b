"""live sessions

Live questions on a consultation, live sessions with their cached room screen,
short texts waiting for the screen, and the mark on submissions given live.

Revision ID: 0005_live
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005_live'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('live_order', sa.Integer(), nullable=True))
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('given_live', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.create_table(
        'live_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('join_code', sa.String(length=6), nullable=False),
        sa.Column('screen_key', sa.String(length=32), nullable=True),
        sa.Column('screen_lang', sa.String(length=5), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=True),
        sa.Column('step', sa.Integer(), nullable=False),
        sa.Column('answers_seen', sa.Integer(), nullable=False),
        sa.Column('screen_html', sa.Text(), nullable=True),
        sa.Column('screen_built_from', sa.String(length=40), nullable=True),
        sa.Column('screen_built_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['question_id'], ['questions.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('join_code'),
    )
    with op.batch_alter_table('live_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_sessions_consultation_id'),
                              ['consultation_id'], unique=False)
    op.create_table(
        'live_texts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('live_session_id', sa.Integer(), nullable=False),
        sa.Column('answer_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['decided_by_id'], ['staff_users.id']),
        sa.ForeignKeyConstraint(['live_session_id'], ['live_sessions.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('live_session_id', 'answer_id'),
    )
    with op.batch_alter_table('live_texts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_texts_live_session_id'), ['live_session_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('live_texts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_texts_live_session_id'))
    op.drop_table('live_texts')
    with op.batch_alter_table('live_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_sessions_consultation_id'))
    op.drop_table('live_sessions')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_column('given_live')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('live_order')
