"""Every number the alarms go by, per client, each with its default (a client's
`alarm_rules` holds only what it changes)."""

from decimal import Decimal

from pydantic import ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

from app.models.base import Schema


class AlarmRules(Schema):
    """The thresholds of the alarms and of client health."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "commit_warning_pct": 70, "integrity_alarms_to_owner": True}]})

    # Client health: red only for these, unacknowledged and unsnoozed.
    health_forecast_pct: int = Field(
        default=80, ge=1, le=100,
        description="Red: the forecast for the period end below this percent of the target...")
    health_period_left_share: Decimal = Field(
        default=Decimal("0.5"), ge=0, le=1,
        description="... with less than this share of the period left.")
    health_coverage_share: Decimal = Field(
        default=Decimal("0.6667"), ge=0, le=1,
        description="Red: pipeline coverage below this share of its floor (two thirds).")
    health_near_term_share: Decimal = Field(
        default=Decimal("0.5"), ge=0, le=1,
        description="Red: near-term coverage below this share of its floor (a half).")
    health_rep_criticals_amber: int = Field(
        default=2, ge=1, le=100,
        description="Amber when this many rep-level critical alarms stand; rep-level alarms "
                    "alone never make a client red.")
    # Commit reliability: commit deals won / commit deals decided or past their close.
    commit_window_days: int = Field(default=90, ge=7, le=365)
    commit_warning_pct: int = Field(default=70, ge=0, le=100)
    commit_warning_deals: int = Field(default=3, ge=1, le=1000)
    commit_critical_pct: int = Field(default=50, ge=0, le=100)
    commit_critical_deals: int = Field(default=4, ge=1, le=1000)
    # A commit or best-case deal this many days past its expected close is overdue.
    overdue_after_days: int = Field(default=14, ge=0, le=365)
    # Do the numbers add up: proposals logged / deals that reached proposal, over weeks.
    integrity_weeks: int = Field(default=4, ge=1, le=26)
    proposals_ratio_warning: Decimal = Field(default=Decimal("2"), ge=1, le=100)
    proposals_ratio_critical: Decimal = Field(default=Decimal("4"), ge=1, le=100)
    proposals_min_logged: int = Field(default=4, ge=1, le=1000)
    # Late entries: rows entered (or raised) this many days after the day they describe.
    late_after_days: int = Field(default=3, ge=1, le=60)
    late_share_pct: int = Field(default=20, ge=0, le=100)
    # Coaching cadence (the manager's own alarm).
    one_on_one_every_days: int = Field(default=14, ge=1, le=120)
    sales_meeting_every_days: int = Field(default=10, ge=1, le=120)
    # Weekly forecast calls, once the client's first call is made: each active rep calls by
    # this weekday (0 = Monday) and hour in the client's time zone.
    forecast_call_weekday: int = Field(default=0, ge=0, le=6)
    forecast_call_hour: int = Field(default=12, ge=0, le=23)
    # CRM hygiene: a rep's clean open deals / open deals under this percent, with at least
    # this many open deals.
    hygiene_floor_pct: int = Field(default=80, ge=0, le=100)
    hygiene_min_open_deals: int = Field(default=5, ge=1, le=1000)
    # The owner's engagement: attendance at the sales meetings of the last 13 weeks under
    # this percent (from this many meetings held), or an owner's action item or decision
    # more than this many days overdue.
    owner_attendance_floor_pct: int = Field(default=25, ge=0, le=100)
    owner_attendance_min_meetings: int = Field(default=4, ge=1, le=100)
    owner_overdue_days: int = Field(default=14, ge=1, le=120)
    # An improvement plan behind on a goal: critical after this many complete weeks in a row.
    improvement_plan_critical_weeks: int = Field(default=2, ge=1, le=13)
    # Who reads integrity alarms besides the managers (never the rep concerned).
    integrity_alarms_to_owner: bool = False


def _patch_fields() -> dict:
    return {name: (field.annotation | None,
                   FieldInfo.merge_field_infos(field, default=None))
            for name, field in AlarmRules.model_fields.items()}


# Some of the rules, each with the same bounds; those left out keep their value.
AlarmRulesPatch = create_model("AlarmRulesPatch", __base__=Schema, **_patch_fields())
AlarmRulesPatch.model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
    "overdue_after_days": 21}]})
AlarmRulesPatch.model_rebuild(force=True)
