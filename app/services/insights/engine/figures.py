"""The SQL behind the dashboards: sums, counts and medians per client and rep over the deals as
they stood at each client's `as_of` (deal_state), and activity per rep and ISO week. Each is
one grouped statement whatever the number of clients (see kpi_windows)."""

import uuid
from datetime import timedelta
from typing import NamedTuple

from sqlalchemy import CTE, and_, case, func, literal, or_, select
from sqlalchemy.sql import FromClause
from sqlmodel import Session

from app.core.clock import now_of
from app.core.sql import cents, days_from_creation, dialect_of, from_cents, weeks_since
from app.models import Activity
from app.models.enums import OPEN_STAGES, ActivityKind, ForecastCategory, Stage
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.engine.deal_state import deal_states
from app.services.insights.engine.windows import FORECAST_DAYS, Window, of_its_client

Key = tuple[uuid.UUID, str | None]
# The figures of deal_figures that are counts or percentages; every other one is money.
COUNTS = frozenset({"won", "lost", "proposals", "proposals_won", "margin_sum", "margin_weight",
                    "margins"})


class WeekSums(NamedTuple):
    calls_meetings: float
    proposals: float
    prospecting_hours: float


NO_ACTIVITY = WeekSums(0.0, 0.0, 0.0)  # (client id, rep id as text; None for the whole client)


def deal_figures(session: Session, principal: Principal, windows: list[Window],
                 table: FromClause) -> dict[Key, dict]:
    """One row of sums and counts per client and rep (`table`: windows_table(windows))."""
    stmt, money = _figures(session, principal, windows, table)
    return {(row.client_id, str(row.rep_id)): _row(row, money) for row in session.execute(stmt)}


def figures_and_cycles(session: Session, principal: Principal, windows: list[Window],
                       table: FromClause) -> tuple[dict[Key, dict], dict[Key, tuple[float, int]]]:
    """deal_figures and the median days from creation to a win in the rate window, per
    client and rep and per client (rep None) with the number of wins each rests on, in one
    statement: each figures row carries its rep's median and its client's (every rep with a
    win in the rate window has a figures row)."""
    stmt, money = _figures(session, principal, windows, table)
    figures = stmt.subquery("figures")
    won = _wins(session, principal, windows, table)  # one CTE, read by both medians
    per_rep, per_client = (_medians(won, per_rep=flag) for flag in (True, False))
    f = figures.c
    joined = (select(figures, per_rep.c.median.label("rep_median"),
                     per_rep.c.total.label("rep_wins"),
                     per_client.c.median.label("client_median"),
                     per_client.c.total.label("client_wins"))
              .outerjoin(per_rep, and_(per_rep.c.client_id == f.client_id,
                                       per_rep.c.rep_id == f.rep_id))
              .outerjoin(per_client, per_client.c.client_id == f.client_id))
    rows: dict[Key, dict] = {}
    cycles: dict[Key, tuple[float, int]] = {}
    for row in session.execute(joined):
        rows[row.client_id, str(row.rep_id)] = _row(row, money)
        if row.rep_median is not None:
            cycles[row.client_id, str(row.rep_id)] = (float(row.rep_median), int(row.rep_wins))
        if row.client_median is not None:
            cycles[row.client_id, None] = (float(row.client_median), int(row.client_wins))
    return rows, cycles


def _row(row, money: list[str]) -> dict:
    return row._asdict() | {name: from_cents(getattr(row, name)) for name in money}


