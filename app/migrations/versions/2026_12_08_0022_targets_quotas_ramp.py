"""Targets and quotas over time, activity targets per role and rep, ramps.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-08 00:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:
    return [sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
            sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
            sa.Column('version', sa.Integer(), nullable=False)]


def upgrade() -> None:
    money = sa.Numeric(14, 2)
    op.create_table(
        'revenue_targets',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('amount', money, nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('note', sa.String(length=2000), nullable=False),
        sa.Column('proposed_by', sa.Uuid(), nullable=False),
        sa.Column('decided_by', sa.Uuid(), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_revenue_targets_client_id_clients')),
        sa.ForeignKeyConstraint(['proposed_by'], ['users.id'],
                                name=op.f('fk_revenue_targets_proposed_by_users')),
        sa.ForeignKeyConstraint(['decided_by'], ['users.id'],
                                name=op.f('fk_revenue_targets_decided_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_revenue_targets')),
    )
    op.create_index('ix_revenue_targets_client_id_starts_on', 'revenue_targets',
                    ['client_id', 'starts_on'])
    op.create_index(op.f('ix_revenue_targets_created_at'), 'revenue_targets', ['created_at'])
    op.create_index(op.f('ix_revenue_targets_updated_at'), 'revenue_targets', ['updated_at'])
    op.create_table(
        'rep_quotas',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('rep_id', sa.Uuid(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('amount', money, nullable=False),
        sa.Column('set_by', sa.Uuid(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_rep_quotas_client_id_clients')),
        sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_rep_quotas_rep_id_reps')),
        sa.ForeignKeyConstraint(['set_by'], ['users.id'],
                                name=op.f('fk_rep_quotas_set_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rep_quotas')),
        sa.UniqueConstraint('rep_id', 'starts_on', name='uq_rep_quotas_rep_id_starts_on'),
    )
    op.create_index('ix_rep_quotas_client_id', 'rep_quotas', ['client_id'])
    op.create_index(op.f('ix_rep_quotas_created_at'), 'rep_quotas', ['created_at'])
    op.create_index(op.f('ix_rep_quotas_updated_at'), 'rep_quotas', ['updated_at'])
    with op.batch_alter_table('clients') as batch:
        batch.add_column(sa.Column('manager_sets_targets', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column('role_activity_targets', sa.JSON(), nullable=False,
                                   server_default=sa.text("'{}'")))
    with op.batch_alter_table('clients') as batch:
        batch.alter_column('manager_sets_targets', server_default=None)
        batch.alter_column('role_activity_targets', server_default=None)
    with op.batch_alter_table('reps') as batch:
        batch.add_column(sa.Column('sales_role', sa.String(length=32), nullable=False,
                                   server_default='account_executive'))
        batch.add_column(sa.Column('activity_targets', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('ramp_starts_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('ramp_weeks', sa.Integer(), nullable=False,
                                   server_default='12'))
    with op.batch_alter_table('reps') as batch:
        batch.alter_column('sales_role', server_default=None)
        batch.alter_column('ramp_weeks', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('reps') as batch:
        for column in ('ramp_weeks', 'ramp_starts_on', 'activity_targets', 'sales_role'):
            batch.drop_column(column)
    with op.batch_alter_table('clients') as batch:
        batch.drop_column('role_activity_targets')
        batch.drop_column('manager_sets_targets')
    for table in ('rep_quotas', 'revenue_targets'):
        op.drop_index(op.f(f'ix_{table}_updated_at'), table_name=table)
        op.drop_index(op.f(f'ix_{table}_created_at'), table_name=table)
    op.drop_index('ix_rep_quotas_client_id', table_name='rep_quotas')
    op.drop_index('ix_revenue_targets_client_id_starts_on', table_name='revenue_targets')
    op.drop_table('rep_quotas')
    op.drop_table('revenue_targets')
