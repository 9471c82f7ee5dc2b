"""staff operations

The day of each staff account's last sign-in; one-time staff invitations;
the outbox of safeguarding alerts; the helplines, seeded from
consult/data/helplines.yaml as it is when this runs.

Revision ID: staffops
Revises: transl
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import sqlalchemy as sa
import yaml
from alembic import op

SEED = Path(__file__).resolve().parents[2] / "consult" / "data" / "helplines.yaml"

revision: str = 'staffops'
down_revision: str | None = "transl"
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


    helplines = op.create_table(
        'helplines',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('itu_region', sa.String(length=3), nullable=True),
        sa.Column('country', sa.String(length=2), nullable=True),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('names', sa.JSON(), nullable=False),
        sa.Column('phone', sa.String(length=40), nullable=True),
        sa.Column('url', sa.String(length=300), nullable=True),
        sa.Column('hours', sa.String(length=40), nullable=True),
        sa.Column('languages', sa.JSON(), nullable=False),
        sa.Column('source', sa.String(length=300), nullable=True),
        sa.Column('verified_on', sa.Date(), nullable=True),
        sa.Column('verified_by_id', sa.Integer(), nullable=True),
        sa.Column('verified_by_label', sa.String(length=254), nullable=True),
        sa.Column('retired_on', sa.Date(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['verified_by_id'], ['staff_users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('helplines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_helplines_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_helplines_itu_region'), ['itu_region'],
                              unique=False)
    op.bulk_insert(helplines, _seed())


def _seed() -> list[dict[str, object]]:
    """The packaged helplines as rows (plain values: the app's code may have moved on
    by the time this migration runs)."""
    if not SEED.exists():
        return []
    data = yaml.safe_load(SEED.read_text(encoding="utf-8")) or {}
    rows = []
    for entry in [*(data.get("entries") or []), *(data.get("international") or [])]:
        checked = entry.get("checked_on")
        rows.append({
            "itu_region": entry.get("itu_region"), "country": entry.get("country"),
            "name": str(entry["name"]), "names": dict(entry.get("names") or {}),
            "phone": None if entry.get("phone") is None else str(entry["phone"]),
            "url": entry.get("url"), "hours": entry.get("hours"),
            "languages": [str(c) for c in entry.get("languages") or []],
            "source": entry.get("source"),
            "verified_on": checked if isinstance(checked, date) else None,
            "verified_by_label": "consult/data/helplines.yaml", "version": 1})
    return rows


def downgrade() -> None:
    with op.batch_alter_table('helplines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_helplines_itu_region'))
        batch_op.drop_index(batch_op.f('ix_helplines_country'))
    op.drop_table('helplines')
    with op.batch_alter_table('safeguarding_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safeguarding_alerts_state'))
        batch_op.drop_index(batch_op.f('ix_safeguarding_alerts_case_id'))
    op.drop_table('safeguarding_alerts')
    with op.batch_alter_table('staff_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_invitations_state'))
    op.drop_table('staff_invitations')
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('last_sign_in_on')
