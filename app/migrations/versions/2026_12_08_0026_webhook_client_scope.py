"""A webhook subscription may be scoped to one client (a Zap per client).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-08 00:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('webhook_subscriptions') as batch:
        batch.add_column(sa.Column('client_id', sa.Uuid(), nullable=True))
        batch.create_foreign_key(op.f('fk_webhook_subscriptions_client_id_clients'),
                                 'clients', ['client_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('webhook_subscriptions') as batch:
        batch.drop_constraint(op.f('fk_webhook_subscriptions_client_id_clients'),
                              type_='foreignkey')
        batch.drop_column('client_id')
