"""Variable compensation plans and the reps on them.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 23:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    money = sa.Numeric(14, 2)
    op.create_table(
        'comp_plans',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('base_pay', money, nullable=False),
        sa.Column('on_target_variable', money, nullable=False),
        sa.Column('threshold_pct', money, nullable=False),
        sa.Column('accelerator', money, nullable=False),
        sa.Column('margin_floor_pct', money, nullable=True),
        sa.Column('below_margin_rate_pct', money, nullable=False),
        sa.Column('effective_from', sa.Date(), nullable=False),
        sa.Column('effective_to', sa.Date(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_comp_plans_client_id_clients')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_comp_plans')),
    )
    op.create_index('ix_comp_plans_client_id_effective_from', 'comp_plans',
                    ['client_id', 'effective_from'])
    op.create_index(op.f('ix_comp_plans_created_at'), 'comp_plans', ['created_at'])
    op.create_index(op.f('ix_comp_plans_updated_at'), 'comp_plans', ['updated_at'])
    op.create_table(
        'comp_plan_reps',
        sa.Column('comp_plan_id', sa.Uuid(), nullable=False),
        sa.Column('rep_id', sa.Uuid(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['comp_plan_id'], ['comp_plans.id'],
                                name=op.f('fk_comp_plan_reps_comp_plan_id_comp_plans')),
        sa.ForeignKeyConstraint(['rep_id'], ['reps.id'],
                                name=op.f('fk_comp_plan_reps_rep_id_reps')),
        sa.PrimaryKeyConstraint('comp_plan_id', 'rep_id', name=op.f('pk_comp_plan_reps')),
    )
    op.create_index(op.f('ix_comp_plan_reps_rep_id'), 'comp_plan_reps', ['rep_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_comp_plan_reps_rep_id'), table_name='comp_plan_reps')
    op.drop_table('comp_plan_reps')
    op.drop_index(op.f('ix_comp_plans_updated_at'), table_name='comp_plans')
    op.drop_index(op.f('ix_comp_plans_created_at'), table_name='comp_plans')
    op.drop_index('ix_comp_plans_client_id_effective_from', table_name='comp_plans')
    op.drop_table('comp_plans')
