"""An engagement's return (docs/domain.md, "Cost and return": the revenue growth since its start
set against its fees). Chosen where the texts are silent:

- Revenue: deals won (closed_on, as the deals table holds them now), summed in SQL, in the
  12 calendar months before `engagement_started_on` and from it to `as_of` (or to
  `engagement_ended_on` if earlier), both days included.
- Fees: billed monthly in advance from the start day: one `monthly_fee` per month begun
  (start 5 January, as of 23 November: 11 fees), exact in Decimal.
- A comparable span: the 12 months before pro-rated by days to the span since the start
  (baseline = before x days since / days before). Growth = since - baseline; growth_pct
  compares the annualised revenue since with the 12 months before; return_on_fees =
  growth / fees.
- Without a start date (or before it), every figure is null and `reason` says why; with no
  won deal on record before the start, growth is null (no record is not no revenue).
"""

import uuid
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, case, func, literal
from sqlmodel import Session

from app.core.clock import today_of
from app.core.periods import add_months
from app.core.sql import cents, from_cents
from app.models import Client, Deal
from app.models.assessments.engagement import EngagementReturn, RevenueSpan
from app.models.enums import Stage
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import get_parent, scoped_select

CENT = Decimal("0.01")
SHORT_SPAN_DAYS = 90


def engagement_return(session: Session, principal: Principal, client_id: uuid.UUID, *,
                      as_of: date | None = None) -> EngagementReturn:
    """Revenue before and since the start, fees to date, growth and return on fees."""
    client = get_parent(session, principal, Client, client_id,
                        resource=Resource.engagement, action=Action.read)
    as_of = as_of or today_of(session, client.timezone)
    start, ended = client.engagement_started_on, client.engagement_ended_on
    empty = {"client_id": client.id, "as_of": as_of, "engagement_started_on": start,
             "engagement_ended_on": ended, "monthly_fee": client.monthly_fee}
    if start is None:
        return _without_figures(empty, "The client has no engagement_started_on: set it on "
                                       "the client to measure the engagement's return.")
    if start > as_of:
        return _without_figures(empty, f"The engagement starts on {start}, after {as_of}: "
                                       "there is nothing to measure yet.")
    end = min(as_of, ended) if ended else as_of
    before_start = add_months(start, -12)
    before, since = _revenue(session, principal, client, before_start, start, end)
    months = months_begun(start, end)
    fees = (Decimal(client.monthly_fee) * months).quantize(CENT)
    notes = []
    growth = baseline = growth_pct = ratio = None
    annualised = since.revenue_won * before.days / since.days
    if before.deals_won == 0:
        notes.append("No won deal on record in the 12 months before the start: growth can't "
                     "be measured (record the earlier deals to measure it).")
    else:
        baseline = before.revenue_won * since.days / before.days
        growth = since.revenue_won - baseline
        if before.revenue_won > 0:
            growth_pct = round(float((annualised / before.revenue_won - 1) * 100), 2)
        if fees > 0:
            ratio = round(float(growth / fees), 2)
    if since.days < SHORT_SPAN_DAYS:
        notes.append(f"Fewer than {SHORT_SPAN_DAYS} days since the start: the annualised "
                     "figures are a rough guide.")
    if fees == 0:
        notes.append("No monthly fee is set on the client: no return on fees.")
    return EngagementReturn(**empty, before=before, since=since,
                            annualised_since=_cents(annualised),
                            baseline_for_span=None if baseline is None else _cents(baseline),
                            revenue_growth=None if growth is None else _cents(growth),
                            growth_pct=growth_pct, months_billed=months, fees_to_date=fees,
                            return_on_fees=ratio, notes=notes, reason=None)


def months_begun(start: date, end: date) -> int:
    """How many monthly billing days (start, start + 1 month, ...) fall on or before `end`."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + 1 if add_months(start, months) <= end else months


def _revenue(session: Session, principal: Principal, client: Client, before_start: date,
             start: date, end: date) -> tuple[RevenueSpan, RevenueSpan]:
    """Won revenue and deals in [before_start, start) and [start, end], in one SQL query."""
    is_before = Deal.closed_on < start

    def total(condition):
        return func.coalesce(func.sum(case((condition, cents(Deal.amount)), else_=literal(0))),
                             0)

    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    stmt = (scoped_select(principal, Deal)
            .with_only_columns(total(is_before), count(is_before), total(~is_before),
                               count(~is_before))
            .where(Deal.client_id == client.id, Deal.stage == Stage.closed_won,
                   and_(Deal.closed_on >= before_start, Deal.closed_on <= end)))
    won_before, deals_before, won_since, deals_since = session.execute(stmt).one()
    last_before = start - timedelta(days=1)
    return (RevenueSpan(start=before_start, end=last_before,
                        days=(start - before_start).days, revenue_won=from_cents(won_before),
                        deals_won=int(deals_before)),
            RevenueSpan(start=start, end=end, days=(end - start).days + 1,
                        revenue_won=from_cents(won_since), deals_won=int(deals_since)))


def _cents(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _without_figures(empty: dict, reason: str) -> EngagementReturn:
    return EngagementReturn(**empty, before=None, since=None, annualised_since=None,
                            baseline_for_span=None, revenue_growth=None, growth_pct=None,
                            months_billed=None, fees_to_date=None, return_on_fees=None,
                            notes=[], reason=reason)
