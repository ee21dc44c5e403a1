"""Client companies: the tenants a manager runs sales for."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, ConfigDict, StringConstraints, model_validator
from sqlalchemy import JSON, String
from sqlmodel import Field

from app.models.base import (
    MONEY_SQL,
    IdMixin,
    Money,
    Percent,
    Schema,
    TimestampsMixin,
    UTCDateTime,
)
from app.models.enums import EngagementModel, MeasurementPeriod, SalesRole, ServiceLevel
from app.models.insights.alarm_rules import AlarmRules, AlarmRulesPatch
from app.models.practice.activity_targets import ActivityTargetsPatch, Hours, WeeklyCount


def _valid_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError("must be an IANA time zone name such as 'America/Chicago'") from None
    return value


TimeZoneName = Annotated[str, AfterValidator(_valid_timezone)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]

DEFAULT_STAGE_PROBABILITIES = {"prospecting": 10, "discovery": 20, "proposal": 50,
                               "negotiation": 75, "closed_won": 100, "closed_lost": 0}


def _known_stages(value: dict[str, int]) -> dict[str, int]:
    unknown = sorted(set(value) - set(DEFAULT_STAGE_PROBABILITIES))
    if unknown:
        raise ValueError(f"unknown stage(s): {', '.join(unknown)}")
    return value


_Probabilities = dict[str, Annotated[int, Field(ge=0, le=100)]]
# Given in part: the stages left out keep their current (or default) probability.
StageProbabilitiesPatch = Annotated[_Probabilities, AfterValidator(_known_stages)]
StageProbabilities = Annotated[_Probabilities, AfterValidator(_known_stages),
                               AfterValidator(lambda v: DEFAULT_STAGE_PROBABILITIES | v)]
Ratio = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
EngagementDay = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2100, 12, 31))]

CLIENT_EXAMPLE = {
    "name": "Acme Manufacturing",
    "industry": "Industrial equipment",
    "annual_revenue": "20000000.00",
    "engagement_model": "management_only",
    "service_level": "part_time_sales_manager",
    "engagement_started_on": "2026-01-05",
    "monthly_fee": "8500.00",
    "measurement_period": "month",
    "period_revenue_target": "100000.00",
    "weekly_calls_target": 15,
    "weekly_proposals_target": 3,
    "weekly_prospecting_hours_target": "5.00",
    "pipeline_coverage_floor": "3.00",
    "near_term_coverage_floor": "2.00",
    "min_gross_margin_pct": "30.00",
    "timezone": "America/Chicago",
    "currency": "USD",
    "stage_probabilities": {"prospecting": 10, "discovery": 20, "proposal": 50,
                            "negotiation": 75, "closed_won": 100, "closed_lost": 0},
}


class ClientBase(Schema):
    name: str = Field(min_length=1, max_length=200)
    industry: str = Field(default="", max_length=200)
    annual_revenue: Money | None = Field(default=None, sa_type=MONEY_SQL)
    engagement_model: EngagementModel = Field(
        default=EngagementModel.management_only, sa_type=String(32))
    service_level: ServiceLevel = Field(
        default=ServiceLevel.part_time_sales_manager, sa_type=String(32))
    engagement_started_on: EngagementDay | None = None
    engagement_ended_on: EngagementDay | None = None
    monthly_fee: Money = Decimal("0")
    measurement_period: MeasurementPeriod = Field(
        default=MeasurementPeriod.month, sa_type=String(16))
    period_revenue_target: Money = Field(
        default=Decimal("0"), description="Revenue target for one measurement period.")
    weekly_calls_target: WeeklyCount = Field(
        default=15, description="Sales calls or meetings per rep per week.")
    weekly_proposals_target: WeeklyCount = Field(
        default=3, description="Proposals per rep per week.")
    weekly_prospecting_hours_target: Hours = Field(
        default=Decimal("5"), description="Prospecting hours per rep per week.")
    pipeline_coverage_floor: Ratio = Field(
        default=Decimal("3"), description="Open pipeline must be at least this multiple of target.")
    near_term_coverage_floor: Ratio = Field(
        default=Decimal("2"), description="Pipeline closing in the next 30/60 days, as a multiple.")
    min_gross_margin_pct: Percent = Field(default=Decimal("30"))
    timezone: TimeZoneName = Field(default="UTC", max_length=64)
    currency: Currency = Field(default="USD", max_length=3, description=(
        "ISO 4217 code the client's amounts are in; the reports format amounts with it."))
    stage_probabilities: StageProbabilities = Field(
        default_factory=lambda: dict(DEFAULT_STAGE_PROBABILITIES), sa_type=JSON,
        description="Win probability per stage, in percent, used by the forecast.")
    activity_alarm_weeks: int = Field(
        default=2, ge=1, le=13,
        description="Consecutive full weeks below an activity target that raise an alarm.")
    min_deals_for_rates: int = Field(
        default=10, ge=1, le=1000,
        description="Below this many deals a rate is flagged insufficient_data.")
    manager_sets_targets: bool = Field(default=False, description=(
        "true: the manager's dated revenue targets hold at once; false (default): the "
        "owner approves them."))
    role_activity_targets: dict[SalesRole, ActivityTargetsPatch] = Field(
        default_factory=dict, sa_type=JSON, description=(
            "Weekly activity targets per sales role that differ from the client's; a rep's "
            "own targets come first, then their role's, then the client's."))

    @model_validator(mode="after")
    def _engagement_dates_in_order(self) -> "ClientBase":
        start, end = self.engagement_started_on, self.engagement_ended_on
        if start and end and end < start:
            raise ValueError("engagement_ended_on must not be before engagement_started_on")
        return self


class Client(ClientBase, IdMixin, TimestampsMixin, table=True):
    __tablename__ = "clients"
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    alarm_rules: dict = Field(default_factory=dict, sa_type=JSON,
                              description="The alarm rules this client changes (AlarmRules).")

    @property
    def rules(self) -> AlarmRules:
        """The client's alarm rules: its own values over the defaults."""
        return AlarmRules.model_validate(self.alarm_rules or {})


