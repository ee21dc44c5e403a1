"""Invitations for logins, onboarding templates and plans.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-08 00:00:00
"""

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
