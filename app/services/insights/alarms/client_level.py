"""Alarms about the client as a whole: the forecast against the target, both pipeline
coverages, and the gross margin of what was won. Their criticals are what makes a client
red (health.py)."""

from dataclasses import dataclass
from decimal import Decimal

from app.models import Client
from app.models.insights.alarm import AlarmCode, Severity
from app.models.insights.kpis import ClientKpis
from app.services.insights.alarms.base import Raised, Rule, first_match, raise_alarm

S = Severity


@dataclass(frozen=True)
class Outlook:
    projected: Decimal
    target: Decimal
    left_share: float  # of the period, 0-1


FORECAST_RULES: tuple[Rule[Outlook], ...] = (
    Rule(S.critical, "the forecast is under its share of the target with under half the "
                     "period left",
         lambda o, r: o.projected < o.target * r.health_forecast_pct / 100
         and o.left_share < float(r.health_period_left_share)),
    Rule(S.warning, "the forecast is under its share of the target, early in the period",
         lambda o, r: o.projected < o.target * r.health_forecast_pct / 100),
)


@dataclass(frozen=True)
class Coverage:
    actual: float
    floor: float


PIPELINE_RULES: tuple[Rule[Coverage], ...] = (
    Rule(S.critical, "coverage under two thirds of its floor",
         lambda c, r: c.actual < c.floor * float(r.health_coverage_share)),
    Rule(S.warning, "coverage under its floor", lambda c, r: c.actual < c.floor),
)
NEAR_TERM_RULES: tuple[Rule[Coverage], ...] = (
    Rule(S.critical, "near-term coverage under half of its floor",
         lambda c, r: c.actual < c.floor * float(r.health_near_term_share)),
    Rule(S.warning, "near-term coverage under its floor", lambda c, r: c.actual < c.floor),
)


def client_alarms(client: Client, board: ClientKpis) -> list[Raised]:
    """The forecast gap, the two coverages and the margin, each by its rule table."""
    rules, out = client.rules, []
    period_days = (board.period_end - board.period_start).days + 1
    left = (board.period_end - board.as_of).days
    outlook = Outlook(board.forecast.period_end, board.target,
                      left / period_days if period_days else 0.0)
    rule = first_match(FORECAST_RULES, outlook, rules) if board.target > 0 else None
    if rule is not None:
        gap = outlook.target - outlook.projected
        out.append(raise_alarm(
            AlarmCode.forecast_gap, rule.severity, client, None,
            {"projected": str(outlook.projected), "target": str(outlook.target),
             "gap": str(gap), "method": board.forecast.method,
             "period_left_share": round(outlook.left_share, 4), "rule": rule.says},
            f"Close the gap: the period is on course for {outlook.projected:,.0f} of "
            f"{outlook.target:,.0f}; pull deals forward or add pipeline.", float(gap)))
    for code, table, actual, floor, amount, fix, window in (
        (AlarmCode.pipeline_coverage_low, PIPELINE_RULES, board.pipeline_coverage,
         board.pipeline_coverage_floor, board.open_pipeline, "Prospect more", ""),
        (AlarmCode.near_term_coverage_low, NEAR_TERM_RULES, board.near_term_coverage,
         board.near_term_coverage_floor, board.near_term_pipeline,
         "Advance deals that can close soon", f" for the next {board.near_term_window_days} days"),
    ):
        if actual is None:
            continue
        rule = first_match(table, Coverage(actual, floor), rules)
        if rule is not None:
            out.append(raise_alarm(
                code, rule.severity, client, None,
                {"actual": actual, "floor": floor, "pipeline": str(amount),
                 "target": str(board.target), "rule": rule.says},
                f"{fix}: coverage{window} is {actual:.1f}x of the {floor:g}x floor.",
                floor - actual))
    margin = board.gross_margin
    if margin.below_floor:
        out.append(raise_alarm(
            AlarmCode.margin_below_floor, S.warning, client, None,
            {"actual": margin.average_pct, "floor": margin.floor_pct, "deals": margin.deals},
            f"Protect margin: deals won this period average {margin.average_pct:.1f}% gross "
            f"margin (weighted by revenue), under the {margin.floor_pct:g}% floor.",
            margin.floor_pct - (margin.average_pct or 0)))
    return out
