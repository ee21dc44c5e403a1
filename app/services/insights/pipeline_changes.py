"""The waterfall of a client's open pipeline between two days, from the deals' history.

One query: each deal's state at the end of `from` and at the end of `to` (deal_state_at)
is stacked with UNION ALL and folded into one row per deal, then summed with CASEs. Money
is summed in whole cents, so SQLite's floating-point NUMERIC cannot break the identity.
"""

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import BigInteger, and_, case, cast, func, literal, not_, select, union_all
from sqlmodel import Session

from app.core.clock import now_of, today_of
from app.core.periods import end_of_day_utc
from app.errors import invalid_field
from app.models import Client, Deal
from app.models.enums import OPEN_STAGES, Stage
from app.models.insights.pipeline_changes import Movement, PipelineChanges
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped
from app.services.insights.engine.deal_state import deal_state_at

DEFAULT_DAYS = 30
MAX_DAYS = 366
BUCKETS = ("start", "new", "reopened", "amount_up", "amount_down", "won", "lost", "end",
           "pulled_in", "pushed_out")


def pipeline_changes(session: Session, principal: Principal, client_id: uuid.UUID, *,
                     date_from: date | None = None,
                     date_to: date | None = None) -> PipelineChanges:
    """How the client's open pipeline moved from the end of `date_from` to the end of
    `date_to` (default: today in the client's time zone, and 30 days before it)."""
    client = get_scoped(session, principal, Client, client_id, resource=Resource.client_kpis,
                        action=Action.read)
    date_to = date_to or today_of(session, client.timezone)
    if date_from is None:
        date_from = _shift(date_to, -DEFAULT_DAYS, "to")
    if date_from > date_to:
        raise invalid_field("from", "`from` must not be after `to`.", location="query")
    if (date_to - date_from).days > MAX_DAYS:
        raise invalid_field("to", f"The window may span at most {MAX_DAYS} days.",
                            location="query")
    start = _end_of_day(date_from, client.timezone, "from")
    end = _end_of_day(date_to, client.timezone, "to")
    row = session.execute(_waterfall(principal, client.id, start, end,
                                         now=now_of(session))).one()._asdict()
    figures = {name: Movement(count=int(row[f"{name}_count"] or 0),
                              amount=(Decimal(int(row[f"{name}_cents"] or 0)) / 100)
                              .quantize(Decimal("0.01")))
               for name in BUCKETS}
    return PipelineChanges(client_id=client.id, from_=date_from, to=date_to,
                           timezone=client.timezone, **figures)


def _waterfall(principal: Principal, client_id: uuid.UUID, start: datetime, end: datetime, *,
               now: datetime):
    """One row: a count and a sum in cents per bucket (see PipelineChanges)."""
    open_stages = [s.value for s in OPEN_STAGES]
    sides = []
    for side, at in ((0, start), (1, end)):
        state = deal_state_at(principal, at, now=now)
        sides.append(select(
            state.c.deal_id, literal(side).label("side"),
            case((state.c.stage.in_(open_stages), 1), else_=0).label("open"),
            case((state.c.stage == Stage.closed_won.value, 1), else_=0).label("won"),
            cast(func.round(func.coalesce(state.c.amount, 0) * 100), BigInteger).label("cents"),
            state.c.expected_close_on.label("close")))
    stacked = union_all(*sides).subquery("stacked")

    def at(side: int, column, else_=None):
        return func.max(case((stacked.c.side == side, column), else_=else_))

    deals = (select(stacked.c.deal_id,
                    at(0, literal(1), 0).label("existed0"), at(0, stacked.c.open, 0).label("open0"),
                    at(1, stacked.c.open, 0).label("open1"), at(1, stacked.c.won, 0).label("won1"),
                    at(0, stacked.c.cents, 0).label("cents0"),
                    at(1, stacked.c.cents, 0).label("cents1"),
                    at(0, stacked.c.close).label("close0"), at(1, stacked.c.close).label("close1"))
             .join(Deal, Deal.id == stacked.c.deal_id)
             .where(Deal.client_id == client_id)
             .group_by(stacked.c.deal_id)
             .subquery("deals"))
    d = deals.c
    open0, open1 = d.open0 == 1, d.open1 == 1
    both = and_(open0, open1)
    exited = and_(open0, not_(open1))
    entered = and_(not_(open0), open1)
    delta = d.cents1 - d.cents0
    # Every deal open at either end lands in exactly one entry or exit bucket, or in both
    # ends; a deal that existed at `from` still exists at `to` (history is append-only), so
    # an exit that is not a win is a loss.
    buckets = {
        "start": (open0, d.cents0),
        "new": (and_(entered, d.existed0 == 0), d.cents1),
        "reopened": (and_(entered, d.existed0 == 1), d.cents1),
        "amount_up": (and_(both, delta > 0), delta),
        "amount_down": (and_(both, delta < 0), -delta),
        "won": (and_(exited, d.won1 == 1), d.cents0),
        "lost": (and_(exited, d.won1 == 0), d.cents0),
        "end": (open1, d.cents1),
        "pulled_in": (and_(both, d.close1 < d.close0), d.cents1),
        "pushed_out": (and_(both, d.close1 > d.close0), d.cents1),
    }
    columns = []
    for name, (condition, cents) in buckets.items():
        columns += [func.sum(case((condition, 1), else_=0)).label(f"{name}_count"),
                    func.sum(case((condition, cents), else_=0)).label(f"{name}_cents")]
    return select(*columns).select_from(deals)


def _shift(day: date, days: int, field: str) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise invalid_field(field, "The date is out of range.", location="query") from None


def _end_of_day(day: date, timezone: str, field: str) -> datetime:
    try:
        return end_of_day_utc(day, timezone)
    except OverflowError:
        raise invalid_field(field, "The date is out of range.", location="query") from None
