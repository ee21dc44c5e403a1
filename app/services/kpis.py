"""The leading indicators of a client and its reps (DOMAIN.md, "Leading indicators"),
computed in SQL over the deals as they stood at `as_of` (see deal_state) and the activity log.

1. Activity per rep per ISO week against the client's weekly targets.
2. Top of funnel: open pipeline against the period target (floor 3x).
3. Mid funnel: pipeline expected to close within 30 days (monthly) or 60 (quarterly) (floor 2x).
4. Revenue closed in the period, win rate and proposal-to-won conversion, and the pace forecast.
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Date, and_, case, cast, func, literal, select
from sqlmodel import Session

from app.models import Activity, Client, Deal, Rep
from app.models.enums import OPEN_STAGES, ActivityKind, ForecastCategory, MeasurementPeriod, Stage
from app.models.kpis import (
    ZERO,
    ActivityWeek,
    Amount,
    ClientKpis,
    Days,
    Forecast,
    ForecastWindow,
    Margin,
    Rate,
    RepDashboard,
    RepKpis,
)
from app.services.access import Action, Principal, Resource, get_scoped, scoped_select
from app.services.clock import client_today
from app.services.deal_state import deal_state_at
from app.services.periods import (
    end_of_day_utc,
    full_weeks_before,
    iso_week,
    near_term_days,
    period_containing,
)
from app.services.practice_benchmarks import practice_medians_unscoped

RATE_WINDOW_DAYS = 90
FORECAST_DAYS = (30, 60, 90)
ACTIVITY_WEEKS = 4
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Window:
    as_of: date
    period_start: date
    period_end: date
    near_term_end: date
    rate_start: date  # exclusive


def client_kpis(session: Session, principal: Principal, client_id: uuid.UUID, *,
                as_of: date | None = None) -> ClientKpis:
    """The client's dashboard for the period that contains `as_of` (default: today in the
    client's time zone), with one row per rep."""
    client = get_scoped(session, principal, Client, client_id, resource=Resource.client_kpis,
                        action=Action.read)
    return _dashboard(session, principal, client, as_of)


def build_dashboard(session: Session, principal: Principal, client: Client, *,
                           as_of: date | None = None) -> ClientKpis:
    """The dashboard of a client the caller already fetched through its scope (alarms and
    the portfolio build on it); a rep's view holds only their own deals and activity."""
    return _dashboard(session, principal, client, as_of, with_practice=False)


def rep_kpis(session: Session, principal: Principal, rep_id: uuid.UUID, *,
             as_of: date | None = None) -> RepDashboard:
    """One rep's figures and activity (a rep: only their own)."""
    rep = get_scoped(session, principal, Rep, rep_id, resource=Resource.rep_kpis,
                     action=Action.read)
    dashboard = _dashboard(session, principal, session.get(Client, rep.client_id), as_of,
                           keep_rep=rep.id, with_practice=False)
    row = next(r for r in dashboard.reps if r.rep_id == rep.id)
    return RepDashboard(client_id=rep.client_id, as_of=dashboard.as_of,
                        period_start=dashboard.period_start, period_end=dashboard.period_end,
                        **row.model_dump())


def _dashboard(session: Session, principal: Principal, client: Client,
               as_of: date | None, *, keep_rep: uuid.UUID | None = None,
               with_practice: bool = True) -> ClientKpis:
    as_of = as_of or client_today(client)
    kind = MeasurementPeriod(client.measurement_period)
    period = period_containing(as_of, kind)
    window = Window(as_of, period.start, period.end,
                    as_of + timedelta(days=near_term_days(kind)),
                    as_of - timedelta(days=RATE_WINDOW_DAYS))
    rows = _deal_figures(session, principal, client, window)
    cycles = _median_cycles(session, principal, client, window)
    activity = _activity(session, principal, client, as_of,
                         weeks=max(ACTIVITY_WEEKS, client.activity_alarm_weeks))
    reps = session.exec(scoped_select(principal, Rep).where(Rep.client_id == client.id)
                        .order_by(Rep.full_name)).all()
    quota_total = sum((Decimal(r.quota) for r in reps if r.archived_at is None), ZERO)
    rep_rows = []
    for rep in reps:
        figures = rows.get(str(rep.id))
        if figures is None and rep.archived_at is not None and rep.id != keep_rep:
            continue  # a rep who left and no longer carries any deal
        rep_rows.append(RepKpis(
            rep_id=rep.id, full_name=rep.full_name,
            activity=activity.get(str(rep.id)) or activity[""],
            **_figures(client, figures or {}, cycles.get(str(rep.id)), Decimal(rep.quota),
                       days_left=(period.end - as_of).days)))
    total = _sum_rows(rows.values())
    return ClientKpis(
        client_id=client.id, as_of=as_of, measurement_period=kind.value,
        period_start=period.start, period_end=period.end,
        pipeline_coverage_floor=float(client.pipeline_coverage_floor),
        near_term_window_days=near_term_days(kind),
        near_term_coverage_floor=float(client.near_term_coverage_floor),
        rate_window_days=RATE_WINDOW_DAYS, reps=rep_rows,
        practice=practice_medians_unscoped(session, as_of=as_of) if with_practice else None,
        **_figures(client, total, cycles.get(None),
                   Decimal(client.period_revenue_target) or quota_total,
                   days_left=(period.end - as_of).days))


