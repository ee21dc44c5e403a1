"""The weekly series and a past `as_of` read the history backwards from the deals as they
stand now: checked here against a hand replay of random histories (stage moves between open
stages, wins, losses and reopenings, amount changes open or closed, a stage and an amount
changed in one PATCH), week end by week end.

Deals are created and changed through the API; each change's history entries are then moved
to the moment the script gives them (tests.insights.test_kpis_weekly `create`/`change`).
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from tests.insights.test_kpis_weekly import AS_OF, at, by_monday, change, create, weekly

OPEN = ("prospecting", "discovery", "proposal", "negotiation")
FIRST_MONDAY = AS_OF - timedelta(days=AS_OF.weekday(), weeks=11)
MONDAYS = [FIRST_MONDAY + timedelta(weeks=n) for n in range(12)]


@dataclass
class Story:
    """One deal's states over time, as the script made them."""

    id: str = ""
    states: list[tuple[datetime, str, Decimal]] = field(default_factory=list)
    closed_on: str | None = None

    def at(self, moment: datetime) -> tuple[str, Decimal] | None:
        held = [(stage, amount) for when, stage, amount in self.states if when <= moment]
        return held[-1] if held else None


def week_end(monday) -> datetime:
    return datetime(monday.year, monday.month, monday.day, tzinfo=UTC) + timedelta(days=7,
                                                                                   microseconds=-1)


def tell(db, rep, manager, rng: random.Random) -> Story:
    """A deal the rep opens and the manager moves (only a manager may reopen one)."""
    story = Story()
    when = at(FIRST_MONDAY - timedelta(weeks=3)) + timedelta(hours=rng.randint(0, 24 * 7 * 14))
    amount = Decimal(rng.randrange(1000, 90000, 250))
    story.id = create(db, rep, amount, when)
    stage = "prospecting"
    story.states.append((when, stage, amount))
    for _ in range(rng.randint(0, 5)):
        when += timedelta(hours=rng.randint(1, 24 * 12))
        move: dict[str, str] = {}
        if rng.random() < 0.6:
            stage = rng.choice([s for s in (*OPEN, "closed_won", "closed_lost") if s != stage])
            move["stage"] = stage
            if stage == "closed_won":
                move["closed_on"] = story.closed_on = str(when.date())
            elif stage == "closed_lost":
                move["lost_reason"], story.closed_on = "price_terms", str(when.date())
            else:
                story.closed_on = None
        if not move or rng.random() < 0.4:
            amount = Decimal(rng.randrange(1000, 90000, 250))
            move["amount"] = str(amount)
        change(db, manager, story.id, when, **move)
        story.states.append((when, stage, amount))
    return story


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_open_pipeline_and_wins_per_week_match_a_hand_replay(world, as_user, db, seed):
    rng = random.Random(seed)
    rep, manager = as_user(world.rep_user_a1), as_user(world.manager_a)
    stories = [tell(db, rep, manager, rng) for _ in range(10)]

    weeks = by_monday(weekly(manager, world.client_a, as_of=str(AS_OF)))

    for monday in MONDAYS:
        end = week_end(monday)
        states = [s.at(end) for s in stories]
        open_pipeline = sum((a for s in states if s and s[0] in OPEN for a in [s[1]]),
                            Decimal(0))
        won = Decimal(0)
        for story, state in zip(stories, states, strict=True):
            closed_in_week = story.closed_on is not None and (
                monday <= datetime.fromisoformat(story.closed_on).date()
                <= monday + timedelta(days=6))
            if closed_in_week and state is not None and state[0] == "closed_won":
                won += state[1]
        item = weeks[str(monday)]
        assert (item["open_pipeline"], item["revenue_won"]) == (
            f"{open_pipeline:.2f}", f"{won:.2f}"), monday


@pytest.mark.parametrize("seed", [4, 5])
def test_a_past_as_of_sees_each_deal_as_it_stood_then(world, as_user, db, seed):
    rng = random.Random(seed)
    rep, manager = as_user(world.rep_user_a1), as_user(world.manager_a)
    stories = [tell(db, rep, manager, rng) for _ in range(10)]

    for monday in (MONDAYS[3], MONDAYS[8], MONDAYS[11]):
        sunday = monday + timedelta(days=6)
        response = manager.get(f"/api/v1/clients/{world.client_a.id}/kpis",
                               params={"as_of": str(sunday)})
        assert response.status_code == 200, response.text
        states = [s.at(week_end(monday)) for s in stories]
        expected = sum((s[1] for s in states if s and s[0] in OPEN), Decimal(0))
        assert response.json()["open_pipeline"] == f"{expected:.2f}", sunday
