"""A report's figures for a period of a client, as they stand on a day (the period's last
day, or today while it runs). Each part comes from the figures the API serves elsewhere
(dashboards, weekly series, forecast, alarms, the engagement's return), so a report never
disagrees with them; what only the report shows is summed in SQL here."""

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, func
from sqlmodel import Session, col

from app.core.periods import (
    Period,
    full_weeks_before,
    period_containing,
    period_label,
    periods_before,
)
from app.models import (
    ActionItem,
    Candidate,
    Client,
    Deal,
    DecisionRequest,
    OneOnOne,
    Rep,
    SalesMeeting,
)
from app.models.enums import Assignee, CandidateStatus, RepStatus, Stage
from app.models.insights.kpis import ClientKpis
from app.models.reporting.figures import (
    AlarmCourse,
    AlarmLine,
    Cadence,
    Closed,
    Coverage,
    CoverageWeek,
    DealLine,
    MethodValue,
    OpenDecision,
    Outlook,
    OwnerItem,
    OwnerSide,
    People,
    PeriodResult,
    ReasonCount,
    RepLine,
    ReportFigures,
    Results,
    Return,
)
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.assessments.engagement import engagement_return
from app.services.insights.alarms.compute import clients_alarms
from app.services.insights.dashboards import dashboards
from app.services.insights.engine.windows import window_for
from app.services.insights.forecast.service import forecast_of
from app.services.insights.weekly import client_kpis_weekly

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
TREND_BAND = 0.10  # coverage within ±10 % of where it started is flat
FULL_MONTH_DAYS = 28


def report_figures(session: Session, principal: Principal, client: Client, period: Period,
                   as_of: date) -> ReportFigures:
    board = _board(session, principal, client, period, as_of)
    reps = {r.id: r for r in session.exec(scoped_select(principal, Rep)
                                          .where(Rep.client_id == client.id))}
    held = _one_on_ones(session, principal, client, period.start, as_of)
    return ReportFigures(
        weekly_calls_target=client.weekly_calls_target,
        results=_results(session, principal, client, period, board),
        outlook=_outlook(session, principal, client, period, as_of),
        coverage=_coverage(session, principal, client, period, as_of, board),
        reps=[_rep_line(row, reps[row.rep_id], held.get(row.rep_id, 0)) for row in board.reps
              if row.rep_id in reps],
        deals=_closed(session, principal, client, period.start, as_of, reps),
        people=_people(session, principal, client, period.start, as_of, list(reps.values())),
        coaching=_cadence(session, principal, client, period.start, as_of, held),
        alarms=_alarms(session, principal, client, period.start - timedelta(days=1), as_of,
                       reps),
        engagement=_return(session, principal, client, as_of),
        owner=_owner_side(session, principal, client, as_of))


def _board(session: Session, principal: Principal, client: Client, period: Period,
           as_of: date) -> ClientKpis:
    """The dashboard as of the day, its activity weeks those of the period: the complete
    ISO weeks whose Monday falls in it, up to the day (a Sunday's week included)."""
    mondays = tuple(m for m in full_weeks_before(as_of + timedelta(days=1), 6)
                    if m >= period.start)
    window = window_for(client, as_of)
    window = dataclasses.replace(window, mondays=mondays or window.mondays[-1:])
    board = dashboards(session, principal, [window])[client.id]
    if mondays:
        return board
    return board.model_copy(update={"reps": [r.model_copy(update={"activity": []})
                                             for r in board.reps]})


def _results(session: Session, principal: Principal, client: Client, period: Period,
             board: ClientKpis) -> Results:
    target = Decimal(board.target)
    before = sorted(periods_before(period, 3), key=lambda p: p.start)
    won = _won_by_period(session, principal, client, before)
    return Results(
        period=period_label(period), period_start=period.start, period_end=period.end,
        target=target, revenue_won=board.revenue_won, attainment=board.attainment,
        before=[PeriodResult(period=period_label(p), period_start=p.start, period_end=p.end,
                             target=target, revenue_won=won[i],
                             attainment=_ratio(won[i], target))
                for i, p in enumerate(before)])


def _won_by_period(session: Session, principal: Principal, client: Client,
                   periods: list[Period]) -> list[Decimal]:
    """Revenue won in each period (closed_on in it), in one grouped read."""
    sums = [func.coalesce(func.sum(case((and_(Deal.closed_on >= p.start,
                                              Deal.closed_on <= p.end), Deal.amount),
                                        else_=0)), 0) for p in periods]
    row = session.execute(scoped_select(principal, Deal).with_only_columns(*sums).where(
        Deal.client_id == client.id, Deal.stage == Stage.closed_won.value,
        Deal.closed_on >= periods[0].start, Deal.closed_on <= periods[-1].end)).one()
    return [Decimal(v).quantize(CENT) for v in row]


