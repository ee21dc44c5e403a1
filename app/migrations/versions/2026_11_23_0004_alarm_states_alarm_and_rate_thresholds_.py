"""Alarm acknowledgements and snoozes; per-client alarm and rate thresholds.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 14:03:19.871491
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('alarm_states',
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by', sa.Uuid(), nullable=True),
    sa.Column('snoozed_until', sa.Date(), nullable=True),
    sa.Column('snoozed_by', sa.Uuid(), nullable=True),
    sa.Column('snoozed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('severity_at_snooze', sa.Float(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['acknowledged_by'], ['users.id'], name=op.f('fk_alarm_states_acknowledged_by_users')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_alarm_states_client_id_clients')),
    sa.ForeignKeyConstraint(['snoozed_by'], ['users.id'], name=op.f('fk_alarm_states_snoozed_by_users')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_alarm_states'))
    )
    with op.batch_alter_table('alarm_states', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alarm_states_client_id'), ['client_id'], unique=False)

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('activity_alarm_weeks', sa.Integer(), nullable=False,
                                      server_default='2'))
        batch_op.add_column(sa.Column('min_deals_for_rates', sa.Integer(), nullable=False,
                                      server_default='10'))




def downgrade() -> None:

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('min_deals_for_rates')
        batch_op.drop_column('activity_alarm_weeks')

    with op.batch_alter_table('alarm_states', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alarm_states_client_id'))

    op.drop_table('alarm_states')

