"""Improvement plans of reps, and the evidence a diagnostic rests on.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-08 00:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'improvement_plans',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('rep_id', sa.Uuid(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('length_days', sa.Integer(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('goals', sa.JSON(), nullable=False),
        sa.Column('check_in_weekday', sa.Integer(), nullable=False),
        sa.Column('note', sa.String(length=2000), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=True),
        sa.Column('close_note', sa.String(length=2000), nullable=False),
        sa.Column('closed_on', sa.Date(), nullable=True),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('closed_by', sa.Uuid(), nullable=True),
        sa.Column('created_by', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_improvement_plans_client_id_clients')),
        sa.ForeignKeyConstraint(['rep_id'], ['reps.id'],
                                name=op.f('fk_improvement_plans_rep_id_reps')),
        sa.ForeignKeyConstraint(['closed_by'], ['users.id'],
                                name=op.f('fk_improvement_plans_closed_by_users')),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'],
                                name=op.f('fk_improvement_plans_created_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_improvement_plans')),
    )
    op.create_index(op.f('ix_improvement_plans_client_id'), 'improvement_plans',
                    ['client_id'])
    op.create_index('ix_improvement_plans_rep_id_starts_on', 'improvement_plans',
                    ['rep_id', 'starts_on'])
    op.create_index(op.f('ix_improvement_plans_created_at'), 'improvement_plans',
                    ['created_at'])
    op.create_index(op.f('ix_improvement_plans_updated_at'), 'improvement_plans',
                    ['updated_at'])
    with op.batch_alter_table('diagnostics') as batch:
        batch.add_column(sa.Column('evidence', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('diagnostics') as batch:
        batch.drop_column('evidence')
    op.drop_index(op.f('ix_improvement_plans_updated_at'), table_name='improvement_plans')
    op.drop_index(op.f('ix_improvement_plans_created_at'), table_name='improvement_plans')
    op.drop_index('ix_improvement_plans_rep_id_starts_on', table_name='improvement_plans')
    op.drop_index(op.f('ix_improvement_plans_client_id'), table_name='improvement_plans')
    op.drop_table('improvement_plans')
