"""Indexes for the KPI windows: proposals sent per client, and deals closed across the practice.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 16:20:00
"""

from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.create_index('ix_deals_client_id_proposal_sent_on',
                              ['client_id', 'proposal_sent_on'], unique=False)
        batch_op.create_index('ix_deals_closed_on', ['closed_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.drop_index('ix_deals_closed_on')
        batch_op.drop_index('ix_deals_client_id_proposal_sent_on')
