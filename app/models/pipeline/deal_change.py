"""The history of a deal: one row per changed tracked field."""

import uuid
from datetime import datetime

from pydantic import ConfigDict
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.models.base import Schema, Stamped

TRACKED_FIELDS = ("stage", "amount", "expected_close_on", "forecast_category", "rep_id")


class DealChange(SQLModel, table=True):
    """A tracked field's old and new value (as text); creation records old = null."""

    __tablename__ = "deal_changes"
    __table_args__ = (Index("ix_deal_changes_deal_id_changed_at", "deal_id", "changed_at"),
                      Index("ix_deal_changes_client_id_changed_at", "client_id", "changed_at"))
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    deal_id: uuid.UUID = Field(foreign_key="deals.id")
    client_id: uuid.UUID = Field(foreign_key="clients.id")
    field: str = Field(max_length=32)
    old: str | None = Field(default=None, max_length=64)
    new: str | None = Field(default=None, max_length=64)
    changed_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    changed_at: datetime = Stamped()


class DealChangeRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "field": "expected_close_on", "old": "2026-11-30", "new": "2026-12-15",
        "changed_by": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
        "changed_at": "2026-11-20T16:30:00Z"}]})
    field: str
    old: str | None
    new: str | None
    changed_by: uuid.UUID | None
    changed_at: datetime
