"""The bottom performers of a client (docs/domain.md, "Underperformers: diagnose before acting"),
with the figures behind each criterion. The texts name no thresholds; these were chosen:

1. bottom_third_attainment: in the bottom third of the team's attainment in each of the
   last 2 (or more) measurement periods that have ended, consecutively.
   - A period is the client's month or quarter; the one containing `as_of` is still running
     and is not ranked. The last 6 ended periods are looked at.
   - Ranked in a period: a current rep (not archived, not exited) with a quota above 0,
     hired on or before the period's first day (or with no hire date).
   - Attainment: revenue of the deals won in the period (closed_on, as the deals table holds
     them now), summed in SQL per rep and period, over the rep's quota for that period (the
     dated quota then in force, ramped: practice.in_force).
   - Bottom third: with 3 or more ranked reps, the ceil(n/3) lowest attainments, ties at the
     cut included. A period in which no ranked rep won anything ranks no one (no third to
     be in; the forecast_gap alarm speaks for the team).
2. activity_below_target: under the rep's weekly target of one kind (their own, their
   role's or the client's, ramped) (calls + meetings,
   proposals or prospecting hours) for 3 or more consecutive full ISO weeks up to last
   week; weeks before the rep's hire date don't count. A target of 0 is never missed.
"""

import math
import uuid
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, func, literal
from sqlmodel import Session

from app.core.clock import today_of
from app.core.periods import Period, full_weeks_before, iso_week, period_containing
from app.core.sql import cents, from_cents
from app.models import Activity, Client, Deal, Rep
from app.models.assessments.bottom_performers import (
    ActivityStreak,
    BottomPerformer,
    BottomPerformers,
    Criterion,
    CriterionMet,
    LastDiagnostic,
    PeriodAttainment,
    WeekFigure,
)
from app.models.assessments.diagnostic import Diagnostic
from app.models.enums import ActivityKind, MeasurementPeriod, RepStatus, Stage
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import get_parent, scoped_select
from app.services.practice.in_force import in_force_unscoped, week_targets

PERIODS_NEEDED = 2
LOOKBACK_PERIODS = 6
WEEKS_NEEDED = 3
LOOKBACK_WEEKS = 13
CENT = Decimal("0.01")
KINDS = {"calls_meetings": ((ActivityKind.call, ActivityKind.meeting), "calls/meetings"),
         "proposals": ((ActivityKind.proposal,), "proposals"),
         "prospecting_hours": ((ActivityKind.prospecting,), "prospecting hours")}


def bottom_performers(session: Session, principal: Principal, client_id: uuid.UUID, *,
                      as_of: date | None = None) -> BottomPerformers:
    """The client's current reps who meet either criterion, by name, with the figures."""
    client = get_parent(session, principal, Client, client_id,
                        resource=Resource.bottom_performers, action=Action.read)
    as_of = as_of or today_of(session, client.timezone)
    reps = session.exec(scoped_select(principal, Rep).where(
        Rep.client_id == client.id, Rep.archived_at.is_(None), Rep.status != RepStatus.exited)
        .order_by(Rep.full_name, Rep.id)).all()
    periods = ended_periods(as_of, MeasurementPeriod(client.measurement_period),
                            LOOKBACK_PERIODS)
    attainment = _attainment_streaks(session, principal, client, reps, periods)
    activity = _activity_streaks(session, principal, client, reps, as_of)
    flagged = []
    for rep in reps:
        criteria = [c for c in (attainment.get(rep.id), activity.get(rep.id)) if c]
        if criteria:
            flagged.append((rep, criteria))
    latest = _latest_diagnostics(session, principal, [rep.id for rep, _ in flagged])
    return BottomPerformers(
        client_id=client.id, as_of=as_of, measurement_period=client.measurement_period,
        periods_needed=PERIODS_NEEDED, weeks_needed=WEEKS_NEEDED,
        items=[BottomPerformer(rep_id=rep.id, full_name=rep.full_name, criteria=criteria,
                               last_diagnostic=latest.get(rep.id))
               for rep, criteria in flagged])


def ended_periods(as_of: date, kind: MeasurementPeriod, count: int) -> list[Period]:
    """The `count` periods that ended before the one containing `as_of`, oldest first."""
    periods = [period_containing(as_of, kind)]
    for _ in range(count):
        periods.append(period_containing(periods[-1].start - timedelta(days=1), kind))
    return periods[:0:-1]


def _attainment_streaks(session: Session, principal: Principal, client: Client,
                        reps: list[Rep], periods: list[Period]) -> dict[uuid.UUID, CriterionMet]:
    won = _won_by_rep_and_period(session, principal, client, periods)
    held = in_force_unscoped(session, [client.id])
    ranked: list[dict[uuid.UUID, PeriodAttainment]] = []
    for index, period in enumerate(periods):
        quotas = {r.id: held.quota(r, period) for r in reps}
        eligible = [r for r in reps if quotas[r.id] > 0
                    and (r.hire_date is None or r.hire_date <= period.start)]
        revenue = {r.id: won.get((r.id, index), Decimal(0)) for r in eligible}
        ranked.append(_bottom_third(period, eligible, revenue, quotas))
    out = {}
    for rep in reps:
        streak: list[PeriodAttainment] = []
        for in_bottom in reversed(ranked):
            if rep.id not in in_bottom:
                break
            streak.insert(0, in_bottom[rep.id])
        if len(streak) >= PERIODS_NEEDED:
            out[rep.id] = CriterionMet(
                criterion=Criterion.bottom_third_attainment, periods=streak,
                summary=f"In the bottom third of attainment for the last {len(streak)} "
                        f"periods (latest {streak[-1].attainment:.0%} of quota, rank "
                        f"{streak[-1].rank} of {streak[-1].ranked_reps}).")
    return out


