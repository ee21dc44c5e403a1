"""Improvement plan behind: while a rep's plan runs (started on or before the day, not
closed by then), the plan speaks for the rep's activity. Their `activity_below_target`
alarm is not raised on its own; it rolls up into `improvement_plan_behind`, raised when some
goal of the plan was missed in the latest complete week of the plan, and naming the rolled
up alarm in its figures and message. A plan on track raises nothing (its goals, not the
client's targets, are what the rep was asked to meet). A plan agreed but not started yet
leaves the activity alarm standing. Severity (rule table): critical once a goal has been
missed the client's `improvement_plan_critical_weeks` complete weeks in a row, else
warning."""

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import or_
from sqlmodel import Session

from app.models import Client, ImprovementPlan, Rep
from app.models.coaching.improvement_plan import PlanProgress, Weekday
from app.models.insights.alarm import AlarmCode, Severity
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.alarms.base import Raised, Rule, first_match, raise_alarm
from app.services.insights.plan_progress import METRIC_NAMES, plans_progress

ROLLED_UP = frozenset({AlarmCode.activity_below_target})


@dataclass(frozen=True)
class Behind:
    weeks: int  # the longest run of missed complete weeks of any goal, up to the latest


PLAN_RULES: tuple[Rule[Behind], ...] = (
    Rule(Severity.critical, "a goal missed for the client's critical weeks in a row",
         lambda b, r: b.weeks >= r.improvement_plan_critical_weeks),
    Rule(Severity.warning, "a goal missed in the latest complete week of the plan",
         lambda b, r: b.weeks >= 1),
)

RunningPlan = tuple[ImprovementPlan, PlanProgress]


def running_plans(session: Session, principal: Principal, as_of: dict[uuid.UUID, date]
                  ) -> dict[uuid.UUID, dict[uuid.UUID, RunningPlan]]:
    """Per client and rep, the plan running on the client's day in `as_of`, with its progress
    then (one query for the plans of every client, one grouped query for the progress)."""
    if not as_of:
        return {}
    found = session.exec(scoped_select(principal, ImprovementPlan).where(
        ImprovementPlan.client_id.in_(list(as_of)),
        ImprovementPlan.starts_on <= max(as_of.values()),
        or_(ImprovementPlan.closed_on.is_(None),
            ImprovementPlan.closed_on > min(as_of.values())))).all()
    plans = [p for p in found if p.starts_on <= as_of[p.client_id]
             and (p.closed_on is None or p.closed_on > as_of[p.client_id])]
    progress = plans_progress(session, principal, plans, as_of)
    out: dict[uuid.UUID, dict[uuid.UUID, RunningPlan]] = {}
    for plan in plans:
        out.setdefault(plan.client_id, {})[plan.rep_id] = (plan, progress[plan.id])
    return out


def roll_up(client: Client, reps: dict[uuid.UUID, Rep], raised: list[Raised],
            plans: dict[uuid.UUID, RunningPlan]) -> list[Raised]:
    """The client's alarms with each planned rep's activity alarms replaced by their plan's."""
    if not plans:
        return raised
    kept = [r for r in raised if not (r.alarm.rep_id in plans and r.alarm.code in ROLLED_UP)]
    for rep_id, (plan, progress) in plans.items():
        if rep_id not in reps:
            continue
        rolled = [r for r in raised if r.alarm.rep_id == rep_id and r.alarm.code in ROLLED_UP]
        kept += _plan_alarm(client, reps[rep_id], plan, progress, rolled)
    return kept


def _plan_alarm(client: Client, rep: Rep, plan: ImprovementPlan, progress: PlanProgress,
                rolled: list[Raised]) -> list[Raised]:
    behind = [g for g in progress.goals if g.behind]
    if not behind:
        return []
    rule = first_match(PLAN_RULES, Behind(max(g.weeks_behind for g in behind)), client.rules)
    if rule is None:
        return []
    week = next(w for w in reversed(progress.weeks) if w.complete)
    last = {g.metric: g for g in week.goals}
    goals = {g.metric.value: {"actual": float(last[g.metric].actual),
                              "target": float(last[g.metric].target),
                              "weeks_behind": g.weeks_behind, "weeks_met": g.weeks_met}
             for g in behind}
    missed = ", ".join(f"{METRIC_NAMES[g.metric]} {_num(last[g.metric].actual)} of "
                       f"{_num(last[g.metric].target)}" for g in behind)
    figures = {"plan_id": str(plan.id), "week": week.number,
               "weeks": -(-plan.length_days // 7), "goals": goals,
               "rolled_up": [{"code": r.alarm.code.value, "key": r.alarm.key,
                              "severity": r.alarm.severity.value, "message": r.alarm.message}
                             for r in rolled],
               "rule": rule.says}
    also = (" It rolls up " + " and ".join(r.alarm.code.value for r in rolled) + ": "
            + " ".join(r.alarm.message for r in rolled) if rolled else "")
    message = (f"{rep.full_name} is behind on the improvement plan in week {week.number} "
               f"({missed}): go through it at the {Weekday(plan.check_in_weekday).name.title()}"
               f" check-in.{also}")
    return [raise_alarm(AlarmCode.improvement_plan_behind, rule.severity, client, rep.id,
                        figures, message, float(max(g.weeks_behind for g in behind)))]


def _num(value: Decimal) -> str:
    """10.00 as 10, 10.50 as 10.5."""
    return f"{value.normalize():f}"