def _figures(session: Session, principal: Principal, windows: list[Window],
             table: FromClause):
    """The grouped statement of deal_figures, and the names of its money columns."""
    state = deal_states(principal, windows, table, dialect=dialect_of(session),
                        now=now_of(session))
    s, w = state.c, table.c
    is_open = s.stage.in_([stage.value for stage in OPEN_STAGES])
    won = s.stage == Stage.closed_won.value
    lost = s.stage == Stage.closed_lost.value
    in_rate_window = and_(s.closed_on > w.rate_start, s.closed_on <= w.as_of)
    proposed = and_(s.proposal_sent_on > w.rate_start, s.proposal_sent_on <= w.as_of)
    chance = case(*[(s.stage == stage.value, w[f"chance_{stage.value}"]) for stage in OPEN_STAGES],
                  else_=literal(0))
    weighted = s.amount * chance
    # Commit and best-case deals long past their close count in no roll-up (deal_overdue).
    rolled_up = s.forecast_category.in_([ForecastCategory.commit.value,
                                         ForecastCategory.best_case.value])
    current = or_(~rolled_up, s.expected_close_on.is_(None),
                  s.expected_close_on >= w.overdue_before)
    won_in_period = and_(won, s.closed_on >= w.period_start, s.closed_on <= w.as_of)
    # The forecast's deals: open, due by the period's end and not overdue, not omitted.
    overdue = and_(is_open, s.expected_close_on < w.overdue_before)
    due = and_(is_open, s.expected_close_on <= w.period_end,
               s.expected_close_on >= w.overdue_before,
               s.forecast_category != ForecastCategory.omitted.value)

    def total(condition, value=s.amount):  # in whole cents: exact on both databases
        return func.coalesce(func.sum(case((condition, cents(value)), else_=literal(0))), 0)

    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    columns = [
        total(won_in_period).label("revenue_won"),
        total(is_open).label("open_pipeline"),
        total(and_(is_open, s.expected_close_on <= w.near_term_end, current)).label("near_term"),
        count(and_(won, in_rate_window)).label("won"),
        count(and_(lost, in_rate_window)).label("lost"),
        total(and_(won, in_rate_window)).label("won_amount"),
        count(and_(proposed, or_(won, lost))).label("proposals"),  # decided ones only
        count(and_(proposed, won)).label("proposals_won"),
        # The margin of what was won this period, weighted by revenue.
        func.sum(case((and_(won_in_period, s.gross_margin_pct.is_not(None)),
                       cents(s.amount) * s.gross_margin_pct))).label("margin_sum"),
        func.sum(case((and_(won_in_period, s.gross_margin_pct.is_not(None)),
                       cents(s.amount)))).label("margin_weight"),
        count(and_(won_in_period, s.gross_margin_pct.is_not(None))).label("margins"),
        total(and_(due, s.forecast_category == ForecastCategory.commit.value))
        .label("due_commit"),
        total(and_(due, s.forecast_category == ForecastCategory.best_case.value))
        .label("due_best_case"),
        total(and_(due, s.forecast_category == ForecastCategory.pipeline.value))
        .label("due_pipeline"),
        total(overdue).label("overdue"),
    ]
    columns += [total(and_(due, s.stage == stage.value)).label(f"due_{stage.value}")
                for stage in OPEN_STAGES]
    for days in FORECAST_DAYS:
        closing = and_(is_open, s.expected_close_on <= w[f"forecast_end_{days}"])
        columns += [
            total(closing, weighted).label(f"weighted_{days}"),
            total(and_(closing, current,
                       s.forecast_category == ForecastCategory.commit.value))
            .label(f"commit_{days}"),
            total(and_(closing, current, rolled_up)).label(f"best_case_{days}"),
        ]
    stmt = (select(s.client_id, s.rep_id, *columns)
            .join(table, of_its_client(table, s.client_id, dialect_of(session)))
            .group_by(s.client_id, s.rep_id))
    return stmt, [c.name for c in columns if c.name not in COUNTS]


def _wins(session: Session, principal: Principal, windows: list[Window],
          table: FromClause) -> CTE:
    """The wins in each client's rate window (client_id, rep_id, days from creation)."""
    state = deal_states(principal, windows, table, dialect=dialect_of(session),
                        now=now_of(session), won_lately=True)
    s, w = state.c, table.c
    days = days_from_creation(s.created_at, s.closed_on, dialect_of(session))
    return (select(s.client_id, s.rep_id, days.label("days"))
            .join(table, of_its_client(table, s.client_id, dialect_of(session)))
            .where(s.stage == Stage.closed_won.value, s.closed_on > w.rate_start,
                   s.closed_on <= w.as_of)
            .cte("won"))


def _medians(won: CTE, *, per_rep: bool):
    """A subquery of the median days from creation to a win (median), with the number of
    wins (total), per client and rep (rep_id null unless `per_rep`)."""
    partition = (won.c.client_id, won.c.rep_id) if per_rep else (won.c.client_id,)
    rep = won.c.rep_id if per_rep else literal(None, won.c.rep_id.type)
    ranked = select(
        won.c.client_id, rep.label("rep_id"), won.c.days,
        func.row_number().over(partition_by=partition, order_by=won.c.days).label("n"),
        func.count().over(partition_by=partition).label("total")).subquery()
    r = ranked.c
    return (select(r.client_id, r.rep_id, func.avg(r.days).label("median"),
                   func.max(r.total).label("total"))
            .where(r.n.in_([(r.total + 1) / 2, (r.total + 2) / 2]))
            .group_by(r.client_id, r.rep_id)
            .subquery("per_rep" if per_rep else "per_client"))


def activity_sums(session: Session, principal: Principal, windows: list[Window],
                  table: FromClause) -> dict[Key, dict[int, WeekSums]]:
    """Activity per client, rep and week (0 = each window's oldest Monday)."""
    w = table.c
    week = weeks_since(Activity.occurred_on, w.first_monday, dialect_of(session))

    def total(*kinds: ActivityKind):
        return func.sum(case((Activity.kind.in_([k.value for k in kinds]), Activity.quantity),
                             else_=0))

    stmt = (scoped_select(principal, Activity)
            .with_only_columns(Activity.client_id, Activity.rep_id, week.label("week"),
                               total(ActivityKind.call, ActivityKind.meeting),
                               total(ActivityKind.proposal), total(ActivityKind.prospecting))
            .join(table, w.client_id == Activity.client_id)
            .where(Activity.client_id.in_([x.client.id for x in windows]),
                   Activity.occurred_on >= min(x.mondays[0] for x in windows),
                   Activity.occurred_on < max(x.mondays[-1] for x in windows) + timedelta(7),
                   Activity.occurred_on >= w.first_monday, Activity.occurred_on < w.weeks_end)
            .group_by(Activity.client_id, Activity.rep_id, week))
    sums: dict[Key, dict[int, WeekSums]] = {}
    for client_id, rep_id, index, calls, proposals, hours in session.execute(stmt):
        sums.setdefault((client_id, str(rep_id)), {})[int(index)] = WeekSums(
            float(calls or 0), float(proposals or 0), float(hours or 0))
    return sums
