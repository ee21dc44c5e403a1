"""Assessments: underperformer diagnostics, client fit assessments, strategy reviews.

Revision ID: 0006
Revises: 0005 (one-on-ones are 0005 on another branch; the integrator rechains this one)
Create Date: 2026-11-23 15:44:37.774957
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('diagnostics',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('rep_id', sa.Uuid(), nullable=False),
    sa.Column('motivators', sa.JSON(), nullable=False),
    sa.Column('competence', sa.JSON(), nullable=True),
    sa.Column('interpersonal_concern', sa.Boolean(), nullable=True),
    sa.Column('note', sa.String(length=4000), nullable=False),
    sa.Column('recommendation', sa.String(length=24), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_diagnostics_client_id_clients')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_diagnostics_created_by_users')),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_diagnostics_rep_id_reps')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_diagnostics'))
    )
    with op.batch_alter_table('diagnostics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_diagnostics_client_id'), ['client_id'], unique=False)
        batch_op.create_index('ix_diagnostics_rep_id_created_at', ['rep_id', 'created_at'], unique=False)

    op.create_table('fit_assessments',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.Column('note', sa.String(length=4000), nullable=False),
    sa.Column('active_reps', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_fit_assessments_client_id_clients')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_fit_assessments_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fit_assessments'))
    )
    with op.batch_alter_table('fit_assessments', schema=None) as batch_op:
        batch_op.create_index('ix_fit_assessments_client_id_created_at', ['client_id', 'created_at'], unique=False)

    op.create_table('strategy_reviews',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('note', sa.String(length=4000), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_strategy_reviews_client_id_clients')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_strategy_reviews_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_reviews')),
    sa.UniqueConstraint('client_id', 'held_on', name=op.f('uq_strategy_reviews_client_id_held_on'))
    )


def downgrade() -> None:

    op.drop_table('strategy_reviews')

    with op.batch_alter_table('fit_assessments', schema=None) as batch_op:
        batch_op.drop_index('ix_fit_assessments_client_id_created_at')
    op.drop_table('fit_assessments')

    with op.batch_alter_table('diagnostics', schema=None) as batch_op:
        batch_op.drop_index('ix_diagnostics_client_id')
        batch_op.drop_index('ix_diagnostics_rep_id_created_at')
    op.drop_table('diagnostics')
