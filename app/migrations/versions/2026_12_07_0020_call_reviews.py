"""Call reviews of a rep's calls and their ratings, one row per skill.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 23:45:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'call_reviews',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('rep_id', sa.Uuid(), nullable=False),
        sa.Column('deal_id', sa.Uuid(), nullable=True),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('phase', sa.String(length=16), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('reviewed_by', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_call_reviews_client_id_clients')),
        sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_call_reviews_rep_id_reps')),
        sa.ForeignKeyConstraint(['deal_id'], ['deals.id'],
                                name=op.f('fk_call_reviews_deal_id_deals')),
        sa.ForeignKeyConstraint(['reviewed_by'], ['users.id'],
                                name=op.f('fk_call_reviews_reviewed_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_call_reviews')),
    )
    op.create_index(op.f('ix_call_reviews_client_id'), 'call_reviews', ['client_id'])
    op.create_index('ix_call_reviews_rep_id_held_on', 'call_reviews', ['rep_id', 'held_on'])
    op.create_table(
        'call_ratings',
        sa.Column('review_id', sa.Uuid(), nullable=False),
        sa.Column('skill', sa.String(length=32), nullable=False),
        sa.Column('rep_id', sa.Uuid(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('rating', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['review_id'], ['call_reviews.id'],
                                name=op.f('fk_call_ratings_review_id_call_reviews')),
        sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_call_ratings_rep_id_reps')),
        sa.PrimaryKeyConstraint('review_id', 'skill', name=op.f('pk_call_ratings')),
    )
    op.create_index(op.f('ix_call_ratings_rep_id'), 'call_ratings', ['rep_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_call_ratings_rep_id'), table_name='call_ratings')
    op.drop_table('call_ratings')
    op.drop_index('ix_call_reviews_rep_id_held_on', table_name='call_reviews')
    op.drop_index(op.f('ix_call_reviews_client_id'), table_name='call_reviews')
    op.drop_table('call_reviews')