def _deal_figures(session: Session, principal: Principal, client: Client,
                  w: Window) -> dict[str, dict]:
    """One row of sums and counts per rep (as the deals stood at the end of `as_of`)."""
    state = deal_state_at(principal, end_of_day_utc(w.as_of, client.timezone),
                          dialect=session.get_bind().dialect.name)
    deal = Deal.__table__.c
    is_open = state.c.stage.in_([s.value for s in OPEN_STAGES])
    won = state.c.stage == Stage.closed_won.value
    lost = state.c.stage == Stage.closed_lost.value
    in_rate_window = and_(deal.closed_on > w.rate_start, deal.closed_on <= w.as_of)
    proposed = and_(deal.proposal_sent_on > w.rate_start, deal.proposal_sent_on <= w.as_of)
    probability = case(*[(state.c.stage == stage, literal(Decimal(p) / 100))
                         for stage, p in client.stage_probabilities.items()], else_=literal(0))

    def total(condition, value=state.c.amount):
        return func.coalesce(func.sum(case((condition, value), else_=literal(0))), 0)

    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    columns = [
        total(and_(won, deal.closed_on >= w.period_start, deal.closed_on <= w.as_of))
        .label("revenue_won"),
        total(is_open).label("open_pipeline"),
        total(and_(is_open, state.c.expected_close_on <= w.near_term_end.isoformat()))
        .label("near_term"),
        count(and_(won, in_rate_window)).label("won"),
        count(and_(lost, in_rate_window)).label("lost"),
        total(and_(won, in_rate_window)).label("won_amount"),
        count(proposed).label("proposals"),
        count(and_(proposed, won)).label("proposals_won"),
        func.sum(case((and_(won, in_rate_window), deal.gross_margin_pct))).label("margin_sum"),
        count(and_(won, in_rate_window, deal.gross_margin_pct.is_not(None))).label("margins"),
    ]
    closing_in_period = and_(is_open, state.c.expected_close_on <= w.period_end.isoformat())
    columns.append(total(closing_in_period, state.c.amount * probability)
                   .label("weighted_period"))
    for days in FORECAST_DAYS:
        closing = and_(is_open, state.c.expected_close_on <=
                       (w.as_of + timedelta(days=days)).isoformat())
        columns += [
            total(closing, state.c.amount * probability).label(f"weighted_{days}"),
            total(and_(closing, state.c.forecast_category == ForecastCategory.commit.value))
            .label(f"commit_{days}"),
            total(and_(closing, state.c.forecast_category.in_(
                [ForecastCategory.commit.value, ForecastCategory.best_case.value])))
            .label(f"best_case_{days}"),
        ]
    stmt = (select(state.c.rep_id, *columns)
            .join(Deal, Deal.id == state.c.deal_id)
            .where(Deal.client_id == client.id)
            .group_by(state.c.rep_id))
    return {row.rep_id: row._asdict() for row in session.execute(stmt)}


def _median_cycles(session: Session, principal: Principal, client: Client,
                   w: Window) -> dict[str | None, tuple[float | None, int]]:
    """Median days from creation to a win in the rate window, per rep and overall (None)."""
    state = deal_state_at(principal, end_of_day_utc(w.as_of, client.timezone),
                          dialect=session.get_bind().dialect.name)
    if session.get_bind().dialect.name == "sqlite":
        days = func.julianday(Deal.closed_on) - func.julianday(func.date(Deal.created_at))
    else:
        days = Deal.closed_on - cast(Deal.created_at, Date)
    won = (select(state.c.rep_id.label("rep_id"), days.label("days"))
           .join(Deal, Deal.id == state.c.deal_id)
           .where(Deal.client_id == client.id, state.c.stage == Stage.closed_won.value,
                  Deal.closed_on > w.rate_start, Deal.closed_on <= w.as_of)
           .subquery())
    out: dict[str | None, tuple[float | None, int]] = {}
    for partition in (None, won.c.rep_id):
        over = {"partition_by": partition} if partition is not None else {}
        ranked = select(
            (won.c.rep_id if partition is not None else literal("*")).label("key"),
            won.c.days,
            func.row_number().over(order_by=won.c.days, **over).label("n"),
            func.count().over(**over).label("total")).subquery()
        middle = (select(ranked.c.key, func.avg(ranked.c.days), func.max(ranked.c.total))
                  .where(ranked.c.n.in_([(ranked.c.total + 1) / 2, (ranked.c.total + 2) / 2]))
                  .group_by(ranked.c.key))
        for key, median, total in session.execute(middle):
            out[None if partition is None else key] = (float(median), int(total))
    return out


