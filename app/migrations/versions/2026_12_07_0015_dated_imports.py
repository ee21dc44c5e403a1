"""A client's CRM history brought in with its dates: deals carry the source CRM's id and
the lead source; large imports run as jobs, their file kept in chunks until they end.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 18:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deals') as batch:
        batch.add_column(sa.Column('external_id', sa.String(length=100), nullable=True))
        batch.add_column(sa.Column('source', sa.String(length=24), nullable=True))
        batch.create_unique_constraint('uq_deals_client_id_external_id',
                                       ['client_id', 'external_id'])
    op.create_table(
        'import_jobs',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('mode', sa.String(length=16), nullable=False),
        sa.Column('dry_run', sa.Boolean(), nullable=False),
        sa.Column('options', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('rows_total', sa.Integer(), nullable=False),
        sa.Column('rows_read', sa.Integer(), nullable=False),
        sa.Column('rows_valid', sa.Integer(), nullable=False),
        sa.Column('created', sa.Integer(), nullable=False),
        sa.Column('updated', sa.Integer(), nullable=False),
        sa.Column('unchanged', sa.Integer(), nullable=False),
        sa.Column('errors', sa.JSON(), nullable=False),
        sa.Column('detail', sa.String(), nullable=False),
        sa.Column('created_by', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_import_jobs_client_id_clients')),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'],
                                name=op.f('fk_import_jobs_created_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_jobs')),
    )
    op.create_index(op.f('ix_import_jobs_client_id'), 'import_jobs', ['client_id'])
    op.create_index('ix_import_jobs_status_created_at', 'import_jobs', ['status', 'created_at'])
    op.create_table(
        'import_chunks',
        sa.Column('job_id', sa.Uuid(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['job_id'], ['import_jobs.id'],
                                name=op.f('fk_import_chunks_job_id_import_jobs')),
        sa.PrimaryKeyConstraint('job_id', 'seq', name=op.f('pk_import_chunks')),
    )


def downgrade() -> None:
    op.drop_table('import_chunks')
    op.drop_index('ix_import_jobs_status_created_at', table_name='import_jobs')
    op.drop_index(op.f('ix_import_jobs_client_id'), table_name='import_jobs')
    op.drop_table('import_jobs')
    with op.batch_alter_table('deals') as batch:
        batch.drop_constraint('uq_deals_client_id_external_id', type_='unique')
        batch.drop_column('source')
        batch.drop_column('external_id')
