"""The events feed reads a client's events newest first.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-08 00:00:00
"""

from alembic import op


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_webhook_events_client_id_occurred_at', 'webhook_events',
                    ['client_id', 'occurred_at'])


def downgrade() -> None:
    op.drop_index('ix_webhook_events_client_id_occurred_at', table_name='webhook_events')