def _activity(session: Session, principal: Principal, client: Client, as_of: date, *,
              weeks: int) -> dict[str, list[ActivityWeek]]:
    """Each rep's activity for the last complete ISO weeks, against the weekly targets."""
    mondays = full_weeks_before(as_of, weeks)
    week = case(*[(and_(Activity.occurred_on >= m, Activity.occurred_on <= m + timedelta(6)),
                    literal(m.isoformat())) for m in mondays])
    stmt = (scoped_select(principal, Activity)
            .with_only_columns(Activity.rep_id, week.label("week"), Activity.kind,
                               func.sum(Activity.quantity).label("quantity"))
            .where(Activity.client_id == client.id, Activity.occurred_on >= mondays[0],
                   Activity.occurred_on < mondays[-1] + timedelta(7))
            .group_by(Activity.rep_id, week, Activity.kind))
    sums: dict[str, dict[str, dict[str, float]]] = {}
    for rep_id, monday, kind, quantity in session.execute(stmt):
        sums.setdefault(str(rep_id), {}).setdefault(monday, {})[kind] = float(quantity)
    return {rep: [_week(client, m, sums[rep].get(m.isoformat(), {})) for m in mondays]
            for rep in sums} | {"": [_week(client, m, {}) for m in mondays]}


def _week(client: Client, monday: date, kinds: dict[str, float]) -> ActivityWeek:
    calls = kinds.get(ActivityKind.call, 0) + kinds.get(ActivityKind.meeting, 0)
    proposals = kinds.get(ActivityKind.proposal, 0)
    hours = kinds.get(ActivityKind.prospecting, 0)
    below = [name for name, actual, target in (
        ("calls_meetings", calls, client.weekly_calls_target),
        ("proposals", proposals, client.weekly_proposals_target),
        ("prospecting_hours", hours, float(client.weekly_prospecting_hours_target)))
        if actual < float(target)]
    return ActivityWeek(week=iso_week(monday), starts_on=monday, calls_meetings=calls,
                        proposals=proposals, prospecting_hours=hours, below_target=below)


def _sum_rows(rows) -> dict:
    total: dict = {}
    for row in rows:
        for key, value in row.items():
            if key != "rep_id" and value is not None:
                total[key] = total.get(key, 0) + Decimal(str(value))
    return total


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def _ratio(numerator, denominator) -> float | None:
    return round(float(Decimal(str(numerator or 0)) / denominator), 4) if denominator else None


def _figures(client: Client, row: dict, cycle: tuple[float | None, int] | None,
             target: Decimal, *, days_left: int) -> dict:
    won, lost = int(row.get("won") or 0), int(row.get("lost") or 0)
    proposals = int(row.get("proposals") or 0)
    margins = int(row.get("margins") or 0)
    win_rate = Rate(value=_ratio(won, won + lost), deals=won + lost,
                    insufficient_data=won + lost < client.min_deals_for_rates)
    average_margin = _ratio(row.get("margin_sum"), margins)
    floor = float(client.min_gross_margin_pct)
    method = "stage_probabilities" if win_rate.insufficient_data else "pace"
    daily = _money(row.get("won_amount")) / RATE_WINDOW_DAYS
    rest = (_money(row.get("weighted_period")) if method == "stage_probabilities"
            else _money(daily * days_left))
    windows = []
    for days in FORECAST_DAYS:
        pace = _money(daily * days)
        weighted = _money(row.get(f"weighted_{days}"))
        windows.append(ForecastWindow(
            days=days, expected=weighted if method == "stage_probabilities" else pace,
            pace=pace, weighted_pipeline=weighted, commit=_money(row.get(f"commit_{days}")),
            best_case=_money(row.get(f"best_case_{days}"))))
    median, cycles = cycle or (None, 0)
    return {
        "target": _money(target), "revenue_won": _money(row.get("revenue_won")),
        "attainment": _ratio(row.get("revenue_won"), target),
        "open_pipeline": _money(row.get("open_pipeline")),
        "pipeline_coverage": _ratio(row.get("open_pipeline"), target),
        "near_term_pipeline": _money(row.get("near_term")),
        "near_term_coverage": _ratio(row.get("near_term"), target),
        "win_rate": win_rate,
        "proposal_conversion": Rate(value=_ratio(row.get("proposals_won"), proposals),
                                    deals=proposals,
                                    insufficient_data=proposals < client.min_deals_for_rates),
        "average_won_deal": Amount(
            value=_money(Decimal(str(row.get("won_amount") or 0)) / won) if won else None,
            deals=won, insufficient_data=won < client.min_deals_for_rates),
        "median_cycle_days": Days(value=median, deals=cycles,
                                  insufficient_data=cycles < client.min_deals_for_rates),
        "gross_margin": Margin(average_pct=None if average_margin is None else
                               round(average_margin, 2), floor_pct=floor, deals=margins,
                               below_floor=average_margin is not None and average_margin < floor),
        "forecast": Forecast(method=method, windows=windows,
                             period_end=_money(row.get("revenue_won")) + rest),
    }
