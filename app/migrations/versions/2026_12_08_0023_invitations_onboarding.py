"""Invitations for logins, onboarding templates and plans.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-08 00:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column]:
    return [sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
            sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
            sa.Column('version', sa.Integer(), nullable=False)]


def _timestamp_indexes(table: str) -> None:
    op.create_index(op.f(f'ix_{table}_created_at'), table, ['created_at'])
    op.create_index(op.f(f'ix_{table}_updated_at'), table, ['updated_at'])


def upgrade() -> None:
    op.create_table(
        'invitations',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=True),
        sa.Column('rep_id', sa.Uuid(), nullable=True),
        sa.Column('full_name', sa.String(length=200), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('invited_by', sa.Uuid(), nullable=False),
        sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('accepted_user_id', sa.Uuid(), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_invitations_client_id_clients')),
        sa.ForeignKeyConstraint(['rep_id'], ['reps.id'],
                                name=op.f('fk_invitations_rep_id_reps')),
        sa.ForeignKeyConstraint(['invited_by'], ['users.id'],
                                name=op.f('fk_invitations_invited_by_users')),
        sa.ForeignKeyConstraint(['accepted_user_id'], ['users.id'],
                                name=op.f('fk_invitations_accepted_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_invitations_token_hash')),
    )
    op.create_index('ix_invitations_client_id_email', 'invitations', ['client_id', 'email'])
    op.create_index(op.f('ix_invitations_rep_id'), 'invitations', ['rep_id'])
    _timestamp_indexes('invitations')

    op.create_table(
        'onboarding_templates',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('tasks', sa.JSON(), nullable=False),
        sa.Column('updated_by', sa.Uuid(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_onboarding_templates_client_id_clients')),
        sa.ForeignKeyConstraint(['updated_by'], ['users.id'],
                                name=op.f('fk_onboarding_templates_updated_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_onboarding_templates')),
        sa.UniqueConstraint('client_id', name=op.f('uq_onboarding_templates_client_id')),
    )
    _timestamp_indexes('onboarding_templates')

    op.create_table(
        'onboarding_plans',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('rep_id', sa.Uuid(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('created_by', sa.Uuid(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_onboarding_plans_client_id_clients')),
        sa.ForeignKeyConstraint(['rep_id'], ['reps.id'],
                                name=op.f('fk_onboarding_plans_rep_id_reps')),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'],
                                name=op.f('fk_onboarding_plans_created_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_onboarding_plans')),
        sa.UniqueConstraint('rep_id', name=op.f('uq_onboarding_plans_rep_id')),
    )
    op.create_index(op.f('ix_onboarding_plans_client_id'), 'onboarding_plans', ['client_id'])
    _timestamp_indexes('onboarding_plans')

    with op.batch_alter_table('action_items') as batch:
        batch.add_column(sa.Column('onboarding_plan_id', sa.Uuid(), nullable=True))
        batch.create_foreign_key(op.f('fk_action_items_onboarding_plan_id_onboarding_plans'),
                                 'onboarding_plans', ['onboarding_plan_id'], ['id'])
        batch.create_index(op.f('ix_action_items_onboarding_plan_id'), ['onboarding_plan_id'])


def downgrade() -> None:
    # An onboarding plan's action items are kept (without their plan) rather than lost.
    with op.batch_alter_table('action_items') as batch:
        batch.drop_index(op.f('ix_action_items_onboarding_plan_id'))
        batch.drop_constraint(op.f('fk_action_items_onboarding_plan_id_onboarding_plans'),
                              type_='foreignkey')
        batch.drop_column('onboarding_plan_id')
    for table in ('onboarding_plans', 'onboarding_templates', 'invitations'):
        op.drop_index(op.f(f'ix_{table}_updated_at'), table_name=table)
        op.drop_index(op.f(f'ix_{table}_created_at'), table_name=table)
    op.drop_index(op.f('ix_onboarding_plans_client_id'), table_name='onboarding_plans')
    op.drop_table('onboarding_plans')
    op.drop_table('onboarding_templates')
    op.drop_index(op.f('ix_invitations_rep_id'), table_name='invitations')
    op.drop_index('ix_invitations_client_id_email', table_name='invitations')
    op.drop_table('invitations')