def _outlook(session: Session, principal: Principal, client: Client, period: Period,
             as_of: date) -> Outlook:
    now = forecast_of(session, principal, client, as_of)
    following = period_containing_next(period)
    ahead = forecast_of(session, principal, client, following.start)
    return Outlook(
        target=now.target, headline_method=now.headline.method.value,
        headline=now.headline.value,
        methods=[MethodValue(method=k, value=v) for k, v in now.methods.model_dump().items()],
        next_period=period_label(following), next_period_target=ahead.target,
        next_period_headline=ahead.headline.value,
        next_period_method=ahead.headline.method.value)


def period_containing_next(period: Period) -> Period:
    return period_containing(period.end + timedelta(days=1), period.kind)


def _coverage(session: Session, principal: Principal, client: Client, period: Period,
              as_of: date, board: ClientKpis) -> Coverage:
    weeks = (as_of - (period.start - timedelta(days=period.start.weekday()))).days // 7 + 1
    series = client_kpis_weekly(session, principal, client.id, weeks=weeks, as_of=as_of)
    items = [CoverageWeek(week=w.week, starts_on=w.starts_on, open_pipeline=w.open_pipeline,
                          pipeline_coverage=w.pipeline_coverage, revenue_won=w.revenue_won)
             for w in series.items]
    first, last = items[0].pipeline_coverage, items[-1].pipeline_coverage
    trend = "flat"
    if first and last is not None:
        trend = ("rising" if last > first * (1 + TREND_BAND)
                 else "falling" if last < first * (1 - TREND_BAND) else "flat")
    return Coverage(pipeline_coverage=board.pipeline_coverage,
                    pipeline_coverage_floor=board.pipeline_coverage_floor,
                    near_term_coverage=board.near_term_coverage,
                    near_term_coverage_floor=board.near_term_coverage_floor,
                    trend=trend, weeks=items)


def _rep_line(row, rep: Rep, held: int) -> RepLine:
    return RepLine(rep_id=rep.id, full_name=rep.full_name, quota=row.target,
                   revenue_won=row.revenue_won, attainment=row.attainment,
                   activity_weeks_met=sum(1 for w in row.activity if not w.below_target),
                   activity_weeks=len(row.activity), one_on_ones_held=held,
                   calls_meetings_per_week=(round(sum(w.calls_meetings for w in row.activity)
                                                  / len(row.activity), 1)
                                            if row.activity else None))


def _one_on_ones(session: Session, principal: Principal, client: Client, start: date,
                 end: date) -> dict:
    rows = session.execute(scoped_select(principal, OneOnOne)
                           .with_only_columns(OneOnOne.rep_id, func.count())
                           .where(OneOnOne.client_id == client.id,
                                  col(OneOnOne.archived_at).is_(None),
                                  OneOnOne.held_on >= start, OneOnOne.held_on <= end)
                           .group_by(OneOnOne.rep_id)).all()
    return {rep_id: count for rep_id, count in rows}


def _closed(session: Session, principal: Principal, client: Client, start: date, end: date,
            reps: dict) -> Closed:
    deals = session.exec(scoped_select(principal, Deal).where(
        Deal.client_id == client.id,
        col(Deal.stage).in_([Stage.closed_won.value, Stage.closed_lost.value]),
        Deal.closed_on >= start, Deal.closed_on <= end)
        .order_by(Deal.amount.desc(), Deal.closed_on, Deal.id)).all()
    lines = {True: [], False: []}
    reasons: dict[str, int] = {}
    for d in deals:
        won = d.stage == Stage.closed_won.value
        rep = reps.get(d.rep_id)
        lines[won].append(DealLine(deal_id=d.id, name=d.name, account_name=d.account_name or None,
                                   rep_name=rep.full_name if rep else "", amount=d.amount,
                                   closed_on=d.closed_on, lost_reason=d.lost_reason))
        if not won:
            reason = d.lost_reason or "unknown"
            reasons[reason] = reasons.get(reason, 0) + 1
    return Closed(won=lines[True], lost=lines[False],
                  loss_reasons=[ReasonCount(reason=r, deals=n) for r, n in
                                sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))])


def _people(session: Session, principal: Principal, client: Client, start: date, end: date,
            reps: list[Rep]) -> People:
    open_candidates = session.execute(scoped_select(principal, Candidate).with_only_columns(
        func.count()).where(Candidate.client_id == client.id, col(Candidate.status).notin_(
            [CandidateStatus.hired.value, CandidateStatus.rejected.value,
             CandidateStatus.withdrawn.value]))).scalar_one()
    ordered = sorted(reps, key=lambda r: r.full_name)
    return People(
        hired=[r.full_name for r in ordered if r.hire_date and start <= r.hire_date <= end],
        exited=[r.full_name for r in ordered if r.archived_at is not None
                and start <= r.archived_at.date() <= end],
        on_plan=[r.full_name for r in ordered if r.status == RepStatus.on_plan.value
                 and r.archived_at is None],
        open_candidates=open_candidates)


