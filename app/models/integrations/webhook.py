"""Webhooks (Zapier REST Hooks): a user's subscriptions, the outbox of events, one delivery
per event and subscription with its attempts, and the alarms last seen by the dispatcher."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import JSON, Index, String, text
from sqlmodel import Field, SQLModel

from app.models.base import IdMixin, Schema, Stamped, UTCDateTime


class EventType(StrEnum):
    deal_created = "deal.created"
    deal_updated = "deal.updated"
    deal_stage_changed = "deal.stage_changed"
    deal_won = "deal.won"
    deal_lost = "deal.lost"
    activity_logged = "activity.logged"
    one_on_one_created = "one_on_one.created"
    candidate_status_changed = "candidate.status_changed"
    alarm_raised = "alarm.raised"
    alarm_cleared = "alarm.cleared"
    forecast_submitted = "forecast.submitted"
    import_finished = "import.finished"
    report_published = "report.published"
    owner_meeting_created = "owner_meeting.created"
    decision_requested = "decision.requested"
    decision_answered = "decision.answered"


class DeliveryStatus(StrEnum):
    pending = "pending"      # waiting for its first or next attempt
    delivered = "delivered"  # the receiver answered 2xx
    failed = "failed"        # retried for the whole retry window, given up
    dropped = "dropped"      # the subscription went away (410, unsubscribed or disabled)


class WebhookSubscription(IdMixin, table=True):
    """One user's REST hook: where to post which events, signed with its secret."""

    __tablename__ = "webhook_subscriptions"
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    client_id: uuid.UUID | None = Field(default=None, foreign_key="clients.id", description=(
        "Only this client's events; null: every client the user may see."))
    target_url: str = Field(max_length=2000)
    events: list[str] = Field(default_factory=list, sa_type=JSON)
    secret: str = Field(max_length=100)
    previous_secret: str | None = Field(default=None, max_length=100)
    previous_secret_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    is_active: bool = Field(default=True, index=True)
    disabled_reason: str | None = Field(default=None, max_length=200)
    consecutive_failures: int = 0
    failing_since: datetime | None = Field(default=None, sa_type=UTCDateTime)
    retry_at: datetime | None = Field(
        default=None, sa_type=UTCDateTime,
        description="While failing: when the next delivery is tried (the rest wait behind it).")
    resumed_at: datetime | None = Field(
        default=None, sa_type=UTCDateTime,
        description="When it was last enabled again: its deliveries' retry window starts "
                    "anew from then.")
    created_at: datetime = Stamped()
    updated_at: datetime = Stamped()


