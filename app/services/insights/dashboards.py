"""The leading indicators of a client and its reps (docs/domain.md, "Leading indicators"),
computed in SQL over the deals as they stood at `as_of` (see deal_state) and the activity log.

1. Activity per rep per ISO week against the client's weekly targets.
2. Top of funnel: open pipeline against the period target (floor 3x).
3. Mid funnel: pipeline expected to close within 30 days (monthly) or 60 (quarterly) (floor 2x).
4. Revenue closed in the period, win rate and proposal-to-won conversion, and the pace forecast.
"""

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import aliased
from sqlalchemy.sql import FromClause
from sqlmodel import Session

from app.core.clock import today_of
from app.core.periods import iso_week, near_term_days
from app.core.sql import dialect_of
from app.models import Client, Rep
from app.models.enums import MeasurementPeriod
from app.models.insights.forecast import ForecastMethod, Headline
from app.models.insights.kpis import (
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
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, rows_scoped, scoped_select
from app.services.insights.engine.benchmarks import practice_medians_unscoped
from app.services.insights.engine.figures import (
    NO_ACTIVITY,
    WeekSums,
    activity_sums,
    deal_figures,
    figures_and_cycles,
)
from app.services.insights.engine.windows import (
    FORECAST_DAYS,
    RATE_WINDOW_DAYS,
    Window,
    window_for,
    windows_table,
)
from app.services.insights.forecast.call_reads import latest_calls
from app.services.insights.forecast.chances import Chances, chances_of, configured
from app.services.insights.forecast.choice import chosen_methods
from app.services.insights.forecast.methods import (
    DEFAULT_CHOICE,
    Choice,
    add_up,
    headline_of,
    methods_of,
)
from app.services.practice.in_force import InForce, in_force_unscoped, week_targets

CENT = Decimal("0.01")


def client_kpis(session: Session, principal: Principal, client_id: uuid.UUID, *,
                as_of: date | None = None) -> ClientKpis:
    """The client's dashboard for the period that contains `as_of` (default: today in the
    client's time zone), with one row per rep."""
    rep = aliased(Rep, scoped_select(principal, Rep).subquery("reps"))
    rows = rows_scoped(session, principal, scoped_select(principal, Client).add_columns(rep)
                       .outerjoin(rep, rep.client_id == Client.id)
                       .where(Client.id == client_id).order_by(rep.full_name), client_id,
                       resource=Resource.client_kpis, action=Action.read)
    client = rows[0][0]
    window = window_for(client, as_of or today_of(session, client.timezone))
    board = dashboards(session, principal, [window],
                       reps={client.id: [r for _, r in rows if r is not None]})[client.id]
    return board.model_copy(update={
        "practice": practice_medians_unscoped(session, as_of=window.as_of)})


def dashboards(session: Session, principal: Principal, windows: list[Window],
               table: FromClause | None = None, *, keep_rep: uuid.UUID | None = None,
               with_cycles: bool = True,
               reps: dict[uuid.UUID, list[Rep]] | None = None) -> dict[uuid.UUID, ClientKpis]:
    """The dashboards of clients the caller already fetched through its scope (alarms and
    the portfolio build on them), in one set of grouped queries; a rep's view holds only
    their own deals and activity. `table` is windows_table(windows) when the caller has it;
    without cycles the median sales cycle is left empty (no alarm reads it). `reps`: each
    client's reps in scope, by name, when the caller read them with the client."""
    if not windows:
        return {}
    table = (windows_table(windows, dialect_of(session)) if table is None
             else table)
    rows, cycles = (figures_and_cycles(session, principal, windows, table) if with_cycles
                    else (deal_figures(session, principal, windows, table), {}))
    activity = activity_sums(session, principal, windows, table)
    choices = chosen_methods(session, principal, windows)
    outlook = Outlook(_chances(session, principal, windows, choices), choices,
                      latest_calls(session, principal, windows))
    if reps is None:
        reps = {}
        for rep in session.exec(scoped_select(principal, Rep)
                                .where(Rep.client_id.in_([w.client.id for w in windows]))
                                .order_by(Rep.full_name)):
            reps.setdefault(rep.client_id, []).append(rep)
    held = in_force_unscoped(session, [w.client.id for w in windows])
    return {w.client.id: _dashboard(w, rows, cycles, activity, reps.get(w.client.id, []),
                                    outlook, held, keep_rep=keep_rep)
            for w in windows}


def _chances(session: Session, principal: Principal, windows: list[Window],
             choices: dict[uuid.UUID, Choice]) -> dict[uuid.UUID, Chances]:
    """The stage chances of each client; its own conversion is learned (a grouped read of
    a year of history) only where its headline goes by it, as nothing else here shows it."""
    learning = [w for w in windows
                if choices.get(w.client.id, DEFAULT_CHOICE).method is ForecastMethod.conversion]
    learned = (chances_of(session, principal, learning,
                          windows_table(learning, dialect_of(session))) if learning else {})
    return {w.client.id: learned.get(w.client.id) or Chances(
        configured(w.client), configured(w.client), {}) for w in windows}


@dataclass(frozen=True)
class Outlook:
    """What the forecasts of the dashboards go by, per client: the stage chances, the
    headline's method and the calls in hand."""

    chances: dict[uuid.UUID, Chances]
    choices: dict[uuid.UUID, Choice]
    calls: dict[uuid.UUID, dict]


def rep_kpis(session: Session, principal: Principal, rep_id: uuid.UUID, *,
             as_of: date | None = None) -> RepDashboard:
    """One rep's figures and activity (a rep: only their own)."""
    rep = get_scoped(session, principal, Rep, rep_id, resource=Resource.rep_kpis,
                     action=Action.read)
    client = session.get(Client, rep.client_id)
    window = window_for(client, as_of or today_of(session, client.timezone))
    dashboard = dashboards(session, principal, [window], keep_rep=rep.id)[client.id]
    row = next(r for r in dashboard.reps if r.rep_id == rep.id)
    return RepDashboard(client_id=rep.client_id, as_of=dashboard.as_of,
                        period_start=dashboard.period_start, period_end=dashboard.period_end,
                        **row.model_dump())


def _dashboard(w: Window, rows: dict, cycles: dict, activity: dict, reps: list[Rep],
               outlook: Outlook, held: InForce, *, keep_rep: uuid.UUID | None) -> ClientKpis:
    client, period = w.client, w.period
    days_left = (period.end - w.as_of).days
    chances, choice = outlook.chances[client.id], outlook.choices.get(client.id, DEFAULT_CHOICE)
    calls = outlook.calls.get(client.id, {})
    rep_rows, rep_methods = [], []
    for rep in reps:
        key = (client.id, str(rep.id))
        figures = rows.get(key)
        if figures is None and rep.archived_at is not None and rep.id != keep_rep:
            continue  # a rep who left and no longer carries any deal
        weeks = activity.get(key)
        call = calls.get(str(rep.id))
        methods = methods_of(figures or {}, chances, days_left=days_left,
                             call=call.commit if call else None, manager_call=None)
        rep_methods.append(methods)
        rep_rows.append(RepKpis(
            rep_id=rep.id, full_name=rep.full_name,
            activity=[_week(client, rep, m, (weeks or {}).get(i, NO_ACTIVITY))
                      for i, m in enumerate(w.mondays)],
            **_figures(client, figures or {}, cycles.get(key), held.quota(rep, period),
                       headline_of(methods, choice))))
    manager = calls.get("client")
    methods = add_up(rep_methods, manager_call=manager.commit if manager else None)
    kind = MeasurementPeriod(client.measurement_period)
    return ClientKpis(
        client_id=client.id, as_of=w.as_of, measurement_period=kind.value,
        period_start=period.start, period_end=period.end,
        pipeline_coverage_floor=float(client.pipeline_coverage_floor),
        near_term_window_days=near_term_days(kind),
        near_term_coverage_floor=float(client.near_term_coverage_floor),
        rate_window_days=RATE_WINDOW_DAYS, reps=rep_rows, practice=None,
        **_figures(client, _sum_rows(v for (c, _), v in rows.items() if c == client.id),
                   cycles.get((client.id, None)),
                   held.target(client, period, reps), headline_of(methods, choice)))


def _week(client: Client, rep: Rep, monday: date, sums: WeekSums) -> ActivityWeek:
    """A rep's week against the targets that held for them then (their role's, ramped)."""
    calls, proposals, hours = sums
    targets = {kind: t.target for kind, t in week_targets(client, rep, monday).items()}
    actual = {"calls_meetings": calls, "proposals": proposals, "prospecting_hours": hours}
    return ActivityWeek(week=iso_week(monday), starts_on=monday, calls_meetings=calls,
                        proposals=proposals, prospecting_hours=hours,
                        below_target=[k for k, t in targets.items() if actual[k] < t],
                        targets=targets)


def _sum_rows(rows) -> dict:
    total: dict = {}
    for row in rows:
        for key, value in row.items():
            if key not in ("client_id", "rep_id") and value is not None:
                total[key] = total.get(key, 0) + Decimal(str(value))
    return total


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def _ratio(numerator, denominator) -> float | None:
    return round(float(Decimal(str(numerator or 0)) / denominator), 4) if denominator else None


def _figures(client: Client, row: dict, cycle: tuple[float | None, int] | None,
             target: Decimal, headline: Headline) -> dict:
    won, lost = int(row.get("won") or 0), int(row.get("lost") or 0)
    proposals = int(row.get("proposals") or 0)
    margins = int(row.get("margins") or 0)
    win_rate = Rate(value=_ratio(won, won + lost), deals=won + lost,
                    insufficient_data=won + lost < client.min_deals_for_rates)
    weight = Decimal(str(row.get("margin_weight") or 0))
    average_margin = _ratio(row.get("margin_sum"), weight)
    floor = float(client.min_gross_margin_pct)
    daily = _money(row.get("won_amount")) / RATE_WINDOW_DAYS
    windows = []
    for days in FORECAST_DAYS:
        pace = _money(daily * days)
        weighted = _money(row.get(f"weighted_{days}"))
        windows.append(ForecastWindow(
            days=days,
            expected=pace if headline.method is ForecastMethod.run_rate else weighted,
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
        "forecast": Forecast(method=headline.method, windows=windows,
                             period_end=headline.value),
    }
