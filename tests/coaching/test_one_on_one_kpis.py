"""The rep's KPIs kept with each one-on-one and their change since the previous one, and
GET /reps/{id}/next-one-on-one: carried-over items, deals needing attention (each reason),
alarms. Expectations are hand-computed.

rep_a1's quota is 25,000 (tests.factories), so a rep's coverage and attainment are against
25,000; company A runs on UTC with a monthly period."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from app.models import Deal
from tests.support.alarm_helpers import LAST_MONDAY, hired, log
from tests.support.assertions import problem
from tests.support.coaching_helpers import ITEMS, URL, day, deal, item, one_on_one


def win(rep, amount) -> dict:
    created = deal(rep, amount)
    response = rep.patch(f"/api/v1/deals/{created['id']}", json={"stage": "closed_won"})
    assert response.status_code == 200, response.text
    return created


def first_month(world, as_user) -> None:
    """50,000 open, 10,000 won; last week 12 calls, 2 proposals, 3 prospecting hours."""
    rep = as_user(world.rep_user_a1)
    deal(rep, 50000)
    win(rep, 10000)
    log(rep, LAST_MONDAY, calls=12, proposals=2, hours=3)


def then_more(world, as_user) -> None:
    """+15,000 won, +30,000 open closing in 10 days, a 5,000 loss, 8 more calls last week."""
    rep = as_user(world.rep_user_a1)
    win(rep, 15000)
    deal(rep, 30000, expected_close_on=day(10))
    lost = deal(rep, 5000)
    rep.patch(f"/api/v1/deals/{lost['id']}", json={"stage": "closed_lost",
                                                   "lost_reason": "price_terms"})
    log(rep, LAST_MONDAY, calls=8, day=2)


FIRST = {"as_of": day(0), "attainment": 0.4, "pipeline_coverage": 2.0,
         "near_term_coverage": 0.0, "win_rate": 1.0, "win_rate_deals": 1,
         "revenue_won": "10000.00", "open_pipeline": "50000.00", "activity_weeks": 4,
         "calls_meetings_per_week": 3.0, "proposals_per_week": 0.5,
         "prospecting_hours_per_week": 0.75}
SECOND = {"as_of": day(0), "attainment": 1.0, "pipeline_coverage": 3.2,
          "near_term_coverage": 1.2, "win_rate": 0.6667, "win_rate_deals": 3,
          "revenue_won": "25000.00", "open_pipeline": "80000.00", "activity_weeks": 4,
          "calls_meetings_per_week": 5.0, "proposals_per_week": 0.5,
          "prospecting_hours_per_week": 0.75}
CHANGE = {"attainment": 0.6, "pipeline_coverage": 1.2, "near_term_coverage": 1.2,
          "win_rate": -0.3333, "revenue_won": "15000.00", "open_pipeline": "30000.00",
          "calls_meetings_per_week": 2.0, "proposals_per_week": 0.0,
          "prospecting_hours_per_week": 0.0}


# --- snapshots and their change --------------------------------------------------------------

def test_a_one_on_one_keeps_the_reps_figures_of_its_day(world, as_user):
    first_month(world, as_user)
    created = one_on_one(as_user(world.manager_a), world.rep_a1)
    assert created["kpi_snapshot"] == FIRST
    then_more(world, as_user)
    kept = as_user(world.manager_a).get(f"{URL}/{created['id']}").json()["kpi_snapshot"]
    assert kept == FIRST  # a snapshot, not today's figures


def test_the_next_one_on_one_shows_the_change_since_the_previous_one(world, as_user):
    manager = as_user(world.manager_a)
    first_month(world, as_user)
    first = one_on_one(manager, world.rep_a1)
    one_on_one(manager, world.rep_a2)  # another rep's meeting is no "previous"
    then_more(world, as_user)

    second = one_on_one(manager, world.rep_a1, held_on=day(1))  # ahead: today's figures

    assert second["kpi_snapshot"] == SECOND
    assert second["change_since_previous"] == {"previous_id": first["id"],
                                               "previous_held_on": day(0), **CHANGE}
    listed = manager.get(URL, params={"rep_id": str(world.rep_a1.id)}).json()["items"]
    assert [m["id"] for m in listed] == [second["id"], first["id"]]
    assert listed[0]["change_since_previous"] == second["change_since_previous"]
    assert listed[1]["change_since_previous"] is None
    owner_view = as_user(world.owner_a).get(f"{URL}/{second['id']}").json()
    assert owner_view["change_since_previous"] == second["change_since_previous"]


def test_an_archived_one_on_one_is_no_previous(world, as_user):
    manager = as_user(world.manager_a)
    first = one_on_one(manager, world.rep_a1)
    second = one_on_one(manager, world.rep_a1)
    assert second["change_since_previous"]["previous_id"] == first["id"]
    manager.post(f"{URL}/{first['id']}/archive")
    assert manager.get(f"{URL}/{second['id']}").json()["change_since_previous"] is None


def test_a_past_meeting_takes_the_figures_as_they_stood_that_day(world, as_user):
    win(as_user(world.rep_user_a1), 10000)  # today: after that meeting
    created = one_on_one(as_user(world.manager_a), world.rep_a1, held_on=day(-40))
    snapshot = created["kpi_snapshot"]
    assert snapshot["as_of"] == day(-40)
    assert snapshot["revenue_won"] == "0.00" and snapshot["win_rate_deals"] == 0


def test_a_meeting_ahead_takes_todays_figures_and_moving_its_day_keeps_them_current(
        world, as_user):
    manager = as_user(world.manager_a)
    created = one_on_one(manager, world.rep_a1, held_on=day(3))
    assert created["kpi_snapshot"]["as_of"] == day(0)
    moved = manager.patch(f"{URL}/{created['id']}", json={"held_on": day(-40)}).json()
    assert moved["kpi_snapshot"]["as_of"] == day(-40)


# --- the next one-on-one ---------------------------------------------------------------------

def _backdate(db, created: dict, days: float) -> None:
    row = db.get(Deal, UUID(created["id"]))
    row.updated_at = datetime.now(UTC) - timedelta(days=days)
    db.flush()


def _deals(world, as_user, db) -> dict[str, dict]:
    rep, peer = as_user(world.rep_user_a1), as_user(world.rep_user_a2)
    made = {
        "slipped": deal(rep, 1000, stage="discovery", expected_close_on=day(20)),
        "stale": deal(rep, 2000, expected_close_on=day(40)),
        "commit soon": deal(rep, 3000, stage="negotiation", forecast_category="commit",
                            expected_close_on=day(7)),
        "overdue": deal(rep, 4000, expected_close_on=day(-3)),
        "all three": deal(rep, 5000, stage="negotiation", forecast_category="commit",
                          expected_close_on=day(10)),
        "fine": deal(rep, 6000, expected_close_on=day(40)),
        "commit in 15 days": deal(rep, 7000, forecast_category="commit",
                                  expected_close_on=day(15)),
        "quiet for 13 days": deal(rep, 8000, expected_close_on=day(40)),
        "won after a slip": deal(rep, 9000, expected_close_on=day(5)),
        "peer's overdue": deal(peer, 9500, expected_close_on=day(-3)),
    }
    for name, moved_to in (("slipped", 30), ("all three", 14), ("won after a slip", 9)):
        response = rep.patch(f"/api/v1/deals/{made[name]['id']}",
                             json={"expected_close_on": day(moved_to)})
        assert response.status_code == 200 and response.json()["slip_count"] == 1
    rep.patch(f"/api/v1/deals/{made['won after a slip']['id']}", json={"stage": "closed_won"})
    _backdate(db, made["stale"], 15)
    _backdate(db, made["all three"], 20)
    _backdate(db, made["quiet for 13 days"], 13)
    return made


def test_deals_needing_attention_are_ranked_by_their_reasons_and_size(world, as_user, db):
    made = _deals(world, as_user, db)

    response = as_user(world.manager_a).get(f"/api/v1/reps/{world.rep_a1.id}/next-one-on-one")

    assert response.status_code == 200, response.text
    got = [(d["deal_id"], d["reasons"], d["attention"]) for d in response.json()["deals"]]
    # weights: overdue 4, commit closing soon 3, slipped 2, stale 1; times 1 + amount / 5,000
    assert got == [
        (made["all three"]["id"], ["commit_closing_soon", "slipped", "stale"], 12.0),
        (made["overdue"]["id"], ["overdue"], 7.2),
        (made["commit soon"]["id"], ["commit_closing_soon"], 4.8),
        (made["slipped"]["id"], ["slipped"], 2.4),
        (made["stale"]["id"], ["stale"], 1.4)]
    second = response.json()["deals"][1]
    assert second["amount"] == "4000.00" and second["expected_close_on"] == day(-3)
    assert second["slip_count"] == 0 and second["stage"] == "prospecting"


def test_one_push_of_a_prospecting_deal_is_not_a_reason_and_a_second_is(world, as_user):
    rep = as_user(world.rep_user_a1)
    early = deal(rep, 1000, expected_close_on=day(20))
    rep.patch(f"/api/v1/deals/{early['id']}", json={"expected_close_on": day(30)})
    url = f"/api/v1/reps/{world.rep_a1.id}/next-one-on-one"
    assert as_user(world.manager_a).get(url).json()["deals"] == []
    rep.patch(f"/api/v1/deals/{early['id']}", json={"expected_close_on": day(40)})
    [pushed] = as_user(world.manager_a).get(url).json()["deals"]
    assert pushed["reasons"] == ["slipped"] and pushed["slip_count"] == 2


def test_at_most_eight_deals_the_most_urgent_first(world, as_user):
    rep = as_user(world.rep_user_a1)
    for n in range(10):
        deal(rep, 1000 * (n + 1), expected_close_on=day(-1 - n))  # all overdue
    deals = as_user(world.manager_a).get(
        f"/api/v1/reps/{world.rep_a1.id}/next-one-on-one").json()["deals"]
    assert [d["amount"] for d in deals] == [f"{1000 * n}.00" for n in range(10, 2, -1)]


def test_open_items_are_carried_over_overdue_first(world, as_user):
    manager = as_user(world.manager_a)
    one_on_one(manager, world.rep_a1, held_on=day(-14), action_items=[item("no date")])
    last = one_on_one(manager, world.rep_a1, held_on=day(-7), action_items=[
        item("due in 3", "manager", 3), item("2 days late", "rep", -2), item("done", "rep", -5)])
    dropped = one_on_one(manager, world.rep_a1, held_on=day(-10), action_items=[item("gone")])
    manager.post(f"{URL}/{dropped['id']}/archive")
    one_on_one(manager, world.rep_a2, action_items=[item("peer's")])
    done = next(i for i in last["action_items"] if i["title"] == "done")
    manager.patch(f"{ITEMS}/{done['id']}", json={"done": True})

    got = manager.get(f"/api/v1/reps/{world.rep_a1.id}/next-one-on-one").json()

    assert [(i["title"], i["overdue"]) for i in got["open_action_items"]] == [
        ("2 days late", True), ("due in 3", False), ("no date", False)]
    assert got["previous"] == {"id": last["id"], "held_on": day(-7)}
    assert got["scheduled"] is None


def test_the_agenda_holds_the_scheduled_meeting_alarms_and_figures(world, as_user, db):
    hired(db, world.rep_a1)
    manager, rep = as_user(world.manager_a), as_user(world.rep_user_a1)
    # on target six weeks ago; since then nothing, then last week short: a streak of weeks
    log(rep, LAST_MONDAY - timedelta(weeks=6), calls=15, proposals=3, hours=5)
    first_month(world, as_user)
    last = one_on_one(manager, world.rep_a1, held_on=day(-7))
    upcoming = one_on_one(manager, world.rep_a1, held_on=day(2), agenda=["Pipeline"])
    rep.post(f"{URL}/{upcoming['id']}/agenda", json={"text": "Commission question"})

    got = rep.get(f"/api/v1/reps/{world.rep_a1.id}/next-one-on-one").json()

    assert got["rep_id"] == str(world.rep_a1.id) and got["as_of"] == day(0)
    assert got["scheduled"]["id"] == upcoming["id"]
    assert [a["text"] for a in got["scheduled"]["agenda"]] == ["Pipeline",
                                                               "Commission question"]
    alarms = manager.get("/api/v1/alarms", params={"client_id": str(world.client_a.id),
                                                   "rep_id": str(world.rep_a1.id)}).json()
    integrity = {"numbers_dont_add_up", "activity_backdated"}  # never for the rep concerned
    mine = [a for a in alarms["items"] if a["code"] not in integrity]
    assert got["alarms"] == mine
    assert "activity_below_target" in {a["code"] for a in got["alarms"]}
    assert got["kpis"] == FIRST
    assert got["change_since_previous"]["previous_id"] == last["id"]
    assert last["kpi_snapshot"]["revenue_won"] == "0.00"  # the win came after that meeting
    assert got["change_since_previous"]["revenue_won"] == "10000.00"


@pytest.mark.parametrize(("who", "whose", "expected"), [
    ("manager_a", "rep_a1", 200), ("owner_a", "rep_a2", 200), ("rep_user_a1", "rep_a1", 200),
    ("rep_user_a1", "rep_a2", 404), ("rep_user_a1", "rep_b1", 404),
    ("owner_a", "rep_b1", 404), ("manager_b", "rep_a1", 404)])
def test_who_may_read_the_next_agenda(world, as_user, who, whose, expected):
    response = as_user(getattr(world, who)).get(
        f"/api/v1/reps/{getattr(world, whose).id}/next-one-on-one")
    if expected == 200:
        assert response.status_code == 200, response.text
        assert response.json()["rep_id"] == str(getattr(world, whose).id)
    else:
        problem(response, expected)
