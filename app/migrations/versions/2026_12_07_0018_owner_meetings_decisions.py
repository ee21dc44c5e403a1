"""Meetings with the owner, decisions asked of the owner, and action items that belong to an
owner meeting (no rep, no one-on-one) and may be the owner's.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 23:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:
    return [sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
            sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
            sa.Column('version', sa.Integer(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        'owner_meetings',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('decisions', sa.JSON(), nullable=False),
        sa.Column('created_by', sa.Uuid(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_owner_meetings_client_id_clients')),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'],
                                name=op.f('fk_owner_meetings_created_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_owner_meetings')),
    )
    op.create_index('ix_owner_meetings_client_id_held_on', 'owner_meetings',
                    ['client_id', 'held_on'])
    op.create_index(op.f('ix_owner_meetings_created_at'), 'owner_meetings', ['created_at'])
    op.create_index(op.f('ix_owner_meetings_updated_at'), 'owner_meetings', ['updated_at'])
    op.create_table(
        'decision_requests',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('question', sa.String(length=500), nullable=False),
        sa.Column('options', sa.JSON(), nullable=False),
        sa.Column('needed_by', sa.Date(), nullable=False),
        sa.Column('choice', sa.String(length=500), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('answered_by', sa.Uuid(), nullable=True),
        sa.Column('created_by', sa.Uuid(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_decision_requests_client_id_clients')),
        sa.ForeignKeyConstraint(['answered_by'], ['users.id'],
                                name=op.f('fk_decision_requests_answered_by_users')),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'],
                                name=op.f('fk_decision_requests_created_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_requests')),
    )
    op.create_index('ix_decision_requests_client_id_answered_at', 'decision_requests',
                    ['client_id', 'answered_at'])
    op.create_index(op.f('ix_decision_requests_created_at'), 'decision_requests',
                    ['created_at'])
    op.create_index(op.f('ix_decision_requests_updated_at'), 'decision_requests',
                    ['updated_at'])
    with op.batch_alter_table('action_items') as batch:
        batch.alter_column('rep_id', existing_type=sa.Uuid(), nullable=True)
        batch.alter_column('one_on_one_id', existing_type=sa.Uuid(), nullable=True)
        batch.add_column(sa.Column('owner_meeting_id', sa.Uuid(), nullable=True))
        batch.create_foreign_key(op.f('fk_action_items_owner_meeting_id_owner_meetings'),
                                 'owner_meetings', ['owner_meeting_id'], ['id'])
        batch.create_index(op.f('ix_action_items_owner_meeting_id'), ['owner_meeting_id'])


def downgrade() -> None:
    # rep_id and one_on_one_id stay nullable: the owner meetings' items are kept (without
    # their meeting) rather than lost.
    with op.batch_alter_table('action_items') as batch:
        batch.drop_index(op.f('ix_action_items_owner_meeting_id'))
        batch.drop_constraint(op.f('fk_action_items_owner_meeting_id_owner_meetings'),
                              type_='foreignkey')
        batch.drop_column('owner_meeting_id')
    for table in ('decision_requests', 'owner_meetings'):
        op.drop_index(op.f(f'ix_{table}_updated_at'), table_name=table)
        op.drop_index(op.f(f'ix_{table}_created_at'), table_name=table)
    op.drop_index('ix_decision_requests_client_id_answered_at', table_name='decision_requests')
    op.drop_table('decision_requests')
    op.drop_index('ix_owner_meetings_client_id_held_on', table_name='owner_meetings')
    op.drop_table('owner_meetings')
