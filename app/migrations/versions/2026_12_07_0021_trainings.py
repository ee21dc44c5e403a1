"""Trainings assigned to reps, and each rep's completion.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 23:55:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'trainings',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('topic', sa.String(length=300), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('created_by', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_trainings_client_id_clients')),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'],
                                name=op.f('fk_trainings_created_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_trainings')),
    )
    op.create_index('ix_trainings_client_id_due_on', 'trainings', ['client_id', 'due_on'])
    op.create_index(op.f('ix_trainings_created_at'), 'trainings', ['created_at'])
    op.create_index(op.f('ix_trainings_updated_at'), 'trainings', ['updated_at'])
    op.create_table(
        'training_assignments',
        sa.Column('training_id', sa.Uuid(), nullable=False),
        sa.Column('rep_id', sa.Uuid(), nullable=False),
        sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['training_id'], ['trainings.id'],
                                name=op.f('fk_training_assignments_training_id_trainings')),
        sa.ForeignKeyConstraint(['rep_id'], ['reps.id'],
                                name=op.f('fk_training_assignments_rep_id_reps')),
        sa.PrimaryKeyConstraint('training_id', 'rep_id', name=op.f('pk_training_assignments')),
    )
    op.create_index(op.f('ix_training_assignments_rep_id'), 'training_assignments',
                    ['rep_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_training_assignments_rep_id'), table_name='training_assignments')
    op.drop_table('training_assignments')
    op.drop_index(op.f('ix_trainings_updated_at'), table_name='trainings')
    op.drop_index(op.f('ix_trainings_created_at'), table_name='trainings')
    op.drop_index('ix_trainings_client_id_due_on', table_name='trainings')
    op.drop_table('trainings')
