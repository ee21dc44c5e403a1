"""Onboarding: each client's template of tasks for a new rep (a day after the start and who
does it), and a rep's plan, whose tasks are action items due on their days."""

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON
from sqlmodel import Field

from app.models.base import IdMixin, Schema, TimestampsMixin
from app.models.coaching.action_item import ActionItemRead
from app.models.enums import Assignee
from app.models.texts import Title

MAX_DUE_DAY = 365
MAX_TASKS = 50
CLIENT_ID = "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10"
_TASKS = [{"title": "Product training", "due_day": 1, "assignee": "owner"},
          {"title": "CRM and tools set-up", "due_day": 1, "assignee": "manager"},
          {"title": "Shadow two calls", "due_day": 3, "assignee": "rep"}]


class OnboardingTemplate(IdMixin, TimestampsMixin, table=True):
    """A client's own template (one per client); without one the default applies."""

    __tablename__ = "onboarding_templates"
    client_id: uuid.UUID = Field(foreign_key="clients.id", unique=True)
    tasks: list[dict] = Field(default_factory=list, sa_type=JSON)
    updated_by: uuid.UUID = Field(foreign_key="users.id")


class OnboardingPlan(IdMixin, TimestampsMixin, table=True):
    """A rep's onboarding (one per rep): its tasks are action items pointing back at it."""

    __tablename__ = "onboarding_plans"
    client_id: uuid.UUID = Field(foreign_key="clients.id", index=True)
    rep_id: uuid.UUID = Field(foreign_key="reps.id", unique=True)
    starts_on: date
    created_by: uuid.UUID = Field(foreign_key="users.id")


class OnboardingTask(Schema):
    model_config = ConfigDict(extra="forbid")
    title: Title
    due_day: int = Field(ge=0, le=MAX_DUE_DAY,
                         description="Days after the start (0: the first day), 0-365.")
    assignee: Assignee = Field(description="Who does it: the new rep, the manager or the "
                                           "owner.")


class OnboardingTemplatePut(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"tasks": _TASKS}]})
    tasks: list[OnboardingTask] = Field(min_length=1, max_length=MAX_TASKS)


class OnboardingTemplateRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d", "client_id": CLIENT_ID, "tasks": _TASKS,
        "is_default": False,
        "updated_at": "2026-11-23T17:00:00Z", "version": 2}]})
    id: uuid.UUID | None = Field(default=None, description="The client's own template; none "
                                                           "for the default.")
    client_id: uuid.UUID
    tasks: list[OnboardingTask]
    is_default: bool = Field(description="True while the client has no template of its own.")
    updated_at: datetime | None = None
    version: int | None = Field(default=None, description="The stored template's version "
                                                          "(its ETag); none for the default.")


class OnboardingPlanCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"starts_on": "2026-12-01"}, {}]})
    starts_on: date | None = Field(
        default=None, ge=date(2000, 1, 1), le=date(2099, 12, 31),
        description="Day 0 of the plan; default: the rep's hire date, else today in the "
                    "client's time zone.")


class OnboardingProgress(BaseModel):
    done: int
    total: int
    overdue: int = Field(description="Open tasks due before today (client's zone).")


class OnboardingPlanRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8", "client_id": CLIENT_ID,
        "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", "starts_on": "2026-12-01",
        "created_by": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d",
        "created_at": "2026-11-23T17:00:00Z",
        "progress": {"done": 1, "total": 6, "overdue": 0}, "items": []}]})
    id: uuid.UUID
    client_id: uuid.UUID
    rep_id: uuid.UUID
    starts_on: date
    created_by: uuid.UUID
    created_at: datetime
    progress: OnboardingProgress
    items: list[ActionItemRead] = Field(description="The tasks as action items, by due day; "
                                                    "tick them off with PATCH "
                                                    "/action-items/{id}.")