class WebhookEvent(IdMixin, table=True):
    """The outbox and the events feed: one row per event, written in the transaction of the
    change it tells, whether or not anyone subscribes; kept WEBHOOKS_KEEP_DAYS. The
    dispatcher fans each out to its subscribers (one delivery each) and stamps
    `fanned_out_at`."""

    __tablename__ = "webhook_events"
    __table_args__ = (Index("ix_webhook_events_client_id_occurred_at", "client_id",
                            "occurred_at"),
                      Index("ix_webhook_events_pending", "occurred_at",
                            postgresql_where=text("fanned_out_at IS NULL"),
                            sqlite_where=text("fanned_out_at IS NULL")))
    type: str = Field(max_length=40)
    client_id: uuid.UUID = Field(foreign_key="clients.id", index=True)
    rep_id: uuid.UUID | None = None
    occurred_at: datetime = Stamped()
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    fanned_out_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebhookDelivery(IdMixin, table=True):
    """An event on its way to one subscription: its state, attempts and next retry."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    )
    subscription_id: uuid.UUID = Field(foreign_key="webhook_subscriptions.id", index=True)
    event_id: uuid.UUID = Field(foreign_key="webhook_events.id", index=True)
    status: DeliveryStatus = Field(default=DeliveryStatus.pending, sa_type=String(16))
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_status_code: int | None = None
    last_error: str | None = Field(default=None, max_length=500)
    last_duration_ms: int | None = None
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    log: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    created_at: datetime = Stamped(index=True)
    updated_at: datetime = Stamped()


class WebhookAlarmState(SQLModel, table=True):
    """An alarm the dispatcher last saw raised; gone from the current set means cleared."""

    __tablename__ = "webhook_alarm_states"
    key: str = Field(primary_key=True, max_length=32)
    client_id: uuid.UUID = Field(foreign_key="clients.id", index=True)
    rep_id: uuid.UUID | None = None
    alarm: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    raised_at: datetime = Stamped()


# --- schemas --------------------------------------------------------------------------------

WEBHOOK_EXAMPLE = {"target_url": "https://hooks.zapier.com/hooks/standard/123456/abcdef/",
                   "events": ["deal.won", "deal.lost"]}
READ_EXAMPLE = {"id": "4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8", **WEBHOOK_EXAMPLE,
                "client_id": None,
                "is_active": True, "disabled_reason": None, "consecutive_failures": 0,
                "failing_since": None, "retry_at": None, "previous_secret_expires_at": None,
                "created_at": "2026-11-23T10:00:00Z", "updated_at": "2026-11-23T10:00:00Z"}
SECRET_EXAMPLE = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


class WebhookCreate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [WEBHOOK_EXAMPLE]})
    target_url: str = Field(min_length=8, max_length=2000, description=(
        "Where to POST the events: https (http is refused in production); loopback, private "
        "and link-local addresses are refused."))
    events: list[EventType] = Field(min_length=1, max_length=len(EventType))
    client_id: uuid.UUID | None = Field(default=None, description=(
        "Only this client's events (a Zap per client); omitted: every client you may see."))


class WebhookUpdate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"events": ["deal.won", "deal.lost", "alarm.raised"]},
        {"target_url": "https://hooks.zapier.com/hooks/standard/123456/fedcba/"}]})
    target_url: str | None = Field(default=None, min_length=8, max_length=2000, description=(
        "A new target, checked like on subscribing."))
    events: list[EventType] | None = Field(default=None, min_length=1,
                                           max_length=len(EventType))
    client_id: uuid.UUID | None = Field(default=None, description=(
        "Only this client's events; null: every client you may see."))


class PingResult(BaseModel):
    """What the receiver answered to a test ping."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"ok": True, "status_code": 200, "error": None, "duration_ms": 84,
         "message_id": "msg_ping_6f1c2b9e0a7d4c3b8e5f1a2b3c4d5e6f"}]})
    ok: bool = Field(description="The receiver answered 2xx.")
    status_code: int | None
    error: str | None
    duration_ms: int
    message_id: str = Field(description="The `webhook-id` header it was sent with.")


class WebhookRead(BaseModel):
    model_config = ConfigDict(from_attributes=True,
                              json_schema_extra={"examples": [READ_EXAMPLE]})
    id: uuid.UUID
    target_url: str
    events: list[EventType]
    client_id: uuid.UUID | None = Field(description=(
        "Only this client's events; null: every client the user may see."))
    is_active: bool
    disabled_reason: str | None
    consecutive_failures: int
    failing_since: datetime | None
    retry_at: datetime | None
    previous_secret_expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


class WebhookWithSecret(WebhookRead):
    """A subscription with its signing secret: answered only on creation and rotation."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [
        {**READ_EXAMPLE, "secret": SECRET_EXAMPLE}]})
    secret: str


class DeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
        "event_id": "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", "event_type": "deal.won",
        "status": "pending", "attempts": 2, "last_status_code": 500,
        "last_error": "HTTP 500", "last_duration_ms": 84,
        "next_attempt_at": "2026-11-23T10:02:35Z", "delivered_at": None,
        "log": [{"at": "2026-11-23T10:00:00Z", "status_code": 500, "error": "HTTP 500",
                 "duration_ms": 91}],
        "created_at": "2026-11-23T10:00:00Z"}]})
    id: uuid.UUID
    event_id: uuid.UUID
    event_type: EventType
    status: DeliveryStatus
    attempts: int
    last_status_code: int | None
    last_error: str | None
    last_duration_ms: int | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    log: list[dict[str, Any]]
    created_at: datetime


class EventPayload(BaseModel):
    """What the receiver gets: the same shape for real events and samples. `changed_fields`
    and `previous` come only with changes of an existing record."""

    model_config = ConfigDict(json_schema_extra={"x-sometimes": ["changed_fields", "previous"],
                                                 "examples": [{
        "id": "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", "type": "deal.stage_changed",
        "occurred_at": "2026-11-23T10:00:00Z",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10",
        "data": {"id": "8c1f0a2e-6b3d-4e5f-9a8b-7c6d5e4f3a2b", "stage": "negotiation"},
        "changed_fields": ["stage"], "previous": {"stage": "proposal"}}]})
    id: uuid.UUID
    type: EventType
    occurred_at: datetime
    client_id: uuid.UUID
    data: dict[str, Any]
    changed_fields: list[str] | None = None
    previous: dict[str, Any] | None = None
