"""Scenario teams lived week by week through the app's own services, each day's work done in
a unit of work whose clock reads that day: deals opened, moved and closed, activity logged
(and entered on the day, or late), one-on-ones and sales meetings held, so that every row is
dated as it would be in real use.

A team is a client with reps. Each rep opens deals in proportion to their activity; a deal is
discovered a week later, gets a proposal at three (logged as a proposal), goes to commit at
five and closes at six, unless it drops out on the way: some after discovery, more at the
proposal, a few in commit. So a drop in activity shows in the pipeline weeks later and in
revenue later still, as the texts say. Two deals in three never close won; of those that
reach commit, most do.
"""

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.core.clock import CLOCK_KEY, Clock
from app.models import Client, ClientManager, Rep, User
from app.models.assessments.strategy_review import ReviewQuestion, StrategyReviewCreate
from app.models.coaching.one_on_one import OneOnOneCreate
from app.models.coaching.sales_meeting import SalesMeetingCreate
from app.models.enums import Role
from app.models.pipeline.activity import ActivityCreate
from app.models.pipeline.deal import DealCreate, DealUpdate
from app.services.access.principal import Principal, principal_for_user
from app.services.assessments import strategy_reviews
from app.services.coaching import one_on_ones, sales_meetings
from app.services.pipeline import activities, deals

WEEKS = 44  # of simulated history, up to the week before today
DAYS = 5  # working days a week
LEAD_IN = 8  # weeks of pipeline a client brings: deals opened before the engagement began
# A deal's fate: of every 25 deals a rep opens, so many end each way, in a shuffled order
# (so a rep's realised rates stay near the story's over a few weeks). Of the deals that reach
# commit, 9 in 10 are won.
FATES = {"won": 9, "lost_in_commit": 1, "lost_at_proposal": 9, "lost_after_discovery": 6}
# Weeks after opening at which a deal reaches a stage, and at which each fate is sealed: six
# weeks from a first call to revenue.
PATH = {1: ("discovery", None), 3: ("proposal", "best_case"), 5: ("negotiation", "commit")}
ENDS = {"lost_after_discovery": 3, "lost_at_proposal": 5, "lost_in_commit": 6, "won": 6}


@dataclass
class RepPlan:
    """How one rep behaves, week by week (index 0 = the first simulated week)."""

    name: str
    activity: Callable[[int], float] = lambda week: 1.1  # share of the activity targets
    margin: tuple[int, int] = (32, 45)
    extra_proposals: Callable[[int], int] = lambda week: 0  # logged with no deal behind
    late_days: Callable[[int], int] = lambda week: 0  # rows entered this many days late
    pushes: Callable[[int], int] = lambda week: 0  # commit deals pushed out this week


@dataclass
class Scenario:
    """A team and its story: what should be raised, for whom, and from which week."""

    slug: str
    story: str
    reps: list[RepPlan]
    pace: float = 1.3  # what the team's usual activity wins, as a share of the target
    opens_per_rep: float = 4.0  # new deals a rep opens in a week at full activity
    amount: tuple[int, int] = (6_000, 15_000)
    first_week: int = 0  # a new client starts late
    # (code, rep name or None, first week it should hold): the problems injected, which must
    # be raised; and alarms that are right, though not required, from a week on
    expected: list[tuple[str, str | None, int]] = field(default_factory=list)
    acceptable: list[tuple[str, str | None, int]] = field(default_factory=list)
    dips: bool = False  # the story has revenue dip some weeks after a cause


@dataclass
class Team:
    scenario: Scenario
    client: Client
    reps: dict[str, Rep]
    won: dict[int, Decimal] = field(default_factory=dict)  # revenue won per week
    fates: dict[str, list[str]] = field(default_factory=dict)  # per rep, the block left


@dataclass
class _Deal:
    id: uuid.UUID
    rep: str
    opened: int
    fate: str
    weekday: int  # the day of the week the rep works this deal
    stage: str = "prospecting"


def monday_of(today: date) -> date:
    return today - timedelta(days=today.weekday())


