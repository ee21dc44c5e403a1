"""Hiring: candidates, the question bank (with its default questions), interviews, scorecards.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 13:30:56.082980
"""

import uuid
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


# The default bank: behavioural questions only; the integrity ones: docs/domain.md, "Hiring".
DEFAULT_BANK = {
    "integrity": [
        "Tell me about a time you knew of an injustice done to a colleague that nobody else "
        "knew about. What did you do?",
        "Tell me about a time you stretched the truth to a customer to help a sale.",
        "Tell me about a time you had to choose between the right decision and the easy one.",
        "Tell me about a time you made a mistake that cost a customer, and how you handled it.",
        "Tell me about a time you were asked to report numbers you knew were not accurate.",
    ],
    "prospecting": [
        "Tell me about a time you opened an account that others had given up on.",
        "Tell me about a time you built a pipeline from nothing in a new territory.",
        "Tell me about a time your outreach was ignored for weeks. What did you change?",
    ],
    "closing": [
        "Tell me about a time a deal stalled at the last step and you got it signed.",
        "Tell me about a time a buyer pushed back on price. How did the deal end?",
        "Tell me about a time you walked away from a deal. Why?",
    ],
    "resilience": [
        "Tell me about a time you lost a deal you were sure of. What did you do next?",
        "Tell me about a time you missed your quota. How did the next quarter go?",
        "Tell me about a time you heard no many times in a row. What kept you going?",
    ],
    "coachability": [
        "Tell me about a time a manager's feedback changed how you sell.",
        "Tell me about a time you disagreed with your coach and what came of it.",
        "Tell me about a time you learned a new product or tool quickly to close business.",
    ],
    "teamwork": [
        "Tell me about a time you shared a lead or a win with a colleague.",
        "Tell me about a time you needed another department to deliver for your customer.",
        "Tell me about a time a teammate was struggling. What did you do?",
    ],
    "competitiveness": [
        "Tell me about a time you beat a competitor who was the favourite.",
        "Tell me about a time you were ranked against your peers. Where did you finish?",
        "Tell me about a time you set yourself a target above the one you were given.",
    ],
    "initiative": [
        "Tell me about a time you improved a sales process nobody asked you to change.",
        "Tell me about a time you found a new market or use for a product.",
        "Tell me about a time you started something without waiting for approval.",
    ],
}


def upgrade() -> None:

    op.create_table('questions',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('competency', sa.String(length=16), nullable=False),
    sa.Column('text', sa.String(length=1000), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_questions_client_id_clients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questions_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_questions_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_questions_updated_at'), ['updated_at'], unique=False)

    op.create_table('candidates',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('social_check_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('social_check_by', sa.Uuid(), nullable=True),
    sa.Column('social_check_concern', sa.Boolean(), nullable=True),
    sa.Column('social_check_note', sa.String(length=2000), nullable=False),
    sa.Column('offer_override_reason', sa.String(length=2000), nullable=True),
    sa.Column('offer_override_by', sa.Uuid(), nullable=True),
    sa.Column('offer_override_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hired_rep_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_candidates_client_id_clients')),
    sa.ForeignKeyConstraint(['hired_rep_id'], ['reps.id'], name=op.f('fk_candidates_hired_rep_id_reps')),
    sa.ForeignKeyConstraint(['offer_override_by'], ['users.id'], name=op.f('fk_candidates_offer_override_by_users')),
    sa.ForeignKeyConstraint(['social_check_by'], ['users.id'], name=op.f('fk_candidates_social_check_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidates'))
    )
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.create_index('ix_candidates_client_id_status', ['client_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidates_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidates_updated_at'), ['updated_at'], unique=False)

    op.create_table('interviews',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('candidate_id', sa.Uuid(), nullable=False),
    sa.Column('interviewer_id', sa.Uuid(), nullable=False),
    sa.Column('scheduled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('kit', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_interviews_candidate_id_candidates')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_interviews_client_id_clients')),
    sa.ForeignKeyConstraint(['interviewer_id'], ['users.id'], name=op.f('fk_interviews_interviewer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interviews'))
    )
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interviews_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interviews_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interviews_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_interviews_interviewer_id'), ['interviewer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interviews_updated_at'), ['updated_at'], unique=False)

    op.create_table('scorecards',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('interview_id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('candidate_id', sa.Uuid(), nullable=False),
    sa.Column('interviewer_id', sa.Uuid(), nullable=False),
    sa.Column('ratings', sa.JSON(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('recommendation', sa.String(length=16), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_scorecards_candidate_id_candidates')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_scorecards_client_id_clients')),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_scorecards_interview_id_interviews')),
    sa.ForeignKeyConstraint(['interviewer_id'], ['users.id'], name=op.f('fk_scorecards_interviewer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scorecards')),
    sa.UniqueConstraint('interview_id', name=op.f('uq_scorecards_interview_id'))
    )
    with op.batch_alter_table('scorecards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scorecards_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scorecards_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scorecards_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_scorecards_updated_at'), ['updated_at'], unique=False)

    op.create_table('scorecard_amendments',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('scorecard_id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=False),
    sa.Column('note', sa.String(length=4000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_scorecard_amendments_author_id_users')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_scorecard_amendments_client_id_clients')),
    sa.ForeignKeyConstraint(['scorecard_id'], ['scorecards.id'], name=op.f('fk_scorecard_amendments_scorecard_id_scorecards')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scorecard_amendments'))
    )
    with op.batch_alter_table('scorecard_amendments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scorecard_amendments_scorecard_id'), ['scorecard_id'], unique=False)

    questions = sa.table(
        "questions", sa.column("id", sa.Uuid()), sa.column("client_id", sa.Uuid()),
        sa.column("competency", sa.String()), sa.column("text", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)), sa.column("version", sa.Integer()))
    created = datetime(2026, 11, 23, tzinfo=UTC)
    if op.get_bind().dialect.name == "sqlite":
        created = created.replace(tzinfo=None)
    op.bulk_insert(questions, [
        {"id": uuid.uuid5(uuid.NAMESPACE_URL, f"fsm:question:{competency}:{n}"),
         "client_id": None, "competency": competency, "text": text, "created_at": created,
         "updated_at": created, "version": 1}
        for competency, texts in DEFAULT_BANK.items() for n, text in enumerate(texts)])




def downgrade() -> None:

    with op.batch_alter_table('scorecard_amendments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scorecard_amendments_scorecard_id'))

    op.drop_table('scorecard_amendments')
    with op.batch_alter_table('scorecards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scorecards_updated_at'))
        batch_op.drop_index(batch_op.f('ix_scorecards_created_at'))
        batch_op.drop_index(batch_op.f('ix_scorecards_client_id'))
        batch_op.drop_index(batch_op.f('ix_scorecards_candidate_id'))

    op.drop_table('scorecards')
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interviews_updated_at'))
        batch_op.drop_index(batch_op.f('ix_interviews_interviewer_id'))
        batch_op.drop_index(batch_op.f('ix_interviews_created_at'))
        batch_op.drop_index(batch_op.f('ix_interviews_client_id'))
        batch_op.drop_index(batch_op.f('ix_interviews_candidate_id'))

    op.drop_table('interviews')
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidates_updated_at'))
        batch_op.drop_index(batch_op.f('ix_candidates_created_at'))
        batch_op.drop_index('ix_candidates_client_id_status')

    op.drop_table('candidates')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_updated_at'))
        batch_op.drop_index(batch_op.f('ix_questions_created_at'))
        batch_op.drop_index(batch_op.f('ix_questions_client_id'))

    op.drop_table('questions')

