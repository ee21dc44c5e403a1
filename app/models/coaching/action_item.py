"""Action items agreed in a one-on-one (owned by its rep or its manager) or in a meeting with
the owner (owned by the owner or the manager), or the tasks of a new rep's onboarding plan
(owned by the rep, the manager or the owner), due on a day."""

import uuid
from datetime import date, datetime

from pydantic import ConfigDict
from sqlalchemy import Index, String
from sqlmodel import Field

from app.models.base import IdMixin, Schema, TimestampsMixin, UTCDateTime
from app.models.enums import Assignee
from app.models.texts import MeetingDay, Title

ITEM_EXAMPLE = {"title": "Send the revised ROI sheet to Northwind", "assignee": "rep",
                "due_on": "2026-11-27"}


class ActionItem(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "action_items"
    __table_args__ = (Index("ix_action_items_rep_id_done_due_on", "rep_id", "done", "due_on"),
                      Index("ix_action_items_client_id_done", "client_id", "done"))
    client_id: uuid.UUID = Field(foreign_key="clients.id")
    rep_id: uuid.UUID | None = Field(default=None, foreign_key="reps.id",
                                     description="The one-on-one's rep; null for an owner "
                                                 "meeting's item.")
    one_on_one_id: uuid.UUID | None = Field(default=None, foreign_key="one_on_ones.id",
                                            index=True)
    owner_meeting_id: uuid.UUID | None = Field(default=None, foreign_key="owner_meetings.id",
                                               index=True)
    onboarding_plan_id: uuid.UUID | None = Field(default=None,
                                                 foreign_key="onboarding_plans.id", index=True)
    title: str = Field(max_length=300)
    assignee: Assignee = Field(sa_type=String(16))
    due_on: date | None = None
    done: bool = False
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_by: uuid.UUID | None = Field(default=None, foreign_key="users.id")


class ActionItemCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ITEM_EXAMPLE]})
    title: Title
    assignee: Assignee = Field(default=Assignee.rep, description=(
        "rep: the one-on-one's rep; manager: its manager; owner: the client's owner (items "
        "of owner meetings only)."))
    due_on: MeetingDay | None = None


class ActionItemUpdate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"done": True}, {"due_on": "2026-12-04", "title": "Send the ROI sheet and a case study"}]})
    title: Title | None = None
    assignee: Assignee | None = None
    due_on: MeetingDay | None = None
    done: bool | None = Field(default=None, description=(
        "A rep may tick off only this, and only on items assigned to the rep; an owner, "
        "likewise on items assigned to the owner."))


class ActionItemRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "6a7b8c9d-0e1f-4a2b-3c4d-5e6f7a8b9c0d", **ITEM_EXAMPLE,
        "one_on_one_id": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", "owner_meeting_id": None,
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10",
        "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", "done": False, "done_at": None,
        "done_by": None, "overdue": False, "created_at": "2026-11-18T17:00:00Z",
        "updated_at": "2026-11-18T17:00:00Z", "version": 1}]})
    id: uuid.UUID
    one_on_one_id: uuid.UUID | None = Field(description="Set for a one-on-one's item.")
    owner_meeting_id: uuid.UUID | None = Field(default=None,
                                               description="Set for an owner meeting's item.")
    onboarding_plan_id: uuid.UUID | None = Field(
        default=None, description="Set for a task of a rep's onboarding plan.")
    client_id: uuid.UUID
    rep_id: uuid.UUID | None
    title: str
    assignee: Assignee
    due_on: date | None
    done: bool
    done_at: datetime | None
    done_by: uuid.UUID | None
    overdue: bool = Field(default=False, description="Open and due before today in the "
                                                     "client's time zone.")
    created_at: datetime
    updated_at: datetime
    version: int
