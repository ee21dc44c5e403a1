"""The audit log (audit_entries): who created, changed, archived or deleted which record.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 16:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_entries',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=True),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('entity_type', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=True),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('request_id', sa.String(length=128), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entries_client_id_at', ['client_id', 'at'], unique=False)
        batch_op.create_index('ix_audit_entries_entity_type_entity_id',
                              ['entity_type', 'entity_id'], unique=False)
        batch_op.create_index('ix_audit_entries_actor_id_at', ['actor_id', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_actor_id_at')
        batch_op.drop_index('ix_audit_entries_entity_type_entity_id')
        batch_op.drop_index('ix_audit_entries_client_id_at')
    op.drop_table('audit_entries')
