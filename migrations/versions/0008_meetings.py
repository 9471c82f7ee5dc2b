"""meetings

A meeting becomes a row of its own (names in six languages, dates, place or
online, ITU document symbol). Each distinct free-text `meeting` of the
consultations' texts becomes one meeting, and the consultation points at it;
downgrading writes the meeting's names back into the texts (meetings that no
consultation names are lost then, as are dates, places and symbols).

Revision ID: meetings
Revises: 0005_live
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = 'meetings'
down_revision: str | None = '0005_live'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_consultations = sa.table('consultations', sa.column('id', sa.Integer()),
                          sa.column('texts', sa.JSON()), sa.column('revision', sa.String(32)),
                          sa.column('meeting_id', sa.Integer()))
_meetings = sa.table('meetings', sa.column('id', sa.Integer()), sa.column('key', sa.String(60)),
                     sa.column('names', sa.JSON()), sa.column('place', sa.JSON()),
                     sa.column('online', sa.Boolean()))


def _key(names: dict[str, str], taken: set[str]) -> str:
    # Frozen here rather than imported: a migration must not change when the app does.
    text = names.get('en') or next(iter(names.values()), '')
    text = unicodedata.normalize('NFKD', text).encode('ascii', 'ignore').decode().lower()
    base = re.sub(r'[^a-z0-9]+', '-', text).strip('-')[:50].strip('-') or 'meeting'
    key, n = base, 1
    while key in taken:
        n += 1
        key = f'{base}-{n}'
    taken.add(key)
    return key


def upgrade() -> None:
    op.create_table(
        'meetings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=60), nullable=False),
        sa.Column('symbol', sa.String(length=60), nullable=True),
        sa.Column('names', sa.JSON(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=True),
        sa.Column('ends_on', sa.Date(), nullable=True),
        sa.Column('place', sa.JSON(), nullable=False),
        sa.Column('online', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
        sa.UniqueConstraint('key', name=op.f('uq_meetings_key')),
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_consultations_meeting_id'), ['meeting_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_consultations_meeting_id_meetings'),
                                    'meetings', ['meeting_id'], ['id'], ondelete='RESTRICT')
    conn = op.get_bind()
    by_text: dict[str, int] = {}
    taken: set[str] = set()
    rows = conn.execute(sa.select(_consultations.c.id, _consultations.c.texts)
                        .order_by(_consultations.c.id)).all()
    for consultation_id, texts in rows:
        texts = dict(texts or {})
        names: dict[str, Any] = texts.pop('meeting', None) or {}
        names = {lang: text for lang, text in names.items() if text}
        meeting_id = None
        if names:
            same = json.dumps(names, sort_keys=True, ensure_ascii=False)
            if same not in by_text:
                by_text[same] = conn.execute(_meetings.insert().values(
                    key=_key(names, taken), names=names, place={}, online=False)
                    .returning(_meetings.c.id)).scalar_one()
            meeting_id = by_text[same]
        conn.execute(_consultations.update().where(_consultations.c.id == consultation_id)
                     .values(texts=texts, meeting_id=meeting_id, revision=uuid.uuid4().hex))


def downgrade() -> None:
    conn = op.get_bind()
    names_of = dict(conn.execute(sa.select(_meetings.c.id, _meetings.c.names)).all())
    rows = conn.execute(sa.select(_consultations.c.id, _consultations.c.texts,
                                  _consultations.c.meeting_id)).all()
    for consultation_id, texts, meeting_id in rows:
        texts = dict(texts or {})
        if meeting_id is not None:
            texts['meeting'] = names_of[meeting_id]
        conn.execute(_consultations.update().where(_consultations.c.id == consultation_id)
                     .values(texts=texts, revision=uuid.uuid4().hex))
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_consultations_meeting_id_meetings'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_consultations_meeting_id'))
        batch_op.drop_column('meeting_id')
    op.drop_table('meetings')
