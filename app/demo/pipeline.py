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

from app.core.periods import period_containing
from app.models import Activity, Client, Deal, DealChange, Rep
from app.models.enums import (
    ActivityKind,
    DealKind,
    ForecastCategory,
    LostReason,
    MeasurementPeriod,
    Stage,
)

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
    pace: float = 1.0  # revenue won so far this period, against the target's pace


PROFILES = {
    "acme": Profile(deals_per_rep=30, amount=(18_000, 140_000), margin=(31, 44),
                    open_share=0.1, weak_reps={4: (0.45, 3)}, phantom_proposals=(2,),
                    pace=1.15),
    "intelligence": Profile(deals_per_rep=22, amount=(20_000, 90_000), margin=(34, 58),
                            open_share=0.2, weak_reps={2: (0.55, 13)}, pace=0.6),
}


ARCHIVED_NAME = "Test deal from Zapier"


def seed_pipeline_unscoped(session: Session, client: Client, reps: list[Rep], *,
                           slug: str, changed_by: uuid.UUID, today: date) -> dict[str, int]:
    """Deals with their history and a quarter of activity, unless the client has deals."""
    if session.exec(select(Deal.id).where(Deal.client_id == client.id)).first():
        return {"deals": 0, "activities": 0}
    profile, rng = PROFILES[slug], random.Random(slug)
    deals = 0
    to_proposal: dict[uuid.UUID, list[tuple[date, Deal]]] = {}
    for rep in reps:
        for _ in range(profile.deals_per_rep):
            reached, deal = _deal(session, rng, client, rep, profile, changed_by, today)
            if reached:
                to_proposal.setdefault(rep.id, []).append((reached, deal))
            deals += 1
    deals += _this_period(session, rng, client, reps, profile, changed_by, today)
    activities = sum(_activity(session, rng, client, rep, number, profile, today,
                               to_proposal=to_proposal.get(rep.id, []))
                     for number, rep in enumerate(reps, start=1))
    session.flush()
    return {"deals": deals, "activities": activities}


def seed_archived_deal_unscoped(session: Session, client: Client, rep: Rep, *,
                                changed_by: uuid.UUID, today: date) -> int:
    """A deal a Zap made while it was being tried out, archived since: in
    `GET /deals?archived=true`, in no list or figure otherwise. Made after the rest of the
    demo, which reads the client's deals; once per client."""
    if session.exec(select(Deal.id).where(Deal.client_id == client.id,
                                          Deal.name == ARCHIVED_NAME)).first():
        return 0
    made = datetime.combine(today - timedelta(days=2), time(15, 0), tzinfo=UTC)
    deal = Deal(client_id=client.id, rep_id=rep.id, name=ARCHIVED_NAME,
                amount=Decimal("1.00"), expected_close_on=today + timedelta(days=30),
                next_step="Delete me", created_at=made, updated_at=made + timedelta(hours=1),
                archived_at=made + timedelta(hours=1), version=2)
    session.add(deal)
    session.flush()
    for field, value in (("stage", "prospecting"), ("amount", "1.00"), ("rep_id", str(rep.id)),
                         ("expected_close_on", deal.expected_close_on.isoformat()),
                         ("forecast_category", "pipeline")):
        session.add(DealChange(deal_id=deal.id, client_id=client.id, field=field, old=None,
                               new=value, changed_by=changed_by, changed_at=made))
    return 1


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(13, 22), rng.randint(0, 59)), tzinfo=UTC)


def _deal(session: Session, rng: random.Random, client: Client, rep: Rep, profile: Profile,
          changed_by: uuid.UUID, today: date) -> tuple[date | None, Deal]:
    """One deal and its history; answers the day it reached the proposal stage (if it did)
    and the deal."""
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
    slips = rng.choice([0, 0, 0, 1, 1, 2]) if deal.stage != Stage.negotiation else 0
    for _ in range(slips):  # slips, each on a later day
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
        # A commit (negotiation) mostly lands; a proposal (best case) about half the time.
        chance = {Stage.negotiation: 0.85, Stage.proposal: 0.5}.get(Stage(deal.stage), 0)
        won = rng.random() < chance
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
    return next((h[0] for h in history if h[1] == "stage" and h[3] == "proposal"), None), deal


