"""A client's sales process: its own open stages in order, each with a label, a win
probability, exit criteria and the deal fields it needs, each mapped to one of the four
phases the indicators know; and what to do on the three pushbacks. Every version is kept."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field as SQLField

from app.models.base import IdMixin, Schema, Stamped
from app.models.enums import OPEN_STAGES, Stage


class Requirable(StrEnum):
    """Deal fields a stage may require before a deal enters it."""

    next_step = "next_step"
    next_step_due_on = "next_step_due_on"
    decision_maker = "decision_maker"
    expected_close_on = "expected_close_on"
    amount = "amount"
    gross_margin_pct = "gross_margin_pct"
    account_id = "account_id"


PROCESS_EXAMPLE = {
    "stages": [
        {"key": "first_call", "label": "First call", "phase": "prospecting", "probability": 5,
         "exit_criteria": "A pain the buyer names and a second meeting booked.",
         "required_fields": []},
        {"key": "site_visit", "label": "Site visit", "phase": "discovery", "probability": 25,
         "exit_criteria": "The line walked; the decision maker met.",
         "required_fields": ["next_step", "decision_maker"]},
        {"key": "quote", "label": "Quote sent", "phase": "proposal", "probability": 50,
         "exit_criteria": "A written quote the buyer has confirmed receiving.",
         "required_fields": ["next_step", "decision_maker", "amount", "expected_close_on"]},
        {"key": "po_pending", "label": "PO pending", "phase": "negotiation",
         "probability": 80, "exit_criteria": "Terms agreed; the PO is in approval.",
         "required_fields": ["next_step", "next_step_due_on"]}],
    "playbooks": {
        "stall": "Ask what changed; offer a smaller first order; set a date to decide.",
        "competition": "Compare on total cost and uptime, not the unit price.",
        "price_terms": "Trade terms for volume or length; never discount without a give."}}


class ProcessStage(Schema):
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$", description="Stable, lower case.")
    label: str = Field(min_length=1, max_length=60)
    phase: Stage = Field(description="prospecting, discovery, proposal or negotiation.")
    probability: int = Field(ge=0, le=100, description="The chance a deal here is won, %.")
    exit_criteria: str = Field(default="", max_length=1000)
    required_fields: list[Requirable] = Field(default_factory=list, max_length=7)

    @field_validator("phase")
    @classmethod
    def _open(cls, phase: Stage) -> Stage:
        if phase not in OPEN_STAGES:
            raise ValueError("a process stage maps to an open phase")
        return phase


class Playbooks(Schema):
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)
    stall: str = Field(default="", max_length=2000)
    competition: str = Field(default="", max_length=2000)
    price_terms: str = Field(default="", max_length=2000)


class SalesProcessPut(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [PROCESS_EXAMPLE]})
    stages: list[ProcessStage] = Field(min_length=1, max_length=12)
    playbooks: Playbooks = Field(default_factory=Playbooks)

    @field_validator("stages")
    @classmethod
    def _ordered(cls, stages: list[ProcessStage]) -> list[ProcessStage]:
        keys = [s.key for s in stages]
        if len(set(keys)) != len(keys):
            raise ValueError("each stage key once")
        order = [OPEN_STAGES.index(s.phase) for s in stages]
        if order != sorted(order):
            raise ValueError("stages go in the order of their phases")
        return stages


class SalesProcess(IdMixin, table=True):
    __tablename__ = "sales_processes"
    __table_args__ = (UniqueConstraint("client_id", "revision",
                                       name="uq_sales_processes_client_id_revision"),)
    client_id: uuid.UUID = SQLField(foreign_key="clients.id")
    revision: int = SQLField(description=(
        "The process's version, 1, 2, ...: rows are never changed, so this is not the "
        "optimistic-lock version the other tables carry."))
    stages: list[dict[str, Any]] = SQLField(default_factory=list, sa_type=JSON)
    playbooks: dict[str, Any] = SQLField(default_factory=dict, sa_type=JSON)
    created_by: uuid.UUID = SQLField(foreign_key="users.id")
    created_at: datetime = Stamped()


class SalesProcessRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "version": 2, **PROCESS_EXAMPLE,
        "created_by": "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
        "created_at": "2026-12-01T10:00:00Z"}]})
    client_id: uuid.UUID
    version: int
    stages: list[ProcessStage]
    playbooks: Playbooks
    created_by: uuid.UUID
    created_at: datetime


class SalesProcessVersions(BaseModel):
    client_id: uuid.UUID
    items: list[SalesProcessRead] = Field(description="Every version, the latest first.")
