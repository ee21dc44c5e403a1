"""The audit log: who created, changed, archived or deleted which record, when, and how."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import JSON, Index, String
from sqlmodel import Field, SQLModel

from app.models.base import Schema, Stamped


class AuditAction(StrEnum):
    create = "create"
    update = "update"
    archive = "archive"
    unarchive = "unarchive"
    delete = "delete"


class EntityType(StrEnum):
    client = "client"
    rep = "rep"
    user = "user"
    deal = "deal"
    activity = "activity"
    one_on_one = "one_on_one"
    action_item = "action_item"
    sales_meeting = "sales_meeting"
    candidate = "candidate"
    interview = "interview"
    scorecard = "scorecard"
    scorecard_amendment = "scorecard_amendment"


class AuditEntry(SQLModel, table=True):
    """One create, change, archive or delete of one record, written in the same transaction.
    No foreign keys: the log outlives what it describes."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_client_id_at", "client_id", "at"),
        Index("ix_audit_entries_entity_type_entity_id", "entity_type", "entity_id"),
        Index("ix_audit_entries_actor_id_at", "actor_id", "at"),
    )
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    at: datetime = Stamped()
    actor_id: uuid.UUID | None = None
    action: AuditAction = Field(sa_type=String(16))
    entity_type: EntityType = Field(sa_type=String(32))
    entity_id: uuid.UUID
    client_id: uuid.UUID | None = None
    changes: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    request_id: str | None = Field(default=None, max_length=128)


class AuditEntryRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "actor_id": "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", "action": "update",
        "entity_type": "deal", "entity_id": "8c1f0a2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10",
        "changes": {"stage": {"before": "proposal", "after": "negotiation"},
                    "amount": {"before": "48000.00", "after": "52000.00"}},
        "request_id": "5d41402abc4b2a76b9719d911017c592", "at": "2026-11-20T16:30:00Z"}]})
    actor_id: uuid.UUID | None = Field(description="The user who did it; null for the system.")
    action: AuditAction
    entity_type: EntityType
    entity_id: uuid.UUID
    client_id: uuid.UUID | None = Field(description="The client the record belongs to; null for "
                                                    "a manager's own login.")
    changes: dict[str, Any] = Field(
        description="Per changed field `{before, after}` (a create: `after` only; a delete: "
                    "`before` only). Private notes read \"***\"; password hashes are never "
                    "recorded (a new password shows as `password: {before: \"***\", after: "
                    "\"***\"}`).")
    request_id: str | None
    at: datetime
