"""The demo's won deals of the year before each engagement started (CLI only: writes without
scoping), so that the engagement's return has a baseline. Sized at seeding so that the
annualised revenue since the start is the case studies' growth over it (docs/domain.md, "Cost and
return": Acme grew 40% in a year, from $20M to $28M; Intelligence IT grew 50%)."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from app.core.periods import add_months
from app.demo.pipeline import ACCOUNTS
from app.models import Client, Deal, DealChange, Rep
from app.models.enums import DealKind, ForecastCategory, Stage

GROWTH = {"acme": Decimal("0.40"), "intelligence": Decimal("0.50")}
DEALS_PER_REP = 2
CENT = Decimal("0.01")
NAME = "Prior-year order"


def seed_prior_year_unscoped(session: Session, client: Client, reps: list[Rep], *, slug: str,
                             changed_by: uuid.UUID, today: date) -> int:
    """Won deals spread evenly over the 12 months before the start, unless seeded before."""
    start = client.engagement_started_on
    if start is None or start > today or not reps:
        return 0
    year_before = add_months(start, -12)
    since = _won(session, client, start, today)
    before = _won(session, client, year_before, start - timedelta(days=1))
    annualised = since * (start - year_before).days / ((today - start).days + 1)
    needed = (annualised / (1 + GROWTH[slug]) - before).quantize(CENT)
    count = DEALS_PER_REP * len(reps)
    if needed <= 0 or _has_prior_deals(session, client):
        return 0
    share = (needed / count).quantize(Decimal("500"))
    amounts = [share] * (count - 1) + [needed - share * (count - 1)]
    step = (start - year_before).days / count
    for n, amount in enumerate(amounts):
        closed = year_before + timedelta(days=int(step * (n + 0.5)))
        _won_deal(session, client, reps[n % len(reps)], amount, closed, n, changed_by)
    session.flush()
    return count


def _won(session: Session, client: Client, first: date, last: date) -> Decimal:
    total = session.exec(select(func.coalesce(func.sum(Deal.amount), 0)).where(
        Deal.client_id == client.id, Deal.stage == Stage.closed_won,
        Deal.closed_on >= first, Deal.closed_on <= last)).one()
    return Decimal(str(total)).quantize(CENT)


def _has_prior_deals(session: Session, client: Client) -> bool:
    return session.exec(select(Deal.id).where(
        Deal.client_id == client.id, Deal.name.startswith(NAME))).first() is not None


def _won_deal(session: Session, client: Client, rep: Rep, amount: Decimal, closed: date,
              n: int, changed_by: uuid.UUID) -> None:
    created = closed - timedelta(days=45)
    deal = Deal(client_id=client.id, rep_id=rep.id, name=f"{NAME} {n + 1}",
                account_name=ACCOUNTS[n % len(ACCOUNTS)], amount=amount,
                gross_margin_pct=Decimal(32), kind=DealKind.new_business,
                stage=Stage.closed_won, forecast_category=ForecastCategory.closed,
                expected_close_on=closed, proposal_sent_on=created + timedelta(days=20),
                closed_on=closed, created_at=_at(created), updated_at=_at(closed))
    session.add(deal)
    session.flush()
    history = [(created, "stage", None, "prospecting"), (created, "amount", None, f"{amount:.2f}"),
               (created, "rep_id", None, str(rep.id)),
               (created, "expected_close_on", None, closed.isoformat()),
               (created, "forecast_category", None, "pipeline"),
               (created + timedelta(days=20), "stage", "prospecting", "proposal"),
               (closed, "stage", "proposal", "closed_won"),
               (closed, "forecast_category", "pipeline", "closed")]
    for day, field, old, new in history:
        session.add(DealChange(deal_id=deal.id, client_id=client.id, field=field, old=old,
                               new=new, changed_by=changed_by, changed_at=_at(day)))


def _at(day: date) -> datetime:
    return datetime.combine(day, time(15), tzinfo=UTC)
