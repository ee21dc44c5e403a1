"""Targets and quotas over time, activity targets per role and rep, ramps.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-08 00:00:00
"""

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
