"""A forecast you can trust: the reps' and the manager's forecast calls, every version kept,
and snapshots of each client's forecast (weekly, at each call, and at the days accuracy is
measured on).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 16:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'forecast_calls',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('rep_id', sa.Uuid(), nullable=True),
        sa.Column('subject', sa.String(length=36), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('commit', sa.Numeric(14, 2), nullable=False),
        sa.Column('best_case', sa.Numeric(14, 2), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('submitted_by', sa.Uuid(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_forecast_calls_client_id_clients')),
        sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_forecast_calls_rep_id_reps')),
        sa.ForeignKeyConstraint(['submitted_by'], ['users.id'],
                                name=op.f('fk_forecast_calls_submitted_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_forecast_calls')),
        sa.UniqueConstraint('client_id', 'period_start', 'subject', 'revision',
                            name='uq_forecast_calls_subject_revision'),
    )
    op.create_index('ix_forecast_calls_client_id_period_start', 'forecast_calls',
                    ['client_id', 'period_start'])
    op.create_table(
        'forecast_snapshots',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('period_end', sa.Date(), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reason', sa.String(length=16), nullable=False),
        sa.Column('checkpoint', sa.String(length=16), nullable=True),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('once', sa.String(length=40), nullable=True),
        sa.Column('target', sa.Numeric(14, 2), nullable=False),
        sa.Column('won', sa.Numeric(14, 2), nullable=False),
        sa.Column('headline_method', sa.String(length=24), nullable=False),
        sa.Column('headline', sa.Numeric(14, 2), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_forecast_snapshots_client_id_clients')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_forecast_snapshots')),
        sa.UniqueConstraint('client_id', 'once', name='uq_forecast_snapshots_client_id_once'),
    )
    op.create_index('ix_forecast_snapshots_client_id_period_start', 'forecast_snapshots',
                    ['client_id', 'period_start'])


def downgrade() -> None:
    op.drop_index('ix_forecast_snapshots_client_id_period_start', table_name='forecast_snapshots')
    op.drop_table('forecast_snapshots')
    op.drop_index('ix_forecast_calls_client_id_period_start', table_name='forecast_calls')
    op.drop_table('forecast_calls')
