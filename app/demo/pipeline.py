"""A year of demo pipeline and 13 weeks of activity (CLI only: writes without scoping).

The story it tells: Acme's pipeline is healthy but Casey's activity has dropped for the
last three weeks and Jordan logs proposals that never show up in the pipeline; Intelligence
IT is short of pipeline coverage and Taylor has been under the activity targets for weeks.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlmodel import Session, select

from app.models import Activity, Client, Deal, DealChange, Rep
from app.models.enums import ActivityKind, DealKind, ForecastCategory, LostReason, Stage

ACCOUNTS = ["Northwind Foods", "Contoso Plastics", "Globex Metals", "Initech", "Umbrella Labs",
            "Stark Fabrication", "Wayne Logistics", "Hooli", "Vandelay Imports", "Soylent Corp",
            "Tyrell Systems", "Cyberdyne", "Massive Dynamic", "Wonka Confections", "Acme Rail"]
DEAL_NAMES = ["Line", "Cell", "Plant", "Service", "Upgrade", "Rollout", "Retrofit", "Pilot"]
OPEN_PATH = [Stage.prospecting, Stage.discovery, Stage.proposal, Stage.negotiation]


@dataclass(frozen=True)
class Profile:
    deals_per_rep: int
    amount: tuple[int, int]
    margin: tuple[int, int]
    open_share: float
    weak_reps: dict[int, tuple[float, int]]  # rep number -> (activity factor, weeks)
    phantom_proposals: tuple[int, ...] = ()  # reps whose logged proposals have no deals


PROFILES = {
    "acme": Profile(deals_per_rep=30, amount=(18_000, 140_000), margin=(24, 44),
                    open_share=0.1, weak_reps={4: (0.45, 3)}, phantom_proposals=(2,)),
    "intelligence": Profile(deals_per_rep=22, amount=(20_000, 90_000), margin=(34, 58),
                            open_share=0.2, weak_reps={2: (0.55, 13)}),
}


def seed_pipeline_unscoped(session: Session, client: Client, reps: list[Rep], *,
                           slug: str, changed_by: uuid.UUID, today: date) -> dict[str, int]:
    """Deals with their history and a quarter of activity, unless the client has deals."""
    if session.exec(select(Deal.id).where(Deal.client_id == client.id)).first():
        return {"deals": 0, "activities": 0}
    profile, rng = PROFILES[slug], random.Random(slug)
    deals = 0
    to_proposal: dict[uuid.UUID, list[date]] = {}
    for rep in reps:
        for _ in range(profile.deals_per_rep):
            reached = _deal(session, rng, client, rep, profile, changed_by, today)
            if reached:
                to_proposal.setdefault(rep.id, []).append(reached)
            deals += 1
    activities = sum(_activity(session, rng, client, rep, number, profile, today,
                               to_proposal=to_proposal.get(rep.id, []))
                     for number, rep in enumerate(reps, start=1))
    session.flush()
    return {"deals": deals, "activities": activities}


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(13, 22), rng.randint(0, 59)), tzinfo=UTC)


def _deal(session: Session, rng: random.Random, client: Client, rep: Rep, profile: Profile,
          changed_by: uuid.UUID, today: date) -> date | None:
    """One deal and its history; answers the day it reached the proposal stage, if it did."""
    recent = rng.random() < profile.open_share
    created = today - timedelta(days=rng.randint(3, 75) if recent else rng.randint(60, 360))
    amount = Decimal(rng.randrange(*profile.amount, 500))
    expected = created + timedelta(days=rng.randint(40, 100))
    deal = Deal(client_id=client.id, rep_id=rep.id,
                name=f"{rng.choice(DEAL_NAMES)} {rng.randint(2, 60)}",
                account_name=rng.choice(ACCOUNTS), amount=amount,
                gross_margin_pct=Decimal(rng.randint(*profile.margin)),
                kind=rng.choice(list(DealKind)), stage=Stage.prospecting,
                forecast_category=ForecastCategory.pipeline, expected_close_on=expected,
                created_at=_at(created, rng), updated_at=_at(created, rng))
    session.add(deal)
    session.flush()
    history = [(created, field, None, value) for field, value in (
        ("stage", "prospecting"), ("amount", f"{amount:.2f}"), ("rep_id", str(rep.id)),
        ("expected_close_on", expected.isoformat()), ("forecast_category", "pipeline"))]
    day = created
    for stage in OPEN_PATH[1:]:
        day += timedelta(days=rng.randint(6, 24))
        if day >= today or rng.random() < 0.2:
            break
        history.append((day, "stage", deal.stage, stage.value))
        deal.stage = stage
        if stage is Stage.proposal:
            deal.proposal_sent_on = day
        category = {Stage.proposal: "best_case", Stage.negotiation: "commit"}.get(stage)
        if category:
            history.append((day, "forecast_category", deal.forecast_category, category))
            deal.forecast_category = category
    last_slip = created
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):  # slips, each on a later day
        slip_day = min(today - timedelta(days=1), deal.expected_close_on - timedelta(days=5))
        slip_day = max(slip_day, last_slip + timedelta(days=1))
        if slip_day <= created or slip_day >= today:
            break
        last_slip = slip_day
        later = deal.expected_close_on + timedelta(days=rng.randint(14, 35))
        history.append((slip_day, "expected_close_on", deal.expected_close_on.isoformat(),
                        later.isoformat()))
        deal.expected_close_on, deal.slip_count = later, deal.slip_count + 1
    close_day = day + timedelta(days=rng.randint(5, 20))
    if not recent and close_day < today:
        won = deal.stage in (Stage.proposal, Stage.negotiation) and rng.random() < 0.55
        final = Stage.closed_won if won else Stage.closed_lost
        history += [(close_day, "stage", deal.stage, final.value),
                    (close_day, "forecast_category", deal.forecast_category, "closed")]
        deal.stage, deal.forecast_category, deal.closed_on = final, "closed", close_day
        deal.lost_reason = None if won else rng.choice(list(LostReason))
        if won and deal.proposal_sent_on is None:
            deal.proposal_sent_on = close_day
    for day, field, old, new in history:
        session.add(DealChange(deal_id=deal.id, client_id=client.id, field=field,
                               old=None if old is None else str(old), new=new,
                               changed_by=changed_by, changed_at=_at(day, rng)))
    deal.updated_at = max(_at(h[0], rng) for h in history)
    return next((h[0] for h in history if h[1] == "stage" and h[3] == "proposal"), None)


def _activity(session: Session, rng: random.Random, client: Client, rep: Rep, number: int,
              profile: Profile, today: date, *, to_proposal: list[date]) -> int:
    factor, weak_weeks = profile.weak_reps.get(number, (1.0, 0))
    this_monday = today - timedelta(days=today.weekday())
    rows = 0
    for weeks_ago in range(13, 0, -1):
        scale = factor if weeks_ago <= weak_weeks else rng.uniform(1.0, 1.3)
        monday = this_monday - timedelta(weeks=weeks_ago)
        calls = round(client.weekly_calls_target * scale)
        proposals = round(client.weekly_proposals_target * scale)
        if weeks_ago == 1:  # last week's proposals match the pipeline: the numbers add up...
            proposals = sum(monday <= day <= monday + timedelta(days=6) for day in to_proposal)
        if number in profile.phantom_proposals and weeks_ago <= 4:
            proposals += 2  # ...except for the rep whose reported proposals never show up
        hours = Decimal(round(float(client.weekly_prospecting_hours_target) * scale * 4)) / 4
        per_day = {ActivityKind.call: _spread(rng, calls * 3 // 4),
                   ActivityKind.meeting: _spread(rng, calls - calls * 3 // 4),
                   ActivityKind.proposal: _spread(rng, proposals),
                   ActivityKind.prospecting: _spread(rng, int(hours * 4), quarter=True)}
        for kind, days in per_day.items():
            for weekday, quantity in enumerate(days):
                if quantity:
                    session.add(Activity(client_id=client.id, rep_id=rep.id, kind=kind,
                                         occurred_on=monday + timedelta(days=weekday),
                                         quantity=quantity))
                    rows += 1
    return rows


def _spread(rng: random.Random, total: int, *, quarter: bool = False) -> list[Decimal]:
    """`total` units over Monday to Friday (quarter hours when `quarter`)."""
    days = [0] * 5
    for _ in range(max(total, 0)):
        days[rng.randrange(5)] += 1
    return [Decimal(d) / 4 if quarter else Decimal(d) for d in days]
