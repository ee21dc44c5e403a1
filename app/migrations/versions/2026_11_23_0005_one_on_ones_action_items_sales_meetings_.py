"""One-on-ones, action items, sales meetings and their history (coaching_changes).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 15:44:16.388723
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sales_meetings',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('rep_ids', sa.JSON(), nullable=False),
    sa.Column('owner_attended', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('decisions', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_sales_meetings_client_id_clients')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_sales_meetings_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_meetings'))
    )
    with op.batch_alter_table('sales_meetings', schema=None) as batch_op:
        batch_op.create_index('ix_sales_meetings_client_id_held_on', ['client_id', 'held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_sales_meetings_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sales_meetings_updated_at'), ['updated_at'], unique=False)

    op.create_table('one_on_ones',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('rep_id', sa.Uuid(), nullable=False),
    sa.Column('manager_id', sa.Uuid(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('agenda', sa.JSON(), nullable=False),
    sa.Column('shared_notes', sa.Text(), nullable=False),
    sa.Column('private_notes', sa.Text(), nullable=False),
    sa.Column('focus', sa.JSON(), nullable=False),
    sa.Column('deal_ids', sa.JSON(), nullable=False),
    sa.Column('kpi_snapshot', sa.JSON(), nullable=True),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_one_on_ones_client_id_clients')),
    sa.ForeignKeyConstraint(['manager_id'], ['users.id'], name=op.f('fk_one_on_ones_manager_id_users')),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_one_on_ones_rep_id_reps')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_one_on_ones'))
    )
    with op.batch_alter_table('one_on_ones', schema=None) as batch_op:
        batch_op.create_index('ix_one_on_ones_client_id_held_on', ['client_id', 'held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_one_on_ones_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_one_on_ones_rep_id_held_on', ['rep_id', 'held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_one_on_ones_updated_at'), ['updated_at'], unique=False)

    op.create_table('action_items',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('rep_id', sa.Uuid(), nullable=False),
    sa.Column('one_on_one_id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('assignee', sa.String(length=16), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_action_items_client_id_clients')),
    sa.ForeignKeyConstraint(['done_by'], ['users.id'], name=op.f('fk_action_items_done_by_users')),
    sa.ForeignKeyConstraint(['one_on_one_id'], ['one_on_ones.id'], name=op.f('fk_action_items_one_on_one_id_one_on_ones')),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_action_items_rep_id_reps')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_items'))
    )
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.create_index('ix_action_items_client_id_done', ['client_id', 'done'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_one_on_one_id'), ['one_on_one_id'], unique=False)
        batch_op.create_index('ix_action_items_rep_id_done_due_on', ['rep_id', 'done', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_updated_at'), ['updated_at'], unique=False)

    op.create_table('coaching_changes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('rep_id', sa.Uuid(), nullable=True),
    sa.Column('subject', sa.String(length=16), nullable=False),
    sa.Column('subject_id', sa.Uuid(), nullable=False),
    sa.Column('one_on_one_id', sa.Uuid(), nullable=True),
    sa.Column('sales_meeting_id', sa.Uuid(), nullable=True),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('old', sa.Text(), nullable=True),
    sa.Column('new', sa.Text(), nullable=True),
    sa.Column('changed_by', sa.Uuid(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['users.id'], name=op.f('fk_coaching_changes_changed_by_users')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_coaching_changes_client_id_clients')),
    sa.ForeignKeyConstraint(['one_on_one_id'], ['one_on_ones.id'], name=op.f('fk_coaching_changes_one_on_one_id_one_on_ones')),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_coaching_changes_rep_id_reps')),
    sa.ForeignKeyConstraint(['sales_meeting_id'], ['sales_meetings.id'], name=op.f('fk_coaching_changes_sales_meeting_id_sales_meetings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_changes'))
    )
    with op.batch_alter_table('coaching_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coaching_changes_client_id'), ['client_id'], unique=False)
        batch_op.create_index('ix_coaching_changes_one_on_one_id_changed_at', ['one_on_one_id', 'changed_at'], unique=False)
        batch_op.create_index('ix_coaching_changes_sales_meeting_id_changed_at', ['sales_meeting_id', 'changed_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('coaching_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_coaching_changes_sales_meeting_id_changed_at')
        batch_op.drop_index('ix_coaching_changes_one_on_one_id_changed_at')
        batch_op.drop_index(batch_op.f('ix_coaching_changes_client_id'))

    op.drop_table('coaching_changes')
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_items_updated_at'))
        batch_op.drop_index('ix_action_items_rep_id_done_due_on')
        batch_op.drop_index(batch_op.f('ix_action_items_one_on_one_id'))
        batch_op.drop_index(batch_op.f('ix_action_items_created_at'))
        batch_op.drop_index('ix_action_items_client_id_done')

    op.drop_table('action_items')
    with op.batch_alter_table('one_on_ones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_one_on_ones_updated_at'))
        batch_op.drop_index('ix_one_on_ones_rep_id_held_on')
        batch_op.drop_index(batch_op.f('ix_one_on_ones_created_at'))
        batch_op.drop_index('ix_one_on_ones_client_id_held_on')

    op.drop_table('one_on_ones')
    with op.batch_alter_table('sales_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sales_meetings_updated_at'))
        batch_op.drop_index(batch_op.f('ix_sales_meetings_created_at'))
        batch_op.drop_index('ix_sales_meetings_client_id_held_on')

    op.drop_table('sales_meetings')