def _this_period(session: Session, rng: random.Random, client: Client, reps: list[Rep],
                 profile: Profile, changed_by: uuid.UUID, today: date) -> int:
    """Deals won so far in the current period, at the profile's pace of the target (Acme
    ahead of it, Intelligence IT behind), each with its whole history: opened six weeks
    before, commit from negotiation, won on a day of the period up to today."""
    period = period_containing(today, MeasurementPeriod(client.measurement_period))
    share = ((today - period.start).days + 1) / ((period.end - period.start).days + 1)
    left = (Decimal(client.period_revenue_target) * Decimal(share * profile.pace)).quantize(
        Decimal("500"))
    made = 0
    while left > 0 and made < 6:
        amount = min(left, Decimal(rng.randrange(*profile.amount, 500)))
        won_on = period.start + timedelta(days=rng.randint(0, (today - period.start).days))
        rep, created = rng.choice(reps), won_on - timedelta(days=rng.randint(35, 60))
        deal = Deal(client_id=client.id, rep_id=rep.id,
                    name=f"{rng.choice(DEAL_NAMES)} {rng.randint(2, 60)}",
                    account_name=rng.choice(ACCOUNTS), amount=amount,
                    gross_margin_pct=Decimal(rng.randint(*profile.margin)),
                    kind=rng.choice(list(DealKind)), stage=Stage.closed_won,
                    forecast_category=ForecastCategory.closed, expected_close_on=won_on,
                    proposal_sent_on=won_on - timedelta(days=12), closed_on=won_on,
                    created_at=_at(created, rng), updated_at=_at(won_on, rng))
        session.add(deal)
        session.flush()
        steps = [(created, "stage", None, "prospecting"), (created, "amount", None,
                                                              f"{amount:.2f}"),
                 (created, "rep_id", None, str(rep.id)),
                 (created, "expected_close_on", None, won_on.isoformat()),
                 (created, "forecast_category", None, "pipeline"),
                 (won_on - timedelta(days=25), "stage", "prospecting", "discovery"),
                 (won_on - timedelta(days=12), "stage", "discovery", "proposal"),
                 (won_on - timedelta(days=12), "forecast_category", "pipeline", "best_case"),
                 (won_on - timedelta(days=6), "stage", "proposal", "negotiation"),
                 (won_on - timedelta(days=6), "forecast_category", "best_case", "commit"),
                 (won_on, "stage", "negotiation", "closed_won"),
                 (won_on, "forecast_category", "commit", "closed")]
        for day, field, old, new in steps:
            session.add(DealChange(deal_id=deal.id, client_id=client.id, field=field, old=old,
                                   new=new, changed_by=changed_by, changed_at=_at(day, rng)))
        left -= amount
        made += 1
    return made


def _activity(session: Session, rng: random.Random, client: Client, rep: Rep, number: int,
              profile: Profile, today: date, *, to_proposal: list[tuple[date, Deal]]) -> int:
    """13 weeks of activity, each row entered when a rep would enter it (that evening, or the
    next day). Proposals are the pipeline's: one per deal that reached proposal that day,
    naming it, or in a week with none a revised proposal on a deal still at proposal; only
    the over-reporting rep adds proposals that no deal stands behind."""
    factor, weak_weeks = profile.weak_reps.get(number, (1.0, 0))
    this_monday = today - timedelta(days=today.weekday())
    rows = 0
    for weeks_ago in range(13, 0, -1):
        weak = weeks_ago <= weak_weeks
        scale = factor if weak else rng.uniform(1.0, 1.3)
        monday = this_monday - timedelta(weeks=weeks_ago)
        calls = round(client.weekly_calls_target * scale)
        hours = Decimal(round(float(client.weekly_prospecting_hours_target) * scale * 4)) / 4
        per_day = {ActivityKind.call: _spread(rng, calls * 3 // 4),
                   ActivityKind.meeting: _spread(rng, calls - calls * 3 // 4),
                   ActivityKind.prospecting: _spread(rng, int(hours * 4), quarter=True)}
        for kind, days in per_day.items():
            for weekday, quantity in enumerate(days):
                if quantity:
                    rows += _row(session, rng, client, rep, kind, monday + timedelta(weekday),
                                 quantity, today=today)
        for day, (quantity, deal_id) in _proposals(rng, monday, to_proposal, weak=weak,
                                                   phantom=number in profile.phantom_proposals
                                                   and weeks_ago <= 4).items():
            rows += _row(session, rng, client, rep, ActivityKind.proposal, day, quantity,
                         today=today, deal_id=deal_id)
    return rows


def _proposals(rng: random.Random, monday: date, to_proposal: list[tuple[date, Deal]], *,
               weak: bool, phantom: bool) -> dict[date, tuple[Decimal, uuid.UUID | None]]:
    """The week's proposal rows by day: (how many, the deal named)."""
    week = [(day, deal) for day, deal in to_proposal if monday <= day < monday + timedelta(7)]
    out: dict[date, tuple[Decimal, uuid.UUID | None]] = {}
    for day, deal in week:
        count, named = out.get(day, (Decimal(0), deal.id))
        out[day] = (count + 1, named)
    if not week and not weak:  # a revised proposal on a deal still waiting for an answer
        waiting = [deal for day, deal in to_proposal if day < monday]
        if waiting:
            out[monday + timedelta(days=2)] = (Decimal(1), rng.choice(waiting).id)
    if phantom:  # proposals that no deal stands behind
        thursday = monday + timedelta(days=3)
        count, named = out.get(thursday, (Decimal(0), None))
        out[thursday] = (count + 3, named)
    return out


def _row(session: Session, rng: random.Random, client: Client, rep: Rep, kind: ActivityKind,
         day: date, quantity: Decimal, *, today: date, deal_id: uuid.UUID | None = None) -> int:
    """One activity row, entered that evening or (now and then) the next day."""
    entered = min(_at(day + timedelta(days=1 if rng.random() < 0.3 else 0), rng),
                  _at(today, rng))
    session.add(Activity(client_id=client.id, rep_id=rep.id, kind=kind, occurred_on=day,
                         quantity=quantity, deal_id=deal_id, created_at=entered,
                         updated_at=entered))
    return 1


def _spread(rng: random.Random, total: int, *, quarter: bool = False) -> list[Decimal]:
    """`total` units over Monday to Friday (quarter hours when `quarter`)."""
    days = [0] * 5
    for _ in range(max(total, 0)):
        days[rng.randrange(5)] += 1
    return [Decimal(d) / 4 if quarter else Decimal(d) for d in days]
