"""The funnel of a cohort (the deals opened between two days), as they stand now: how many
that reached each phase went on to the next (and from negotiation to a win), the median
days spent in each phase, the time to quote, the loss reasons, and the win rate and average
won deal by kind and by lead source. Grouped statements; medians by window functions."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from app.core.clock import today_of
from app.core.periods import end_of_day_utc
from app.core.sql import cents, days_between, days_from_creation, dialect_of, from_cents
from app.errors import invalid_field
from app.models import Client, Deal, DealChange
from app.models.enums import OPEN_STAGES, Stage
from app.models.insights.hygiene import Funnel, LossReason, Segment, StageStep, StageTime
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import get_parent, scoped_select

RANK = {stage.value: n for n, stage in enumerate(OPEN_STAGES, start=1)}
DEFAULT_DAYS = 180


def funnel(session: Session, principal: Principal, client_id: uuid.UUID, *,
           start: date | None, end: date | None) -> Funnel:
    """GET /clients/{id}/funnel?from=&to= (managers and owners)."""
    client = get_parent(session, principal, Client, client_id, resource=Resource.client_kpis,
                        action=Action.read)
    end = end or today_of(session, client.timezone)
    start = start or end - timedelta(days=DEFAULT_DAYS)
    if start > end:
        raise invalid_field("from", "from must not be after to.", location="query")
    opened_from = end_of_day_utc(start - timedelta(days=1), client.timezone)
    opened_to = end_of_day_utc(end, client.timezone)
    cohort = (scoped_select(principal, Deal).where(
        Deal.client_id == client.id, Deal.created_at > opened_from,
        Deal.created_at <= opened_to))
    dialect = dialect_of(session)
    deals = cohort.subquery("cohort")
    return Funnel(client_id=client.id, **{"from": start}, to=end,
                  deals=session.execute(select(func.count()).select_from(deals)).scalar_one(),
                  steps=_steps(session, principal, deals),
                  days_in_stage=_days_in_stage(session, principal, deals, dialect),
                  time_to_quote=_time_to_quote(session, deals, dialect),
                  loss_reasons=_losses(session, deals),
                  by_kind=_segments(session, deals, deals.c.kind),
                  by_source=_segments(session, deals, func.coalesce(deals.c.source, "unknown")))


def _steps(session: Session, principal: Principal, deals) -> list[StageStep]:
    rank = case(*[(DealChange.new == s, n) for s, n in RANK.items()], else_=0)
    reach = (scoped_select(principal, DealChange)
             .with_only_columns(DealChange.deal_id, func.max(rank).label("reach"))
             .where(DealChange.field == "stage", DealChange.deal_id.in_(select(deals.c.id)))
             .group_by(DealChange.deal_id).subquery("reach"))
    won = deals.c.stage == Stage.closed_won.value
    # A won deal passed every phase; another reached the furthest its history shows.
    furthest = case((won, len(RANK) + 1), else_=func.coalesce(reach.c.reach, 0))
    counts = dict(session.execute(
        select(furthest, func.count()).select_from(deals)
        .outerjoin(reach, reach.c.deal_id == deals.c.id).group_by(furthest)).all())
    at_least = {n: sum(c for r, c in counts.items() if r >= n) for n in range(1, len(RANK) + 2)}
    names = [*RANK, Stage.closed_won.value]
    return [StageStep(from_stage=names[n - 1], to_stage=names[n], reached=at_least[n],
                      advanced=at_least[n + 1],
                      rate=round(at_least[n + 1] / at_least[n], 4) if at_least[n] else None)
            for n in range(1, len(RANK) + 1)]


def _median(session: Session, key: ColumnElement, days: ColumnElement, source) -> dict:
    """{key: (median, count)} over the rows of `source`, by window functions."""
    ranked = select(key.label("key"), days.label("days"),
                    func.row_number().over(partition_by=key, order_by=days).label("n"),
                    func.count().over(partition_by=key).label("total")).select_from(
        source).subquery()
    r = ranked.c
    return {k: (float(m), int(t)) for k, m, t in session.execute(
        select(r.key, func.avg(r.days), func.max(r.total))
        .where(r.n.in_([(r.total + 1) / 2, (r.total + 2) / 2])).group_by(r.key))}


def _days_in_stage(session: Session, principal: Principal, deals, dialect: str
                   ) -> list[StageTime]:
    order = (DealChange.changed_at, DealChange.id)
    moves = (scoped_select(principal, DealChange)
             .with_only_columns(DealChange.new.label("stage"), DealChange.changed_at,
                                func.lead(DealChange.changed_at).over(
                                    partition_by=DealChange.deal_id, order_by=order)
                                .label("left_at"))
             .where(DealChange.field == "stage", DealChange.deal_id.in_(select(deals.c.id)))
             .subquery("moves"))
    stays = (select(moves.c.stage, days_between(moves.c.changed_at, moves.c.left_at, dialect)
                    .label("days"))
             .where(moves.c.left_at.is_not(None), moves.c.stage.in_(list(RANK)))
             .subquery("stays"))
    found = _median(session, stays.c.stage, stays.c.days, stays)
    return [StageTime(stage=s, median_days=round(found[s][0], 1) if s in found else None,
                      deals=found.get(s, (0, 0))[1]) for s in RANK]


def _time_to_quote(session: Session, deals, dialect: str) -> StageTime:
    quoted = (select(deals.c.id, days_from_creation(deals.c.created_at,
                                                    deals.c.proposal_sent_on, dialect)
                     .label("days"))
              .where(deals.c.proposal_sent_on.is_not(None)).subquery("quoted"))
    found = _median(session, func.coalesce(None, "quote"), quoted.c.days, quoted)
    median, total = found.get("quote", (None, 0))
    return StageTime(stage="quote", median_days=None if median is None else round(median, 1),
                     deals=total)


def _losses(session: Session, deals) -> list[LossReason]:
    rows = session.execute(
        select(deals.c.lost_reason, func.count(), func.sum(cents(deals.c.amount)))
        .where(deals.c.stage == Stage.closed_lost.value).group_by(deals.c.lost_reason)).all()
    out = [LossReason(reason=r or "other", deals=int(n), amount=from_cents(a))
           for r, n, a in rows]
    return sorted(out, key=lambda x: (-x.deals, -x.amount, x.reason))


def _segments(session: Session, deals, key: ColumnElement) -> list[Segment]:
    won = deals.c.stage == Stage.closed_won.value
    lost = deals.c.stage == Stage.closed_lost.value
    rows = session.execute(
        select(key, func.sum(case((won, 1), else_=0)), func.sum(case((lost, 1), else_=0)),
               func.sum(case((won, cents(deals.c.amount)), else_=0)))
        .group_by(key)).all()
    out = []
    for name, w, lo, amount in rows:
        w, lo = int(w or 0), int(lo or 0)
        out.append(Segment(key=str(name), won=w, lost=lo,
                           win_rate=round(w / (w + lo), 4) if w + lo else None,
                           average_won=(from_cents(amount) / w).quantize(Decimal("0.01"))
                           if w else None))
    return sorted(out, key=lambda s: s.key)
