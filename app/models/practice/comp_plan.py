"""Variable compensation plans of a client's reps: base pay, the variable pay at target per
measurement period, the attainment bands that turn attainment into payout, an optional
gross-margin gate, effective dates; and a rep's earnings for a period."""

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import Index
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel

from app.models.base import (
    MONEY_SQL,
    IdMixin,
    Money,
    MoneyTotal,
    Percent,
    Schema,
    TimestampsMixin,
    link_list,
    link_rows,
)

PLAN_EXAMPLE = {"name": "AE plan 2027", "base_pay": "4500.00",
                "on_target_variable": "3000.00", "threshold_pct": "50.00",
                "accelerator": "1.50", "margin_floor_pct": "30.00",
                "below_margin_rate_pct": "50.00", "effective_from": "2027-01-01",
                "effective_to": None, "rep_ids": ["0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88"]}


class CompPlan(IdMixin, TimestampsMixin, table=True):
    __tablename__ = "comp_plans"
    __table_args__ = (Index("ix_comp_plans_client_id_effective_from", "client_id",
                            "effective_from"),)
    client_id: uuid.UUID = SQLField(foreign_key="clients.id")
    name: str = SQLField(max_length=200)
    base_pay: Decimal = SQLField(sa_type=MONEY_SQL)
    on_target_variable: Decimal = SQLField(sa_type=MONEY_SQL)
    threshold_pct: Decimal = SQLField(default=Decimal("50"), sa_type=MONEY_SQL)
    accelerator: Decimal = SQLField(default=Decimal("1.5"), sa_type=MONEY_SQL)
    margin_floor_pct: Decimal | None = SQLField(default=None, sa_type=MONEY_SQL)
    below_margin_rate_pct: Decimal = SQLField(default=Decimal("50"), sa_type=MONEY_SQL)
    effective_from: date
    effective_to: date | None = None
    rep_links: list["CompPlanRep"] = link_rows("CompPlanRep")


class CompPlanRep(SQLModel, table=True):
    """A rep on a plan."""

    __tablename__ = "comp_plan_reps"
    comp_plan_id: uuid.UUID = SQLField(foreign_key="comp_plans.id", primary_key=True)
    rep_id: uuid.UUID = SQLField(foreign_key="reps.id", primary_key=True, index=True)
    position: int = 0


CompPlan.rep_ids = link_list("rep_links", "rep_id", lambda i: CompPlanRep(rep_id=i))


class CompPlanFields(Schema):
    name: str = Field(min_length=1, max_length=200)
    base_pay: Money = Field(description="Base pay per measurement period.")
    on_target_variable: Money = Field(description=(
        "Variable pay per measurement period at 100 % of quota."))
    threshold_pct: Percent = Field(default=Decimal("50"), description=(
        "Below this attainment the variable pays nothing; from it to 100 % it pays the "
        "attainment itself (80 % pays 80 % of on_target_variable)."))
    accelerator: Decimal = Field(default=Decimal("1.5"), ge=0, le=10, decimal_places=2,
                                 description="Each point above 100 % pays this many points.")
    margin_floor_pct: Percent | None = Field(default=None, description=(
        "The gross-margin gate: deals won under this margin count at below_margin_rate_pct "
        "of their amount toward attainment; null: no gate."))
    below_margin_rate_pct: Percent = Field(default=Decimal("50"))
    effective_from: date
    effective_to: date | None = Field(default=None, description="Its last day; null: open.")
    rep_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _dates_in_order(self):
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to must not be before effective_from")
        if len(set(self.rep_ids)) != len(self.rep_ids):
            raise ValueError("each rep may appear only once")
        return self


class CompPlanCreate(CompPlanFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [PLAN_EXAMPLE]})


class CompPlanUpdate(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"effective_to": "2027-06-30"}]})
    name: str | None = Field(default=None, min_length=1, max_length=200)
    effective_to: date | None = Field(default=None, description=(
        "End the plan on this day (not before it began)."))


class CompPlanRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", **PLAN_EXAMPLE,
        "version": 1}]})
    id: uuid.UUID
    client_id: uuid.UUID
    name: str
    base_pay: MoneyTotal
    on_target_variable: MoneyTotal
    threshold_pct: Decimal
    accelerator: Decimal
    margin_floor_pct: Decimal | None
    below_margin_rate_pct: Decimal
    effective_from: date
    effective_to: date | None
    rep_ids: list[uuid.UUID]
    version: int


class DealEarning(BaseModel):
    deal_id: uuid.UUID
    name: str
    closed_on: date
    amount: MoneyTotal
    gross_margin_pct: Decimal | None
    credited: MoneyTotal = Field(description="What counts toward attainment (the amount, or "
                                             "the reduced share under the margin gate).")
    contribution: MoneyTotal = Field(description="Its share of the variable pay, pro rata "
                                                 "to credit; the shares add up to it exactly.")


class Earnings(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "rep_id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", "period": "2027-01",
        "period_start": "2027-01-01", "period_end": "2027-01-31",
        "comp_plan_id": "8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d", "quota": "25000.00",
        "credited": "20000.00", "attainment": "0.8000", "payout_rate": "0.8000",
        "on_target_variable": "3000.00", "variable_pay": "2400.00", "base_pay": "4500.00",
        "deals": []}]})
    rep_id: uuid.UUID
    period: str
    period_start: date
    period_end: date
    comp_plan_id: uuid.UUID
    quota: MoneyTotal
    credited: MoneyTotal
    attainment: Decimal = Field(description="credited / quota, to 4 places (0.8 = 80 %).")
    payout_rate: Decimal = Field(description="The share of on_target_variable paid.")
    on_target_variable: MoneyTotal
    variable_pay: MoneyTotal
    base_pay: MoneyTotal
    deals: list[DealEarning]
