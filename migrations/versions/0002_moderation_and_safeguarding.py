"""moderation and safeguarding

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('safeguarding_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_safeguarding_cases_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safeguarding_cases')),
    sa.UniqueConstraint('submission_id', name=op.f('uq_safeguarding_cases_submission_id'))
    )
    with op.batch_alter_table('safeguarding_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safeguarding_cases_status'), ['status'], unique=False)

    op.create_table('safeguarding_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['staff_users.id'], name=op.f('fk_safeguarding_notes_author_id_staff_users')),
    sa.ForeignKeyConstraint(['case_id'], ['safeguarding_cases.id'], name=op.f('fk_safeguarding_notes_case_id_safeguarding_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safeguarding_notes'))
    )
    with op.batch_alter_table('safeguarding_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safeguarding_notes_case_id'), ['case_id'], unique=False)

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redactions', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('quotable', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('quote_marked_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('quote_confirmed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_answers_quote_confirmed_by_id_staff_users'), 'staff_users', ['quote_confirmed_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_answers_quote_marked_by_id_staff_users'), 'staff_users', ['quote_marked_by_id'], ['id'])

    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quotes_need_confirmation', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))

    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flag_pii', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('flag_disclosure', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('flag_abuse', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('claimed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('decided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reject_reason', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('reject_note', sa.Text(), nullable=True))
        batch_op.create_index('ix_submissions_status_id', ['status', 'id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_submissions_decided_by_id_staff_users'), 'staff_users', ['decided_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_submissions_claimed_by_id_staff_users'), 'staff_users', ['claimed_by_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_submissions_claimed_by_id_staff_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_submissions_decided_by_id_staff_users'), type_='foreignkey')
        batch_op.drop_index('ix_submissions_status_id')
        batch_op.drop_column('reject_note')
        batch_op.drop_column('reject_reason')
        batch_op.drop_column('decided_by_id')
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by_id')
        batch_op.drop_column('flag_abuse')
        batch_op.drop_column('flag_disclosure')
        batch_op.drop_column('flag_pii')

    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('quotes_need_confirmation')

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_answers_quote_marked_by_id_staff_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_answers_quote_confirmed_by_id_staff_users'), type_='foreignkey')
        batch_op.drop_column('quote_confirmed_by_id')
        batch_op.drop_column('quote_marked_by_id')
        batch_op.drop_column('quotable')
        batch_op.drop_column('redactions')

    with op.batch_alter_table('safeguarding_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safeguarding_notes_case_id'))

    op.drop_table('safeguarding_notes')
    with op.batch_alter_table('safeguarding_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safeguarding_cases_status'))

    op.drop_table('safeguarding_cases')
