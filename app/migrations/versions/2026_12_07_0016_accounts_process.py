"""Accounts and territories per client, deals linked to their account, with a next step's
due day, the buyer's decision maker and the stage of the client's own sales process; the
sales processes, every version kept.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 20:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:
    return [sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
            sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
            sa.Column('version', sa.Integer(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        'territories',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_territories_client_id_clients')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_territories')),
        sa.UniqueConstraint('client_id', 'name', name='uq_territories_client_id_name'),
    )
    op.create_index(op.f('ix_territories_created_at'), 'territories', ['created_at'])
    op.create_index(op.f('ix_territories_updated_at'), 'territories', ['updated_at'])
    op.create_table(
        'territory_reps',
        sa.Column('territory_id', sa.Uuid(), nullable=False),
        sa.Column('rep_id', sa.Uuid(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['territory_id'], ['territories.id'],
                                name=op.f('fk_territory_reps_territory_id_territories')),
        sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_territory_reps_rep_id_reps')),
        sa.PrimaryKeyConstraint('territory_id', 'rep_id', name=op.f('pk_territory_reps')),
    )
    op.create_index(op.f('ix_territory_reps_rep_id'), 'territory_reps', ['rep_id'])
    op.create_table(
        'accounts',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('territory_id', sa.Uuid(), nullable=True),
        sa.Column('owner_rep_id', sa.Uuid(), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_accounts_client_id_clients')),
        sa.ForeignKeyConstraint(['territory_id'], ['territories.id'],
                                name=op.f('fk_accounts_territory_id_territories')),
        sa.ForeignKeyConstraint(['owner_rep_id'], ['reps.id'],
                                name=op.f('fk_accounts_owner_rep_id_reps')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
        sa.UniqueConstraint('client_id', 'name', name='uq_accounts_client_id_name'),
    )
    op.create_index('ix_accounts_client_id_owner_rep_id', 'accounts', ['client_id', 'owner_rep_id'])
    op.create_index(op.f('ix_accounts_created_at'), 'accounts', ['created_at'])
    op.create_index(op.f('ix_accounts_updated_at'), 'accounts', ['updated_at'])
    op.create_table(
        'sales_processes',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('stages', sa.JSON(), nullable=False),
        sa.Column('playbooks', sa.JSON(), nullable=False),
        sa.Column('created_by', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_sales_processes_client_id_clients')),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'],
                                name=op.f('fk_sales_processes_created_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_processes')),
        sa.UniqueConstraint('client_id', 'revision',
                            name='uq_sales_processes_client_id_revision'),
    )
    with op.batch_alter_table('deals') as batch:
        batch.add_column(sa.Column('account_id', sa.Uuid(), nullable=True))
        batch.add_column(sa.Column('next_step_due_on', sa.Date(), nullable=True))
        # the default stays: rows loaded in bulk without the column (bench) get ''
        batch.add_column(sa.Column('decision_maker', sa.String(length=200), nullable=False,
                                   server_default=''))
        batch.add_column(sa.Column('process_stage', sa.String(length=32), nullable=True))
        batch.create_foreign_key(op.f('fk_deals_account_id_accounts'), 'accounts',
                                 ['account_id'], ['id'])
        batch.create_index(op.f('ix_deals_account_id'), ['account_id'])


def downgrade() -> None:
    with op.batch_alter_table('deals') as batch:
        batch.drop_index(op.f('ix_deals_account_id'))
        batch.drop_constraint(op.f('fk_deals_account_id_accounts'), type_='foreignkey')
        batch.drop_column('process_stage')
        batch.drop_column('decision_maker')
        batch.drop_column('next_step_due_on')
        batch.drop_column('account_id')
    op.drop_table('sales_processes')
    op.drop_index(op.f('ix_accounts_updated_at'), table_name='accounts')
    op.drop_index(op.f('ix_accounts_created_at'), table_name='accounts')
    op.drop_index('ix_accounts_client_id_owner_rep_id', table_name='accounts')
    op.drop_table('accounts')
    op.drop_index(op.f('ix_territory_reps_rep_id'), table_name='territory_reps')
    op.drop_table('territory_reps')
    op.drop_index(op.f('ix_territories_updated_at'), table_name='territories')
    op.drop_index(op.f('ix_territories_created_at'), table_name='territories')
    op.drop_table('territories')