def build(sessions: sessionmaker, scenario: Scenario, *, manager: User, today: date,
          seed: int = 7) -> Team:
    """The scenario's client, reps and WEEKS of history ending the week before `today`."""
    rng = random.Random(f"{scenario.slug}-{seed}")
    start = monday_of(today) - timedelta(weeks=WEEKS)
    with day_session(sessions, start - timedelta(weeks=LEAD_IN + 1)) as session:
        client = Client(name=f"Scenario {scenario.slug}", measurement_period="month",
                        period_revenue_target=monthly_target(scenario),
                        weekly_calls_target=15, weekly_proposals_target=1,
                        weekly_prospecting_hours_target=Decimal(5),
                        engagement_started_on=start + timedelta(weeks=scenario.first_week))
        session.add(client)
        session.flush()
        session.add(ClientManager(client_id=client.id, user_id=manager.id))
        reps = {}
        for plan in scenario.reps:
            rep = Rep(client_id=client.id, full_name=plan.name,
                      quota=client.period_revenue_target / len(scenario.reps),
                      hire_date=start - timedelta(weeks=52))
            session.add(rep)
            reps[plan.name] = rep
        session.commit()
    team = Team(scenario, client, reps)
    open_deals: list[_Deal] = []
    for week in range(scenario.first_week - LEAD_IN, WEEKS):
        monday = start + timedelta(weeks=week)
        _live_week(sessions, team, manager, rng, week, monday, open_deals)
    return team


def monthly_target(scenario: Scenario) -> Decimal:
    """The target that the team's usual activity wins `pace` times over in a month."""
    won = FATES["won"] / sum(FATES.values())
    mean_amount = sum(scenario.amount) / 2
    monthly = sum(scenario.opens_per_rep * plan.activity(0) * won * mean_amount * 52 / 12
                  for plan in scenario.reps)
    return Decimal(round(monthly / scenario.pace, -3))


def day_session(sessions: sessionmaker, day: date, hour: int = 17) -> Session:
    session = sessions()
    session.info[CLOCK_KEY] = Clock.at(datetime.combine(day, time(hour), tzinfo=UTC))
    return session


def _live_week(sessions: sessionmaker, team: Team, manager: User, rng: random.Random,
               week: int, monday: date, open_deals: list[_Deal]) -> None:
    scenario, boss = team.scenario, None
    proposals: dict[tuple[str, date], list[uuid.UUID]] = {}
    with day_session(sessions, monday) as session:
        boss = principal_for_user(session, session.get(User, manager.id))
        for plan in scenario.reps:  # new deals, as many as the rep's activity brings
            level = plan.activity(week)
            for n in range(_about(rng, scenario.opens_per_rep * level)):
                deal = deals.create_deal(session, boss, DealCreate(
                    rep_id=team.reps[plan.name].id, name=f"{plan.name} w{week}-{n + 1}",
                    amount=Decimal(rng.randrange(*scenario.amount, 500)),
                    gross_margin_pct=Decimal(rng.randint(*plan.margin)),
                    expected_close_on=monday + timedelta(weeks=ENDS["won"], days=4)))
                open_deals.append(_Deal(deal.id, plan.name, week, _fate(rng, team, plan.name),
                                        rng.randrange(DAYS)))
        session.commit()
    for day_index in range(DAYS):
        day = monday + timedelta(days=day_index)
        with day_session(sessions, day) as session:
            boss = principal_for_user(session, session.get(User, manager.id))
            for deal in [d for d in open_deals if d.weekday == day_index]:
                _advance(session, boss, team, deal, week, day, proposals, open_deals)
            session.commit()
    _pushes(sessions, team, manager, week, monday, open_deals)
    if week >= scenario.first_week:
        _log_activity(sessions, team, manager, rng, week, monday, proposals)
        _coach(sessions, team, manager, week, monday)


def _advance(session: Session, boss: Principal, team: Team, deal: _Deal, week: int, day: date,
             proposals: dict, open_deals: list[_Deal]) -> None:
    """One step along the path (PATH), or the deal's end when its fate is due (ENDS)."""
    age = week - deal.opened
    if age >= ENDS[deal.fate]:
        won = deal.fate == "won"
        found = deals.update_deal(session, boss, deal.id, DealUpdate(
            stage="closed_won" if won else "closed_lost",
            **({} if won else {"lost_reason": "competition"})), if_match=None)
        if won:
            team.won[week] = team.won.get(week, Decimal(0)) + Decimal(found.amount)
        open_deals.remove(deal)
    elif age in PATH and deal.stage != PATH[age][0]:
        stage, category = PATH[age]
        deals.update_deal(session, boss, deal.id, DealUpdate(
            stage=stage, **({"forecast_category": category} if category else {})),
            if_match=None)
        deal.stage = stage
        if stage == "proposal":
            proposals.setdefault((deal.rep, day), []).append(deal.id)


