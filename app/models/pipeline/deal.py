"""Deals: the pipeline of each client, owned by one rep."""

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import ConfigDict
from sqlalchemy import Index, Numeric, String, UniqueConstraint
from sqlmodel import Field

from app.models.base import IdMixin, Money, Percent, Schema, TimestampsMixin, UTCDateTime
from app.models.enums import DealKind, ForecastCategory, LeadSource, LostReason, Stage
from app.models.refs import Ref

DEAL_EXAMPLE = {
    "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10",
    "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", "name": "Line 4 retrofit",
    "account_name": "Northwind Foods", "amount": "48000.00", "gross_margin_pct": "34.50",
    "kind": "new_business", "stage": "proposal", "forecast_category": "best_case",
    "expected_close_on": "2026-12-15", "proposal_sent_on": "2026-11-20", "closed_on": None,
    "lost_reason": None, "next_step": "Walk the plant manager through the ROI sheet",
}


class DealFields(Schema):
    name: str = Field(min_length=1, max_length=200)
    account_name: str = Field(default="", max_length=200)
    amount: Money = Decimal("0")
    gross_margin_pct: Percent | None = Field(default=None, sa_type=Numeric(5, 2))
    kind: DealKind = Field(default=DealKind.new_business, sa_type=String(16))
    stage: Stage = Field(default=Stage.prospecting, sa_type=String(16))
    forecast_category: ForecastCategory = Field(
        default=ForecastCategory.pipeline, sa_type=String(16),
        description="pipeline, best_case, commit or omitted while open; closed once closed.")
    expected_close_on: date | None = None
    proposal_sent_on: date | None = Field(
        default=None, description="Set when the deal first reaches the proposal stage.")
    closed_on: date | None = Field(
        default=None, description="Set on closing: today in the client's time zone unless given.")
    lost_reason: LostReason | None = Field(default=None, sa_type=String(16))
    next_step: str = Field(default="", max_length=500)
    external_id: str | None = Field(
        default=None, max_length=100,
        description="The deal's id in the CRM it came from; unique per client (imports "
                    "update the deal that carries it).")
    source: LeadSource | None = Field(default=None, sa_type=String(24),
                                      description="Where the lead came from.")
    account_id: uuid.UUID | None = Field(default=None, foreign_key="accounts.id", index=True,
                                         description="The client's account it is sold to.")
    next_step_due_on: date | None = Field(default=None,
                                          description="When the next step is due.")
    decision_maker: str = Field(default="", max_length=200,
                                description="Who signs on the buyer's side.")
    process_stage: str | None = Field(
        default=None, max_length=32,
        description="The stage of the client's sales process (its key); its phase is the "
                    "deal's stage.")


class Deal(DealFields, IdMixin, TimestampsMixin, table=True):
    __tablename__ = "deals"
    __table_args__ = (
        Index("ix_deals_client_id_stage", "client_id", "stage"),
        Index("ix_deals_client_id_expected_close_on", "client_id", "expected_close_on"),
        Index("ix_deals_client_id_closed_on", "client_id", "closed_on"),
        Index("ix_deals_client_id_proposal_sent_on", "client_id", "proposal_sent_on"),
        Index("ix_deals_closed_on", "closed_on"),  # the practice medians span every client
        Index("ix_deals_archived_at", "archived_at"),  # the few archived, left out of figures
        UniqueConstraint("client_id", "external_id", name="uq_deals_client_id_external_id"),
    )
    client_id: uuid.UUID = Field(foreign_key="clients.id")
    rep_id: uuid.UUID = Field(foreign_key="reps.id", index=True)
    slip_count: int = Field(default=0, description="Times the expected close date moved later.")
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DealCreate(DealFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [DEAL_EXAMPLE]})
    client_id: uuid.UUID | None = Field(
        default=None, description="Defaults to the rep's client; must match it if given.")
    rep_id: uuid.UUID | None = Field(
        default=None, description="The deal's owner; a rep may omit it (themselves).")


class DealUpdate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"stage": "negotiation", "forecast_category": "commit",
         "expected_close_on": "2026-12-20"},
        {"stage": "closed_lost", "lost_reason": "price_terms"}]})
    rep_id: uuid.UUID | None = Field(default=None, description="Reassign (managers only).")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    account_name: str | None = Field(default=None, max_length=200)
    amount: Money | None = None
    gross_margin_pct: Percent | None = None
    kind: DealKind | None = None
    stage: Stage | None = None
    forecast_category: ForecastCategory | None = None
    expected_close_on: date | None = None
    proposal_sent_on: date | None = None
    closed_on: date | None = None
    lost_reason: LostReason | None = None
    next_step: str | None = Field(default=None, max_length=500)
    external_id: str | None = Field(default=None, max_length=100)
    source: LeadSource | None = None
    account_id: uuid.UUID | None = None
    next_step_due_on: date | None = None
    decision_maker: str | None = Field(default=None, max_length=200)
    process_stage: str | None = Field(default=None, max_length=32)


class DealRead(DealFields):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "8c1f0a2e-6b3d-4e5f-9a8b-7c6d5e4f3a2b", **DEAL_EXAMPLE, "slip_count": 1,
        "created_at": "2026-10-01T14:00:00Z", "updated_at": "2026-11-20T16:30:00Z",
        "archived_at": None, "version": 4}]})
    id: uuid.UUID
    client_id: uuid.UUID
    rep_id: uuid.UUID
    slip_count: int
    archived_at: datetime | None = Field(description=(
        "When the deal was archived (null while it is not): an archived deal leaves the "
        "default list and every figure."))
    created_at: datetime
    updated_at: datetime
    version: int
    rep: Ref | None = Field(default=None, description=(
        "With `expand=rep`: the rep's id and name; else null."))
    client: Ref | None = Field(default=None, description=(
        "With `expand=client`: the client's id and name; else null."))
    account: Ref | None = Field(default=None, description=(
        "With `expand=account`: the linked account's id and name (null without one)."))
