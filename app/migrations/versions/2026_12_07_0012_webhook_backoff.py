"""Webhook subscriptions back off as a whole: when a failing one is tried next (retry_at),
and when it was last enabled again (resumed_at: its deliveries' retry window starts anew).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 13:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('webhook_subscriptions') as batch:
        batch.add_column(sa.Column('retry_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('resumed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('webhook_subscriptions') as batch:
        batch.drop_column('resumed_at')
        batch.drop_column('retry_at')
