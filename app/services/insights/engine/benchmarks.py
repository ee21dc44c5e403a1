"""How a client compares with the practice: the median of every client's win rate, sales
cycle and average won deal, with no client named (an owner may see the medians, never
another company). The one deliberate aggregate across tenants: it returns only medians."""

from datetime import date, timedelta
from statistics import median

from sqlalchemy import and_, case, func, select
from sqlmodel import Session

from app.core.sql import days_from_creation, dialect_of
from app.models import Deal
from app.models.enums import Stage
from app.models.insights.kpis import PracticeBenchmarks

WINDOW_DAYS = 90
MIN_CLIENTS = 3


def practice_medians_unscoped(session: Session, *, as_of: date) -> PracticeBenchmarks:
    """Medians across all clients of the practice over the 90 days up to `as_of`."""
    start = as_of - timedelta(days=WINDOW_DAYS)
    days = days_from_creation(Deal.created_at, Deal.closed_on, dialect_of(session))
    won = Deal.stage == Stage.closed_won
    stmt = (select(Deal.client_id,
                   func.sum(case((won, 1), else_=0)),
                   func.count(),
                   func.avg(case((won, Deal.amount))),
                   func.avg(case((won, days))))
            .where(Deal.stage.in_([Stage.closed_won, Stage.closed_lost]),
                   and_(Deal.closed_on > start, Deal.closed_on <= as_of),
                   Deal.archived_at.is_(None))
            .group_by(Deal.client_id))
    rows = session.execute(stmt).all()
    win_rates = [float(w) / n for _, w, n, _, _ in rows if n]
    sizes = [float(a) for *_, a, _ in rows if a is not None]
    cycles = [float(c) for *_, c in rows if c is not None]
    enough = len(rows) >= MIN_CLIENTS

    def mid(values: list[float]) -> float | None:
        return round(median(values), 4) if enough and values else None

    return PracticeBenchmarks(clients=len(rows), window_days=WINDOW_DAYS,
                              median_win_rate=mid(win_rates),
                              median_average_won_deal=mid(sizes),
                              median_cycle_days=mid(cycles))
