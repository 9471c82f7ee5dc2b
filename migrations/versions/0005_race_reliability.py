"""draft answers, published quotes, safeguarding case days

- draft_answers: one row per answer of a draft, so two pages saving different
  answers at once cannot overwrite each other; existing drafts' answers move
  out of their JSON state.
- published_quotes: a publication's quotes, each with the submission it came
  from, so a withdrawal removes them at once; existing snapshots' quotes move
  here, matched to their submission by text (a quote whose text no longer
  matches an approved, quotable answer keeps no source).
- safeguarding_cases: opened_on / updated_on (days) replace opened_at /
  updated_at (times), which dated a submission finer than its day.

Revision ID: 0005_race
Revises: 0005_staff
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time

import sqlalchemy as sa
from alembic import op

revision: str = '0005_race'
down_revision: str | None = '0005_staff'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

drafts = sa.table('drafts', sa.column('id', sa.Integer()), sa.column('state', sa.JSON()))
draft_answers = sa.table('draft_answers', sa.column('draft_id', sa.Integer()),
                         sa.column('question_key', sa.String()), sa.column('value', sa.JSON()))
publications = sa.table('publications', sa.column('id', sa.Integer()),
                        sa.column('consultation_id', sa.Integer()),
                        sa.column('snapshot', sa.JSON()))
published_quotes = sa.table(
    'published_quotes', sa.column('publication_id', sa.Integer()),
    sa.column('position', sa.Integer()), sa.column('submission_id', sa.Integer()),
    sa.column('question', sa.String()), sa.column('text', sa.Text()),
    sa.column('band', sa.String()), sa.column('region', sa.String()))
submissions = sa.table('submissions', sa.column('id', sa.Integer()),
                       sa.column('consultation_id', sa.Integer()),
                       sa.column('status', sa.String()))
answers = sa.table('answers', sa.column('submission_id', sa.Integer()),
                   sa.column('text_redacted', sa.Text()), sa.column('quotable', sa.Boolean()))
cases = sa.table('safeguarding_cases', sa.column('id', sa.Integer()),
                 sa.column('opened_at', sa.DateTime(timezone=True)),
                 sa.column('updated_at', sa.DateTime(timezone=True)),
                 sa.column('opened_on', sa.Date()), sa.column('updated_on', sa.Date()))


def upgrade() -> None:
    conn = op.get_bind()
    op.create_table('draft_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('question_key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['draft_id'], ['drafts.id'], name=op.f('fk_draft_answers_draft_id_drafts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_answers')),
    sa.UniqueConstraint('draft_id', 'question_key', name=op.f('uq_draft_answers_draft_id'))
    )
    for draft_id, state in conn.execute(sa.select(drafts.c.id, drafts.c.state)).all():
        state = dict(state or {})
        for key, value in (state.pop('answers', None) or {}).items():
            conn.execute(draft_answers.insert().values(draft_id=draft_id, question_key=key,
                                                       value=value))
        conn.execute(drafts.update().where(drafts.c.id == draft_id).values(state=state))

    op.create_table('published_quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('question', sa.String(length=60), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('band', sa.String(length=10), nullable=True),
    sa.Column('region', sa.String(length=8), nullable=True),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_published_quotes_publication_id_publications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_published_quotes'))
    )
    with op.batch_alter_table('published_quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_published_quotes_publication_id'), ['publication_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_published_quotes_submission_id'), ['submission_id'], unique=False)
    rows = conn.execute(sa.select(publications.c.id, publications.c.consultation_id,
                                  publications.c.snapshot)).all()
    for pub_id, consultation_id, snapshot in rows:
        snapshot = dict(snapshot or {})
        for position, quote in enumerate(snapshot.get('quotes') or []):
            source = conn.scalar(
                sa.select(submissions.c.id)
                .join(answers, answers.c.submission_id == submissions.c.id)
                .where(submissions.c.consultation_id == consultation_id,
                       submissions.c.status == 'approved', answers.c.quotable.is_(True),
                       answers.c.text_redacted == quote['text'])
                .order_by(submissions.c.id).limit(1))
            conn.execute(published_quotes.insert().values(
                publication_id=pub_id, position=position, submission_id=source,
                question=quote['question'], text=quote['text'], band=quote.get('band'),
                region=quote.get('region')))
        snapshot['quotes'] = []
        conn.execute(publications.update().where(publications.c.id == pub_id)
                     .values(snapshot=snapshot))

    with op.batch_alter_table('safeguarding_cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opened_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('updated_on', sa.Date(), nullable=True))
    for case_id, opened, updated in conn.execute(
            sa.select(cases.c.id, cases.c.opened_at, cases.c.updated_at)).all():
        conn.execute(cases.update().where(cases.c.id == case_id)
                     .values(opened_on=_day(opened), updated_on=_day(updated)))
    with op.batch_alter_table('safeguarding_cases', schema=None) as batch_op:
        batch_op.alter_column('opened_on', existing_type=sa.Date(), nullable=False)
        batch_op.alter_column('updated_on', existing_type=sa.Date(), nullable=False)
        batch_op.drop_column('opened_at')
        batch_op.drop_column('updated_at')


def downgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table('safeguarding_cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
    for case_id, opened, updated in conn.execute(
            sa.select(cases.c.id, cases.c.opened_on, cases.c.updated_on)).all():
        conn.execute(cases.update().where(cases.c.id == case_id).values(
            opened_at=datetime.combine(opened, time(), UTC),
            updated_at=datetime.combine(updated, time(), UTC)))
    with op.batch_alter_table('safeguarding_cases', schema=None) as batch_op:
        batch_op.alter_column('opened_at', existing_type=sa.DateTime(timezone=True),
                              nullable=False)
        batch_op.alter_column('updated_at', existing_type=sa.DateTime(timezone=True),
                              nullable=False)
        batch_op.drop_column('opened_on')
        batch_op.drop_column('updated_on')

    for pub_id, snapshot in conn.execute(sa.select(publications.c.id,
                                                   publications.c.snapshot)).all():
        quotes = conn.execute(
            sa.select(published_quotes.c.question, published_quotes.c.text,
                      published_quotes.c.band, published_quotes.c.region)
            .where(published_quotes.c.publication_id == pub_id)
            .order_by(published_quotes.c.position)).all()
        snapshot = {**(snapshot or {}), 'quotes': [
            {'question': q, 'text': t, 'band': b, 'region': r} for q, t, b, r in quotes]}
        conn.execute(publications.update().where(publications.c.id == pub_id)
                     .values(snapshot=snapshot))
    with op.batch_alter_table('published_quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_published_quotes_submission_id'))
        batch_op.drop_index(batch_op.f('ix_published_quotes_publication_id'))
    op.drop_table('published_quotes')

    rows = conn.execute(sa.select(draft_answers.c.draft_id, draft_answers.c.question_key,
                                  draft_answers.c.value)).all()
    by_draft: dict[int, dict[str, object]] = {}
    for draft_id, key, value in rows:
        by_draft.setdefault(draft_id, {})[key] = value
    for draft_id, state in conn.execute(sa.select(drafts.c.id, drafts.c.state)).all():
        conn.execute(drafts.update().where(drafts.c.id == draft_id)
                     .values(state={**(state or {}), 'answers': by_draft.get(draft_id, {})}))
    op.drop_table('draft_answers')


def _day(value: object) -> object:
    # SQLite hands back naive UTC datetimes, or even strings through a bare table.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.date() if isinstance(value, datetime) else value
