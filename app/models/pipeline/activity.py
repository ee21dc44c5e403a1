"""Weekly activity: one row per rep, day and kind."""

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import ConfigDict, model_validator
from sqlalchemy import Index, Numeric, String, UniqueConstraint
from sqlmodel import Field

from app.models.base import IdMixin, Schema, TimestampsMixin, UTCDateTime
from app.models.enums import ActivityKind
from app.models.refs import Ref

ACTIVITY_EXAMPLE = {
    "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", "occurred_on": "2026-11-18",
    "kind": "call", "quantity": "6", "deal_id": None, "note": "Follow-ups from the trade show",
}


def check_quantity(kind: ActivityKind, quantity: Decimal) -> None:
    """Counts are whole numbers; prospecting is hours in quarter-hour steps, at most 24."""
    if kind is ActivityKind.prospecting:
        if quantity > 24 or (quantity * 4) % 1 != 0:
            raise ValueError("prospecting hours come in quarter hours (0.25), at most 24 a day")
    elif quantity % 1 != 0 or quantity > 1000:
        raise ValueError(f"{kind} is a whole count, at most 1000 a day")


class ActivityFields(Schema):
    occurred_on: date
    kind: ActivityKind = Field(sa_type=String(16))
    quantity: Decimal = Field(ge=0, max_digits=6, decimal_places=2, sa_type=Numeric(6, 2),
                              description="A count; for prospecting, hours in quarter hours.")
    deal_id: uuid.UUID | None = Field(
        default=None, foreign_key="deals.id", description="One of the same rep's deals.")
    note: str = Field(default="", max_length=1000)


class Activity(ActivityFields, IdMixin, TimestampsMixin, table=True):
    __tablename__ = "activities"
    __table_args__ = (
        UniqueConstraint("rep_id", "occurred_on", "kind"),
        Index("ix_activities_client_id_occurred_on", "client_id", "occurred_on"),
    )
    client_id: uuid.UUID = Field(foreign_key="clients.id")
    rep_id: uuid.UUID = Field(foreign_key="reps.id")
    raised_at: datetime | None = Field(
        default=None, sa_type=UTCDateTime,
        description="When the quantity was last raised (a late raise counts as a late entry).")


class ActivityCreate(ActivityFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ACTIVITY_EXAMPLE]})
    rep_id: uuid.UUID | None = Field(
        default=None, description="Whose activity; a rep may omit it (themselves).")

    @model_validator(mode="after")
    def _quantity_fits_kind(self) -> "ActivityCreate":
        check_quantity(self.kind, self.quantity)
        return self


class ActivityBatch(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"items": [
        ACTIVITY_EXAMPLE, {**ACTIVITY_EXAMPLE, "kind": "prospecting", "quantity": "2.5"}]}]})
    items: list[ActivityCreate] = Field(min_length=1, max_length=500)


class ActivityUpdate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"quantity": "8", "note": "Two more in the afternoon"}]})
    quantity: Decimal | None = Field(default=None, ge=0, max_digits=6, decimal_places=2)
    deal_id: uuid.UUID | None = None
    note: str | None = Field(default=None, max_length=1000)


class ActivityRead(ActivityFields):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "client_id":
        "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", **ACTIVITY_EXAMPLE,
        "created_at": "2026-11-18T22:00:00Z", "updated_at": "2026-11-18T22:00:00Z",
        "version": 1}]})
    id: uuid.UUID
    client_id: uuid.UUID
    rep_id: uuid.UUID
    created_at: datetime = Field(description="When the row was entered.")
    updated_at: datetime = Field(description="When it last changed.")
    raised_at: datetime | None = Field(default=None, description="When its quantity was last "
                                                                "raised, if ever.")
    version: int
    rep: Ref | None = Field(default=None, description=(
        "With `expand=rep`: the rep's id and name; else null."))
    client: Ref | None = Field(default=None, description=(
        "With `expand=client`: the client's id and name; else null."))
    deal: Ref | None = Field(default=None, description=(
        "With `expand=deal`: the deal's id and name (null without one); else null."))