def _pushes(sessions: sessionmaker, team: Team, manager: User, week: int, monday: date,
            open_deals: list[_Deal]) -> None:
    """Commit deals whose close the rep pushes out of the month this week."""
    for plan in team.scenario.reps:
        count = plan.pushes(week)
        if not count:
            continue
        with day_session(sessions, monday + timedelta(days=4)) as session:
            boss = principal_for_user(session, session.get(User, manager.id))
            for deal in [d for d in open_deals if d.rep == plan.name
                         and d.stage == "negotiation"][:count]:
                deals.update_deal(session, boss, deal.id, DealUpdate(
                    expected_close_on=monday + timedelta(weeks=5)), if_match=None)
                deal.fate = "lost_in_commit"  # a promise pushed out of the month rarely lands
            session.commit()


def _log_activity(sessions: sessionmaker, team: Team, manager: User, rng: random.Random,
                  week: int, monday: date, proposals: dict) -> None:
    """Each rep's week: calls and prospecting spread over the days, the proposals the
    pipeline made (named with their deal), and the extra ones a rep may claim; each day's
    rows entered that evening, or late."""
    client = team.client
    for plan in team.scenario.reps:
        level = plan.activity(week)
        rep = team.reps[plan.name]
        calls = round(client.weekly_calls_target * level * rng.uniform(0.95, 1.1))
        hours = round(float(client.weekly_prospecting_hours_target) * level * 4) / 4
        late = plan.late_days(week)
        for day_index in range(DAYS):
            day = monday + timedelta(days=day_index)
            items = [ActivityCreate(rep_id=rep.id, occurred_on=day, kind="call",
                                    quantity=Decimal(calls // DAYS
                                                     + (day_index < calls % DAYS))),
                     ActivityCreate(rep_id=rep.id, occurred_on=day, kind="prospecting",
                                    quantity=Decimal(str(_quarters(hours / DAYS))))]
            named = proposals.get((plan.name, day), [])
            extra = plan.extra_proposals(week) if day_index == 3 else 0
            if named or extra:
                items.append(ActivityCreate(rep_id=rep.id, occurred_on=day, kind="proposal",
                                            quantity=Decimal(len(named) + extra),
                                            deal_id=named[0] if named else None))
            items = [i for i in items if i.quantity > 0]
            if not items:
                continue
            entered = day + timedelta(days=late)
            with day_session(sessions, entered, hour=18) as session:
                boss = principal_for_user(session, session.get(User, manager.id))
                activities.log_batch(session, boss, items)
                session.commit()


def _quarters(hours: float) -> float:
    return round(hours * 4) / 4


def _about(rng: random.Random, mean: float) -> int:
    """A whole count with this mean, steady from week to week (2 or 3 for 2.4)."""
    return int(mean) + (rng.random() < mean - int(mean))


def _fate(rng: random.Random, team: Team, rep: str) -> str:
    """The next fate from the rep's current block of 25 (a fresh shuffled block when spent)."""
    block = team.fates.setdefault(rep, [])
    if not block:
        block.extend(fate for fate, count in FATES.items() for _ in range(count))
        rng.shuffle(block)
    return block.pop()


def _coach(sessions: sessionmaker, team: Team, manager: User, week: int, monday: date) -> None:
    """The manager's rhythm: a sales meeting every Monday, a one-on-one with each rep every
    other week (half the team one week, half the next), a strategy review every 26 weeks."""
    reps = list(team.reps.values())
    with day_session(sessions, monday + timedelta(days=1)) as session:
        boss = principal_for_user(session, session.get(User, manager.id))
        sales_meetings.create_sales_meeting(session, boss, SalesMeetingCreate(
            client_id=team.client.id, held_on=monday, rep_ids=[r.id for r in reps]))
        for n, rep in enumerate(reps):
            if (n + week) % 2 == 0:
                one_on_ones.create_one_on_one(session, boss, OneOnOneCreate(
                    rep_id=rep.id, held_on=monday + timedelta(days=1),
                    agenda=["Pipeline walk-through"]))
        if (week - team.scenario.first_week) % 26 == 0:
            strategy_reviews.create_review(session, boss, team.client.id, StrategyReviewCreate(
                held_on=monday, answers=[{"question": q, "score": 4} for q in ReviewQuestion]))
        session.commit()


def manager_login(sessions: sessionmaker, today: date) -> User:
    with day_session(sessions, today) as session:
        user = User(email=f"bench.{uuid.uuid4().hex[:6]}@bench.example", role=Role.manager,
                    full_name="Bench Manager", password_hash="-")
        session.add(user)
        session.commit()
        return user
