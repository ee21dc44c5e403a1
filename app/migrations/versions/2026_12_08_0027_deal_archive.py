"""Deals can be archived: archived_at, indexed (figures leave the few archived deals out).

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-08 00:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deals') as batch:
        batch.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index(op.f('ix_deals_archived_at'), 'deals', ['archived_at'])


def downgrade() -> None:
    op.drop_index(op.f('ix_deals_archived_at'), table_name='deals')
    with op.batch_alter_table('deals') as batch:
        batch.drop_column('archived_at')