def _cadence(session: Session, principal: Principal, client: Client, start: date, end: date,
             held: dict) -> Cadence:
    meetings, owner = session.execute(scoped_select(principal, SalesMeeting).with_only_columns(
        func.count(), func.coalesce(func.sum(case(
            (col(SalesMeeting.owner_attended).is_(True), 1), else_=0)), 0)).where(
        SalesMeeting.client_id == client.id, col(SalesMeeting.archived_at).is_(None),
        SalesMeeting.held_on >= start, SalesMeeting.held_on <= end)).one()
    return Cadence(one_on_ones_held=sum(held.values()), sales_meetings_held=meetings,
                   owner_attended=owner)


def _alarms(session: Session, principal: Principal, client: Client, before: date, end: date,
            reps: dict) -> AlarmCourse:
    def standing(day: date) -> dict:
        found = clients_alarms(session, principal, [client], as_of=day).get(client.id)
        raised = found[1] if found else []
        return {r.alarm.key: r.alarm for r in raised}

    at_start, at_end = standing(before), standing(end)

    def line(alarm) -> AlarmLine:
        rep = reps.get(alarm.rep_id)
        return AlarmLine(code=alarm.code.value, severity=alarm.severity.value,
                         rep_name=rep.full_name if rep else None, message=alarm.message)

    order = sorted(set(at_start) | set(at_end))
    return AlarmCourse(raised=[line(at_end[k]) for k in order if k not in at_start],
                       standing=[line(at_end[k]) for k in order if k in at_start and k in at_end],
                       cleared=[line(at_start[k]) for k in order if k not in at_end])


def _return(session: Session, principal: Principal, client: Client, as_of: date) -> Return:
    found = engagement_return(session, principal, client.id, as_of=as_of)
    start = client.engagement_started_on
    if start is None or (as_of - start).days < FULL_MONTH_DAYS or found.since is None:
        return Return(insufficient_data=True,
                      reason=found.reason or "Less than a full month of the engagement has "
                                             "passed: its return can't be told yet.",
                      fees_to_date=found.fees_to_date, revenue_growth=None,
                      return_on_fees=None, gross_profit_growth=None,
                      return_on_gross_profit=None)
    margin = _won_margin(session, principal, client, start, as_of)
    profit = (None if found.revenue_growth is None or margin is None
              else (found.revenue_growth * margin).quantize(CENT))
    fees = found.fees_to_date
    return Return(insufficient_data=False, reason=None, fees_to_date=fees,
                  revenue_growth=found.revenue_growth, return_on_fees=found.return_on_fees,
                  gross_profit_growth=profit,
                  return_on_gross_profit=(round(float(profit / fees), 2)
                                          if profit is not None and fees else None))


def _won_margin(session: Session, principal: Principal, client: Client, start: date,
                end: date) -> Decimal | None:
    """The amount-weighted gross margin of the deals won from `start` to `end` (0.3 = 30 %);
    None when none of them carries a margin."""
    amount, weighted = session.execute(scoped_select(principal, Deal).with_only_columns(
        func.sum(Deal.amount), func.sum(Deal.amount * Deal.gross_margin_pct)).where(
        Deal.client_id == client.id, Deal.stage == Stage.closed_won.value,
        col(Deal.gross_margin_pct).is_not(None),
        Deal.closed_on >= start, Deal.closed_on <= end)).one()
    if not amount:
        return None
    return (Decimal(weighted) / Decimal(amount) / 100).quantize(Decimal("0.0001"))


def _ratio(part: Decimal, whole: Decimal) -> float | None:
    return round(float(part / whole), 4) if whole else None


def _owner_side(session: Session, principal: Principal, client: Client,
                as_of: date) -> OwnerSide:
    decisions = session.exec(scoped_select(principal, DecisionRequest).where(
        DecisionRequest.client_id == client.id, col(DecisionRequest.answered_at).is_(None))
        .order_by(DecisionRequest.needed_by, DecisionRequest.id)).all()
    items = session.exec(scoped_select(principal, ActionItem).where(
        ActionItem.client_id == client.id, ActionItem.assignee == Assignee.owner,
        col(ActionItem.done).is_(False))
        .order_by(ActionItem.due_on, ActionItem.id)).all()
    return OwnerSide(
        open_decisions=[OpenDecision(question=d.question, needed_by=d.needed_by,
                                     overdue=d.needed_by < as_of) for d in decisions],
        action_items=[OwnerItem(title=i.title, due_on=i.due_on,
                                overdue=i.due_on is not None and i.due_on < as_of)
                      for i in items])