class ClientCreate(ClientBase):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [CLIENT_EXAMPLE]})
    alarm_rules: AlarmRulesPatch | None = Field(
        default=None, description="Alarm thresholds that differ from the defaults.")


class ClientUpdate(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"period_revenue_target": "120000.00",
                                         "timezone": "America/New_York"}]},
    )
    name: str | None = Field(default=None, min_length=1, max_length=200)
    industry: str | None = Field(default=None, max_length=200)
    annual_revenue: Money | None = Field(default=None, sa_type=MONEY_SQL)
    engagement_model: EngagementModel | None = None
    service_level: ServiceLevel | None = None
    engagement_started_on: EngagementDay | None = None
    engagement_ended_on: EngagementDay | None = None
    monthly_fee: Money | None = None
    measurement_period: MeasurementPeriod | None = None
    period_revenue_target: Money | None = None
    weekly_calls_target: WeeklyCount | None = None
    weekly_proposals_target: WeeklyCount | None = None
    weekly_prospecting_hours_target: Hours | None = None
    pipeline_coverage_floor: Ratio | None = None
    near_term_coverage_floor: Ratio | None = None
    min_gross_margin_pct: Percent | None = None
    timezone: TimeZoneName | None = Field(default=None, max_length=64)
    currency: Currency | None = Field(default=None, max_length=3)
    stage_probabilities: StageProbabilitiesPatch | None = Field(
        default=None, description="Only the stages given change.")
    activity_alarm_weeks: int | None = Field(default=None, ge=1, le=13)
    min_deals_for_rates: int | None = Field(default=None, ge=1, le=1000)
    manager_sets_targets: bool | None = None
    role_activity_targets: dict[SalesRole, ActivityTargetsPatch] | None = Field(
        default=None, description="Replaces the per-role targets; {} removes them.")
    alarm_rules: AlarmRulesPatch | None = Field(
        default=None, description="Only the rules given change; the others keep their value.")


class ClientRead(ClientBase):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", **CLIENT_EXAMPLE, "archived_at": None,
        "role_activity_targets": {}, "alarm_rules": AlarmRules().model_dump(mode="json"),
        "created_at": "2026-01-05T15:04:05Z", "updated_at": "2026-03-01T09:00:00Z",
        "version": 3}]})
    id: uuid.UUID
    archived_at: datetime | None
    alarm_rules: AlarmRules = Field(description="Every alarm threshold, defaults included.")
    created_at: datetime
    updated_at: datetime
    version: int
