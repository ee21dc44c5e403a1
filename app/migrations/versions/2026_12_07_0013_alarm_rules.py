"""Alarms a manager can trust: each client's own alarm rules; when an activity row's
quantity was raised (late entries); and, per alarm, when it was first raised and the
reasons given for acknowledging or snoozing it.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 14:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('clients') as batch:
        batch.add_column(sa.Column('alarm_rules', sa.JSON(), nullable=False,
                                   server_default=sa.text("'{}'")))
    with op.batch_alter_table('activities') as batch:
        batch.add_column(sa.Column('raised_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('alarm_states') as batch:
        batch.add_column(sa.Column('snoozed_reason', sa.String(length=500), nullable=True))
        batch.add_column(sa.Column('acknowledged_reason', sa.String(length=500), nullable=True))
        batch.add_column(sa.Column('severity_at_ack', sa.Float(), nullable=True))
        batch.add_column(sa.Column('raised_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('rep_id', sa.Uuid(), nullable=True))
        batch.create_foreign_key(op.f('fk_alarm_states_rep_id_reps'), 'reps', ['rep_id'], ['id'])
    with op.batch_alter_table('clients') as batch:
        batch.alter_column('alarm_rules', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('alarm_states') as batch:
        batch.drop_constraint(op.f('fk_alarm_states_rep_id_reps'), type_='foreignkey')
        batch.drop_column('rep_id')
        batch.drop_column('raised_at')
        batch.drop_column('severity_at_ack')
        batch.drop_column('acknowledged_reason')
        batch.drop_column('snoozed_reason')
    with op.batch_alter_table('activities') as batch:
        batch.drop_column('raised_at')
    with op.batch_alter_table('clients') as batch:
        batch.drop_column('alarm_rules')