def _bottom_third(period: Period, eligible: list[Rep], revenue: dict[uuid.UUID, Decimal],
                  quotas: dict[uuid.UUID, Decimal]) -> dict[uuid.UUID, PeriodAttainment]:
    """The reps in the bottom third of the period, with their figures."""
    if len(eligible) < 3 or not any(revenue.values()):
        return {}
    ratio = {r.id: revenue[r.id] / quotas[r.id] for r in eligible}
    ordered = sorted(ratio.values())
    cut = ordered[math.ceil(len(eligible) / 3) - 1]
    return {r.id: PeriodAttainment(
        start=period.start, end=period.end, revenue_won=revenue[r.id], quota=quotas[r.id],
        attainment=round(float(ratio[r.id]), 4),
        rank=1 + sum(v < ratio[r.id] for v in ordered), ranked_reps=len(eligible))
        for r in eligible if ratio[r.id] <= cut}


def _won_by_rep_and_period(session: Session, principal: Principal, client: Client,
                           periods: list[Period]) -> dict[tuple[uuid.UUID, int], Decimal]:
    """Revenue won per rep per period, summed in SQL."""
    bucket = case(*[(and_(Deal.closed_on >= p.start, Deal.closed_on <= p.end), literal(i))
                    for i, p in enumerate(periods)])
    stmt = (scoped_select(principal, Deal)
            .with_only_columns(Deal.rep_id, bucket.label("period"),
                               func.sum(cents(Deal.amount)))
            .where(Deal.client_id == client.id, Deal.stage == Stage.closed_won,
                   Deal.closed_on >= periods[0].start, Deal.closed_on <= periods[-1].end)
            .group_by(Deal.rep_id, bucket))
    return {(rep_id, int(index)): from_cents(total)
            for rep_id, index, total in session.execute(stmt)}


def _activity_streaks(session: Session, principal: Principal, client: Client,
                      reps: list[Rep], as_of: date) -> dict[uuid.UUID, CriterionMet]:
    mondays = full_weeks_before(as_of, LOOKBACK_WEEKS)
    sums = _weekly_activity(session, principal, client, mondays)
    out = {}
    for rep in reps:
        streaks = []
        for kind in KINDS:
            weeks: list[WeekFigure] = []
            for monday in reversed(mondays):
                if rep.hire_date is not None and monday + timedelta(days=6) < rep.hire_date:
                    break
                target = week_targets(client, rep, monday)[kind].target
                actual = sums.get((rep.id, monday, kind), 0.0)
                if actual >= target:
                    break
                weeks.insert(0, WeekFigure(week=iso_week(monday), actual=actual, target=target))
            if len(weeks) >= WEEKS_NEEDED:
                streaks.append(ActivityStreak(kind=kind, weeks_below=len(weeks), weeks=weeks))
        if streaks:
            parts = [f"{KINDS[s.kind][1]} ({s.weeks_below} weeks)" for s in streaks]
            names = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
            out[rep.id] = CriterionMet(
                criterion=Criterion.activity_below_target, activity=streaks,
                summary=f"Below the weekly target for {names}, up to last week.")
    return out


def _weekly_activity(session: Session, principal: Principal, client: Client,
                     mondays: list[date]) -> dict[tuple[uuid.UUID, date, str], float]:
    """Each rep's activity per full ISO week and kind group, summed in SQL."""
    week = case(*[(and_(Activity.occurred_on >= m, Activity.occurred_on <= m + timedelta(6)),
                   literal(m.isoformat())) for m in mondays])
    stmt = (scoped_select(principal, Activity)
            .with_only_columns(Activity.rep_id, week.label("week"), Activity.kind,
                               func.sum(Activity.quantity))
            .where(Activity.client_id == client.id, Activity.occurred_on >= mondays[0],
                   Activity.occurred_on < mondays[-1] + timedelta(7))
            .group_by(Activity.rep_id, week, Activity.kind))
    group = {k.value: name for name, (kinds, _) in KINDS.items() for k in kinds}
    out: dict[tuple[uuid.UUID, date, str], float] = {}
    for rep_id, monday, kind, quantity in session.execute(stmt):
        key = (rep_id, date.fromisoformat(monday), group[kind])
        out[key] = out.get(key, 0.0) + float(quantity)
    return out


def _latest_diagnostics(session: Session, principal: Principal,
                        rep_ids: list[uuid.UUID]) -> dict[uuid.UUID, LastDiagnostic]:
    if not rep_ids:
        return {}
    rows = session.exec(scoped_select(principal, Diagnostic)
                        .where(Diagnostic.rep_id.in_(rep_ids))
                        .order_by(Diagnostic.created_at.desc(), Diagnostic.id.desc())).all()
    out: dict[uuid.UUID, LastDiagnostic] = {}
    for row in rows:
        out.setdefault(row.rep_id, LastDiagnostic(id=row.id, created_at=row.created_at,
                                                  recommendation=row.recommendation))
    return out
