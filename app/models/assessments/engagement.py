"""The return of an engagement and the cost of a fractional manager against a full-time one
(docs/domain.md, "Cost and return")."""

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from app.models.base import Money, MoneyTotal

# Money that may be negative (a fall in revenue, a negative saving), sent as a string.
SignedMoney = MoneyTotal


class RevenueSpan(BaseModel):
    start: date
    end: date = Field(description="Inclusive.")
    days: int
    revenue_won: MoneyTotal
    deals_won: int


class EngagementReturn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "as_of": "2026-11-23",
        "engagement_started_on": "2026-01-05", "engagement_ended_on": None,
        "monthly_fee": "8500.00",
        "before": {"start": "2025-01-05", "end": "2026-01-04", "days": 365,
                   "revenue_won": "2000000.00", "deals_won": 41},
        "since": {"start": "2026-01-05", "end": "2026-11-23", "days": 323,
                  "revenue_won": "2100000.00", "deals_won": 44},
        "annualised_since": "2373065.02", "baseline_for_span": "1769863.01",
        "revenue_growth": "330136.99", "growth_pct": 18.65, "months_billed": 11,
        "fees_to_date": "93500.00", "return_on_fees": 3.53, "notes": [], "reason": None}]})
    client_id: uuid.UUID
    as_of: date
    engagement_started_on: date | None
    engagement_ended_on: date | None
    monthly_fee: Money
    before: RevenueSpan | None = Field(description="The 12 months before the start.")
    since: RevenueSpan | None = Field(
        description="From the start to as_of (or the engagement's end, if earlier).")
    annualised_since: SignedMoney | None = Field(
        description="Revenue since, scaled to the length of the 12 months before.")
    baseline_for_span: SignedMoney | None = Field(
        description="Revenue before, pro-rated to the length of the span since the start: "
                    "what the same span would have brought at the old pace.")
    revenue_growth: SignedMoney | None = Field(
        description="Revenue since minus the baseline for the same span.")
    growth_pct: float | None = Field(
        description="Annualised revenue since against the 12 months before, in percent.")
    months_billed: int | None = Field(
        description="Monthly fees billed in advance from the start: one per month begun.")
    fees_to_date: MoneyTotal | None
    return_on_fees: float | None = Field(
        description="Revenue growth per unit of fees paid (2.5: 2.50 of growth per 1.00).")
    notes: list[str] = Field(description="Caveats on the figures.")
    reason: str | None = Field(description="Why the figures are null, when they are.")




class CostComparison(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "full_time_salary": "300000.00", "benefits_pct": "25.00",
        "full_time_yearly": "375000.00", "fractional_monthly_fee": "8333.33",
        "fractional_yearly": "99999.96", "saving": "275000.04", "saving_pct": 73.33,
        "assumptions": ["A high-level VP of sales costs 250,000-350,000 a year in salary; "
                        "the default is the middle, 300,000."]}]})
    full_time_salary: Money
    benefits_pct: Decimal = Field(description="Benefits and payroll costs on top of salary.")
    full_time_yearly: MoneyTotal = Field(description="Salary plus benefits.")
    fractional_monthly_fee: Money
    fractional_yearly: MoneyTotal = Field(description="Twelve monthly fees.")
    saving: SignedMoney = Field(description="Full-time yearly minus fractional yearly.")
    saving_pct: float | None = Field(description="The saving as a percent of the full-time "
                                                 "cost.")
    assumptions: list[str]
