"""Webhook events are fanned out to their subscribers by the dispatcher, not by the request
that wrote them: fanned_out_at, and a partial index of the events still waiting. Events
written before this were fanned out when they were written.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-08 00:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('webhook_events') as batch:
        batch.add_column(sa.Column('fanned_out_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE webhook_events SET fanned_out_at = occurred_at")
    op.create_index('ix_webhook_events_pending', 'webhook_events', ['occurred_at'],
                    postgresql_where=sa.text('fanned_out_at IS NULL'),
                    sqlite_where=sa.text('fanned_out_at IS NULL'))


def downgrade() -> None:
    op.drop_index('ix_webhook_events_pending', table_name='webhook_events')
    with op.batch_alter_table('webhook_events') as batch:
        batch.drop_column('fanned_out_at')
