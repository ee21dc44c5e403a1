"""Deals, their change history, weekly activities, and stage probabilities per client.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 13:09:14.259915
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('deals',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('account_name', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('gross_margin_pct', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('forecast_category', sa.String(length=16), nullable=False),
    sa.Column('expected_close_on', sa.Date(), nullable=True),
    sa.Column('proposal_sent_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('lost_reason', sa.String(length=16), nullable=True),
    sa.Column('next_step', sa.String(length=500), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('rep_id', sa.Uuid(), nullable=False),
    sa.Column('slip_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_deals_client_id_clients')),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_deals_rep_id_reps')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deals'))
    )
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.create_index('ix_deals_client_id_closed_on', ['client_id', 'closed_on'], unique=False)
        batch_op.create_index('ix_deals_client_id_expected_close_on', ['client_id', 'expected_close_on'], unique=False)
        batch_op.create_index('ix_deals_client_id_stage', ['client_id', 'stage'], unique=False)
        batch_op.create_index(batch_op.f('ix_deals_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_deals_rep_id'), ['rep_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deals_updated_at'), ['updated_at'], unique=False)

    op.create_table('activities',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('quantity', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('deal_id', sa.Uuid(), nullable=True),
    sa.Column('note', sa.String(length=1000), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('rep_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_activities_client_id_clients')),
    sa.ForeignKeyConstraint(['deal_id'], ['deals.id'], name=op.f('fk_activities_deal_id_deals')),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_activities_rep_id_reps')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activities')),
    sa.UniqueConstraint('rep_id', 'occurred_on', 'kind', name=op.f('uq_activities_rep_id_occurred_on_kind'))
    )
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index('ix_activities_client_id_occurred_on', ['client_id', 'occurred_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_activities_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_activities_updated_at'), ['updated_at'], unique=False)

    op.create_table('deal_changes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('deal_id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('old', sa.String(length=64), nullable=True),
    sa.Column('new', sa.String(length=64), nullable=True),
    sa.Column('changed_by', sa.Uuid(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['users.id'], name=op.f('fk_deal_changes_changed_by_users')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_deal_changes_client_id_clients')),
    sa.ForeignKeyConstraint(['deal_id'], ['deals.id'], name=op.f('fk_deal_changes_deal_id_deals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deal_changes'))
    )
    with op.batch_alter_table('deal_changes', schema=None) as batch_op:
        batch_op.create_index('ix_deal_changes_client_id_changed_at', ['client_id', 'changed_at'], unique=False)
        batch_op.create_index('ix_deal_changes_deal_id_changed_at', ['deal_id', 'changed_at'], unique=False)

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'stage_probabilities', sa.JSON(), nullable=False,
            server_default='{"prospecting": 10, "discovery": 20, "proposal": 50, '
                           '"negotiation": 75, "closed_won": 100, "closed_lost": 0}'))


def downgrade() -> None:
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('stage_probabilities')

    with op.batch_alter_table('deal_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_deal_changes_deal_id_changed_at')
        batch_op.drop_index('ix_deal_changes_client_id_changed_at')

    op.drop_table('deal_changes')
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activities_updated_at'))
        batch_op.drop_index(batch_op.f('ix_activities_created_at'))
        batch_op.drop_index('ix_activities_client_id_occurred_on')

    op.drop_table('activities')
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deals_updated_at'))
        batch_op.drop_index(batch_op.f('ix_deals_rep_id'))
        batch_op.drop_index(batch_op.f('ix_deals_created_at'))
        batch_op.drop_index('ix_deals_client_id_stage')
        batch_op.drop_index('ix_deals_client_id_expected_close_on')
        batch_op.drop_index('ix_deals_client_id_closed_on')

    op.drop_table('deals')

