"""Weekly progress of improvement plans: for each week of a plan so far, each goal's actual
against its target. Here rather than in coaching because both the plan's read (coaching) and
the alarms (insights) need it, and coaching may read insights, not the other way round.

- A plan's weeks run 7 days from its start day; the last one ends with the plan (a 30-day
  plan: four weeks and a 2-day fifth), and a short last week's weekly targets are pro rata
  (2 of 7 days: 2/7 of the target).
- The weeks so far are those that started on or before `as_of` (the client's today); a week
  is complete once it ended before `as_of`, and only complete weeks are met or not (null
  while the week runs).
- Activity is summed per plan, week and kind in one SQL aggregate for all the plans
  (calls and meetings together, as the activity alarm counts them); revenue won likewise,
  from the deals won by the rep with closed_on in the plan. revenue_won is judged on the
  running total to each week's end against the plan's target pro rata to that day.
- A goal is behind when its latest complete week is below target; the plan is on track
  when no goal is behind.
"""

import math
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, func
from sqlmodel import Session

from app.core.sql import cents, dialect_of, from_cents, weeks_since
from app.models import Activity, Deal
from app.models.coaching.improvement_plan import (
    WEEKLY_METRICS,
    GoalSummary,
    GoalWeek,
    ImprovementPlan,
    PlanMetric,
    PlanProgress,
    PlanWeek,
)
from app.models.enums import ActivityKind, Stage
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select

CENT = Decimal("0.01")
METRIC_OF_KIND = {ActivityKind.call: PlanMetric.calls_meetings,
                  ActivityKind.meeting: PlanMetric.calls_meetings,
                  ActivityKind.proposal: PlanMetric.proposals,
                  ActivityKind.prospecting: PlanMetric.prospecting_hours}
METRIC_NAMES = {PlanMetric.calls_meetings: "calls/meetings", PlanMetric.proposals: "proposals",
                PlanMetric.prospecting_hours: "prospecting hours",
                PlanMetric.revenue_won: "revenue won"}


@dataclass(frozen=True)
class _Week:
    number: int
    starts_on: date
    ends_on: date
    complete: bool


def plans_progress(session: Session, principal: Principal, plans: list[ImprovementPlan],
                   as_of: dict[uuid.UUID, date]) -> dict[uuid.UUID, PlanProgress]:
    """Each plan's progress as of its client's day in `as_of` (by client id)."""
    if not plans:
        return {}
    activity = _activity(session, principal, plans)
    won = _revenue(session, principal, plans)
    return {p.id: _progress(p, as_of[p.client_id], activity, won) for p in plans}


def plan_weeks(plan: ImprovementPlan, as_of: date) -> list[_Week]:
    """The plan's weeks that started on or before `as_of`."""
    total = math.ceil(plan.length_days / 7)
    out = []
    for n in range(total):
        start = plan.starts_on + timedelta(weeks=n)
        if start > as_of:
            break
        end = min(start + timedelta(days=6), plan.ends_on)
        out.append(_Week(n + 1, start, end, end < as_of))
    return out


def _progress(plan: ImprovementPlan, as_of: date,
              activity: dict[tuple[uuid.UUID, int, PlanMetric], Decimal],
              won: dict[tuple[uuid.UUID, int], Decimal]) -> PlanProgress:
    weeks = plan_weeks(plan, as_of)
    goals = [(PlanMetric(g["metric"]), Decimal(g["target"]).quantize(CENT))
             for g in plan.goals]
    rows = []
    running = Decimal(0)
    for week in weeks:
        running += won.get((plan.id, week.number - 1), Decimal(0))
        items = []
        for metric, target in goals:
            if metric in WEEKLY_METRICS:
                days = (week.ends_on - week.starts_on).days + 1
                due = _round(target * days / 7)
                actual = activity.get((plan.id, week.number - 1, metric), Decimal(0))
            else:
                elapsed = (week.ends_on - plan.starts_on).days + 1
                due = _round(target * elapsed / plan.length_days)
                actual = running
            items.append(GoalWeek(metric=metric, target=due, actual=actual.quantize(CENT),
                                  met=actual >= due if week.complete else None))
        rows.append(PlanWeek(number=week.number, starts_on=week.starts_on,
                             ends_on=week.ends_on, complete=week.complete, goals=items))
    summaries = [_summary(metric, target, i, rows) for i, (metric, target) in enumerate(goals)]
    return PlanProgress(as_of=as_of, weeks=rows, goals=summaries,
                        on_track=not any(s.behind for s in summaries))


def _summary(metric: PlanMetric, target: Decimal, index: int,
             rows: list[PlanWeek]) -> GoalSummary:
    judged = [row.goals[index].met for row in rows if row.complete]
    behind = 0
    for met in reversed(judged):
        if met:
            break
        behind += 1
    return GoalSummary(metric=metric, target=target, weeks_met=sum(bool(m) for m in judged),
                       weeks_judged=len(judged), weeks_behind=behind, behind=behind > 0)


def _round(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _activity(session: Session, principal: Principal, plans: list[ImprovementPlan]
              ) -> dict[tuple[uuid.UUID, int, PlanMetric], Decimal]:
    """Activity per plan, week of the plan and kind, summed in SQL."""
    week = weeks_since(Activity.occurred_on, ImprovementPlan.starts_on, dialect_of(session))
    stmt = (scoped_select(principal, Activity)
            .with_only_columns(ImprovementPlan.id, week.label("week"), Activity.kind,
                               func.sum(Activity.quantity))
            .join_from(Activity, ImprovementPlan, and_(
                ImprovementPlan.rep_id == Activity.rep_id,
                Activity.occurred_on >= ImprovementPlan.starts_on,
                Activity.occurred_on <= ImprovementPlan.ends_on))
            .where(ImprovementPlan.id.in_([p.id for p in plans]))
            .group_by(ImprovementPlan.id, week, Activity.kind))
    out: dict[tuple[uuid.UUID, int, PlanMetric], Decimal] = {}
    for plan_id, index, kind, quantity in session.execute(stmt):
        key = (plan_id, int(index), METRIC_OF_KIND[ActivityKind(kind)])
        out[key] = out.get(key, Decimal(0)) + Decimal(quantity)
    return out


def _revenue(session: Session, principal: Principal, plans: list[ImprovementPlan]
             ) -> dict[tuple[uuid.UUID, int], Decimal]:
    """Revenue won per plan and week of the plan, summed in SQL (whole cents)."""
    if not any(PlanMetric.revenue_won.value in (g["metric"] for g in p.goals) for p in plans):
        return {}
    week = weeks_since(Deal.closed_on, ImprovementPlan.starts_on, dialect_of(session))
    stmt = (scoped_select(principal, Deal)
            .with_only_columns(ImprovementPlan.id, week.label("week"),
                               func.sum(cents(Deal.amount)))
            .join_from(Deal, ImprovementPlan, and_(
                ImprovementPlan.rep_id == Deal.rep_id,
                Deal.closed_on >= ImprovementPlan.starts_on,
                Deal.closed_on <= ImprovementPlan.ends_on))
            .where(ImprovementPlan.id.in_([p.id for p in plans]),
                   Deal.stage == Stage.closed_won)
            .group_by(ImprovementPlan.id, week))
    return {(plan_id, int(index)): from_cents(total)
            for plan_id, index, total in session.execute(stmt)}
