"""The evidence a diagnostic rests on, gathered from the data as of the client's today:

- activity: of the last 8 complete ISO weeks (weeks that ended before the rep's hire date
  don't count), those in which calls + meetings, proposals and prospecting hours were all at
  or above the client's weekly targets; summed in SQL per week and kind;
- results: the last 90 days (as_of and the 89 days before; a fixed window rather than the
  measurement period, so a month and a quarter client are read alike and a period just
  begun still has deals): the rep's win rate (won / won + lost by closed_on) and average
  won deal against the team's medians, the team being the client's current reps (not
  archived, not exited, this one included) with at least one deal of that kind; one
  grouped query;
- the rep's improvement plans (open and closed, with outcomes), newest first;
- the rep's trainings: one completed means trained, assigned and none completed means
  training in progress.
"""

import statistics
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, literal
from sqlmodel import Session, col

from app.core.clock import today_of
from app.core.periods import full_weeks_before
from app.core.sql import cents, from_cents
from app.models import Activity, Client, Deal, ImprovementPlan, Rep, Training, TrainingAssignment
from app.models.assessments.diagnostic import (
    ActivityEvidence,
    Evidence,
    PlanEvidence,
    ResultsEvidence,
    TrainingEvidence,
)
from app.models.enums import ActivityKind, RepStatus, Stage
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select

WEEKS = 8
WINDOW_DAYS = 90
KIND_GROUPS = {ActivityKind.call: "calls", ActivityKind.meeting: "calls",
               ActivityKind.proposal: "proposals", ActivityKind.prospecting: "hours"}


def gather_evidence(session: Session, principal: Principal, rep: Rep) -> Evidence:
    client = session.get(Client, rep.client_id)
    as_of = today_of(session, client.timezone)
    return Evidence(as_of=as_of, activity=_activity(session, principal, client, rep, as_of),
                    results=_results(session, principal, client, rep, as_of),
                    improvement_plans=_plans(session, principal, rep),
                    trainings=(trainings := _trainings(session, principal, client, rep)),
                    has_training=(any(t.done_on for t in trainings) if trainings else None))


def _activity(session: Session, principal: Principal, client: Client, rep: Rep,
              as_of: date) -> ActivityEvidence:
    mondays = [m for m in full_weeks_before(as_of, WEEKS)
               if rep.hire_date is None or m + timedelta(days=6) >= rep.hire_date]
    if not mondays:
        return ActivityEvidence(weeks_met=0, weeks=0)
    week = case(*[(and_(Activity.occurred_on >= m, Activity.occurred_on <= m + timedelta(6)),
                   literal(i)) for i, m in enumerate(mondays)])
    sums: dict[tuple[int, str], Decimal] = {}
    for index, kind, quantity in session.execute(
            scoped_select(principal, Activity)
            .with_only_columns(week.label("week"), Activity.kind, func.sum(Activity.quantity))
            .where(Activity.rep_id == rep.id, Activity.occurred_on >= mondays[0],
                   Activity.occurred_on < mondays[-1] + timedelta(7))
            .group_by(week, Activity.kind)):
        key = (int(index), KIND_GROUPS[ActivityKind(kind)])
        sums[key] = sums.get(key, Decimal(0)) + Decimal(quantity)
    targets = {"calls": Decimal(client.weekly_calls_target),
               "proposals": Decimal(client.weekly_proposals_target),
               "hours": Decimal(client.weekly_prospecting_hours_target)}
    met = sum(all(sums.get((i, g), Decimal(0)) >= t for g, t in targets.items())
              for i in range(len(mondays)))
    return ActivityEvidence(weeks_met=met, weeks=len(mondays))


def _results(session: Session, principal: Principal, client: Client, rep: Rep,
             as_of: date) -> ResultsEvidence:
    start = as_of - timedelta(days=WINDOW_DAYS - 1)
    won = Deal.stage == Stage.closed_won
    team = scoped_select(principal, Rep).with_only_columns(Rep.id).where(
        Rep.client_id == client.id, Rep.archived_at.is_(None), Rep.status != RepStatus.exited)
    rows = session.execute(
        scoped_select(principal, Deal)
        .with_only_columns(Deal.rep_id, func.count(), func.sum(case((won, 1), else_=0)),
                           func.sum(case((won, cents(Deal.amount)), else_=0)))
        .where(Deal.client_id == client.id,
               col(Deal.stage).in_([Stage.closed_won, Stage.closed_lost]),
               Deal.closed_on >= start, Deal.closed_on <= as_of,
               col(Deal.rep_id).in_(team.scalar_subquery()) | (Deal.rep_id == rep.id))
        .group_by(Deal.rep_id)).all()
    figures = {rep_id: (int(decided), int(n_won), from_cents(total))
               for rep_id, decided, n_won, total in rows}
    rates = [w / d for d, w, _ in figures.values() if d]
    averages = [(t / w).quantize(Decimal("0.01")) for _, w, t in figures.values() if w]
    decided, n_won, total = figures.get(rep.id, (0, 0, Decimal(0)))
    return ResultsEvidence(
        window_start=start, window_end=as_of, decided=decided, won=n_won,
        win_rate=round(n_won / decided, 4) if decided else None,
        team_median_win_rate=round(statistics.median(rates), 4) if rates else None,
        average_won=(total / n_won).quantize(Decimal("0.01")) if n_won else None,
        team_median_average_won=(Decimal(statistics.median(averages)).quantize(
            Decimal("0.01")) if averages else None))


def _plans(session: Session, principal: Principal, rep: Rep) -> list[PlanEvidence]:
    plans = session.exec(scoped_select(principal, ImprovementPlan)
                         .where(ImprovementPlan.rep_id == rep.id)
                         .order_by(ImprovementPlan.starts_on.desc(),
                                   ImprovementPlan.created_at.desc())).all()
    return [PlanEvidence(id=p.id, starts_on=p.starts_on, length_days=p.length_days,
                         outcome=p.outcome, closed_on=p.closed_on) for p in plans]


def _trainings(session: Session, principal: Principal, client: Client,
               rep: Rep) -> list[TrainingEvidence]:
    rows = session.execute(
        scoped_select(principal, Training)
        .with_only_columns(Training.topic, TrainingAssignment.done_at)
        .join(TrainingAssignment, TrainingAssignment.training_id == Training.id)
        .where(TrainingAssignment.rep_id == rep.id)
        .order_by(Training.due_on.desc(), Training.id)).all()
    return [TrainingEvidence(topic=topic, done_on=None if done_at is None else
                             _day(done_at, client.timezone)) for topic, done_at in rows]


def _day(instant: datetime, timezone: str) -> date:
    return instant.astimezone(ZoneInfo(timezone)).date()
