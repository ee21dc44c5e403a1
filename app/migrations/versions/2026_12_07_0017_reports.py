"""The owner's progress reports (a draft, then published and frozen) and each client's
currency.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 22:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('clients') as batch:
        batch.add_column(sa.Column('currency', sa.String(length=3), nullable=False,
                                   server_default='USD'))
    op.create_table(
        'reports',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('period', sa.String(length=16), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('wins', sa.JSON(), nullable=False),
        sa.Column('concerns', sa.JSON(), nullable=False),
        sa.Column('decisions_needed', sa.JSON(), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=True),
        sa.Column('as_of', sa.Date(), nullable=True),
        sa.Column('created_by', sa.Uuid(), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('published_by', sa.Uuid(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_reports_client_id_clients')),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'],
                                name=op.f('fk_reports_created_by_users')),
        sa.ForeignKeyConstraint(['published_by'], ['users.id'],
                                name=op.f('fk_reports_published_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
        sa.UniqueConstraint('client_id', 'period_start',
                            name='uq_reports_client_id_period_start'),
    )
    op.create_index('ix_reports_client_id_status', 'reports', ['client_id', 'status'])
    op.create_index(op.f('ix_reports_created_at'), 'reports', ['created_at'])
    op.create_index(op.f('ix_reports_updated_at'), 'reports', ['updated_at'])


def downgrade() -> None:
    op.drop_index(op.f('ix_reports_updated_at'), table_name='reports')
    op.drop_index(op.f('ix_reports_created_at'), table_name='reports')
    op.drop_index('ix_reports_client_id_status', table_name='reports')
    op.drop_table('reports')
    with op.batch_alter_table('clients') as batch:
        batch.drop_column('currency')
