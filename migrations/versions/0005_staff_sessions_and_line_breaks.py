"""staff session versions; answers with one LF per line break

Staff accounts get a session version (every session names it and ends once it
moves on) and lose the hard-lock columns: failed sign-ins are now counted by a
throttle in the rate-limit store.

Stored answers get one LF per line break (browsers send CRLF but count one
character per break in the page where moderators select text to redact). The
offsets of detected spans and of confirmed redactions move with the text.
Downgrade keeps the text as it is: LF-only text is what the earlier code
should have stored too, and which breaks had been CRLF is not kept.

Revision ID: 0005_staff
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = '0005_staff'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_answers = sa.table('answers', sa.column('id', sa.Integer()),
                    sa.column('text_original', sa.Text()), sa.column('text_redacted', sa.Text()),
                    sa.column('flags', sa.JSON()), sa.column('redactions', sa.JSON()))


def _one_line_break(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _shift(text: str) -> list[int]:
    """For each offset into `text` (0..len), the offset into the normalised text:
    every CR that starts a CRLF before it is gone."""
    out, removed = [], 0
    for i in range(len(text) + 1):
        out.append(i - removed)
        if i < len(text) and text[i] == "\r" and text[i + 1:i + 2] == "\n":
            removed += 1
    return out


def _moved(spans: Any, table: list[int]) -> Any:
    if not isinstance(spans, list):
        return spans
    last = len(table) - 1
    return [{**s, "start": table[min(max(0, int(s["start"])), last)],
             "end": table[min(max(0, int(s["end"])), last)]}
            if isinstance(s, dict) and "start" in s and "end" in s else s for s in spans]


def _normalise_answers() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(_answers).where(sa.or_(
        _answers.c.text_original.contains("\r"), _answers.c.text_redacted.contains("\r"))))
    for row in rows.mappings().all():
        original = row['text_original'] or ""
        table = _shift(original)
        flags = row['flags']
        if isinstance(flags, dict):
            flags = {**flags, "pii": _moved(flags.get("pii"), table)}
        conn.execute(_answers.update().where(_answers.c.id == row['id']).values(
            text_original=_one_line_break(original) if row['text_original'] is not None else None,
            text_redacted=(_one_line_break(row['text_redacted'])
                           if row['text_redacted'] is not None else None),
            flags=flags, redactions=_moved(row['redactions'], table)))


def upgrade() -> None:
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False,
                                      server_default='1'))
        batch_op.drop_column('failed_attempts')
        batch_op.drop_column('locked_until')
    _normalise_answers()


def downgrade() -> None:
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('failed_attempts', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.drop_column('session_version')
