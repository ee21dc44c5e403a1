"""Link tables for the many-to-many lists that were JSON arrays of ids (with no foreign
keys, so a missing id was dropped silently): the deals reviewed in a one-on-one, the reps
who attended a sales meeting, and an interview's question kit (in order). The lists are
carried over, and back on downgrade.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 12:00:00
"""

import json
import uuid

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# table, its JSON column, the link table, the link's two id columns, the listed table
LINKS = [
    ('one_on_ones', 'deal_ids', 'one_on_one_deals', 'one_on_one_id', 'deal_id', 'deals'),
    ('sales_meetings', 'rep_ids', 'sales_meeting_attendees', 'sales_meeting_id', 'rep_id',
     'reps'),
    ('interviews', 'kit', 'interview_questions', 'interview_id', 'question_id', 'questions'),
]


def _ids(value):
    if value is None:
        return None
    items = json.loads(value) if isinstance(value, str) else value
    return [uuid.UUID(str(i)) for i in items]


def upgrade() -> None:
    bind = op.get_bind()
    for parent, column, link, own, other, listed in LINKS:
        op.create_table(
            link,
            sa.Column(own, sa.Uuid(), nullable=False),
            sa.Column(other, sa.Uuid(), nullable=False),
            sa.Column('position', sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint([own], [f'{parent}.id'],
                                    name=op.f(f'fk_{link}_{own}_{parent}')),
            sa.ForeignKeyConstraint([other], [f'{listed}.id'],
                                    name=op.f(f'fk_{link}_{other}_{listed}')),
            sa.PrimaryKeyConstraint(own, other, name=op.f(f'pk_{link}')),
        )
        op.create_index(op.f(f'ix_{link}_{other}'), link, [other], unique=False)
        source = sa.table(parent, sa.column('id', sa.Uuid()), sa.column(column, sa.JSON()))
        listed_ids = sa.table(listed, sa.column('id', sa.Uuid()))
        known = {row[0] for row in bind.execute(sa.select(listed_ids.c.id))}
        target = sa.table(link, sa.column(own, sa.Uuid()), sa.column(other, sa.Uuid()),
                          sa.column('position', sa.Integer()))
        rows = []
        for row_id, value in bind.execute(sa.select(source.c.id, source.c[column])):
            seen = set()
            for position, item in enumerate(_ids(value) or []):
                if item in known and item not in seen:
                    seen.add(item)
                    rows.append({own: row_id, other: item, 'position': position})
        if rows:
            op.bulk_insert(target, rows)
        with op.batch_alter_table(parent) as batch:
            batch.drop_column(column)


def downgrade() -> None:
    bind = op.get_bind()
    for parent, column, link, own, other, _listed in reversed(LINKS):
        with op.batch_alter_table(parent) as batch:
            batch.add_column(sa.Column(column, sa.JSON(), nullable=True))
        links = sa.table(link, sa.column(own, sa.Uuid()), sa.column(other, sa.Uuid()),
                         sa.column('position', sa.Integer()))
        lists: dict = {}
        for row_id, item in bind.execute(sa.select(links.c[own], links.c[other])
                                         .order_by(links.c[own], links.c.position)):
            lists.setdefault(row_id, []).append(str(item))
        parents = sa.table(parent, sa.column('id', sa.Uuid()), sa.column(column, sa.JSON()))
        empty = None if column == 'kit' else []
        bind.execute(parents.update().values({column: empty}))
        for row_id, items in lists.items():
            bind.execute(parents.update().where(parents.c.id == row_id)
                         .values({column: items}))
        if column != 'kit':
            with op.batch_alter_table(parent) as batch:
                batch.alter_column(column, existing_type=sa.JSON(), nullable=False)
        op.drop_index(op.f(f'ix_{link}_{other}'), table_name=link)
        op.drop_table(link)
