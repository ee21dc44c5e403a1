"""/api/v1/clients/{id}/bottom-performers on small fixed data sets (as_of 2026-11-23, a
Monday; company A measures by month, so the ended periods are October, September, August...,
and the full weeks are 2026-W47 (16 November), W46, W45 ...).

Criteria (app/services/bottom_performers.py): the bottom third of attainment (ceil(n/3)
lowest of 3+ ranked reps, ties included) in each of the last 2+ ended periods; or below one
activity target for 3+ consecutive full weeks up to last week."""

from datetime import date, timedelta

import pytest

from tests.support import factories
from tests.support.alarm_helpers import settings
from tests.support.assertions import problem

AS_OF = "2026-11-23"
NO_TARGETS = {"weekly_calls_target": 0, "weekly_proposals_target": 0,
              "weekly_prospecting_hours_target": "0"}


def url(client) -> str:
    return f"/api/v1/clients/{client.id}/bottom-performers"


def listed(caller, client, as_of=AS_OF) -> dict:
    response = caller.get(url(client), params={"as_of": as_of})
    assert response.status_code == 200, response.text
    return response.json()


def won(manager, rep, amount, closed_on) -> None:
    response = manager.post("/api/v1/deals", json={
        "name": "D", "rep_id": str(rep.id), "amount": str(amount), "stage": "closed_won",
        "closed_on": closed_on})
    assert response.status_code == 201, response.text


def log(manager, rep, monday: str, *, calls=0, meetings=0, proposals=0, day=2) -> None:
    day = str(date.fromisoformat(monday) + timedelta(days=day))
    items = [{"rep_id": str(rep.id), "occurred_on": day, "kind": kind, "quantity": str(q)}
             for kind, q in (("call", calls), ("meeting", meetings), ("proposal", proposals))
             if q]
    response = manager.post("/api/v1/activities/batch", json={"items": items})
    assert response.status_code == 201, response.text


@pytest.fixture
def team(world, as_user, db):
    """Company A with a third rep (quota 50,000; the others 25,000) and no activity targets."""
    settings(as_user(world.manager_a), world.client_a, **NO_TARGETS)
    rep_a3 = factories.make_rep(db, world.client_a, full_name="Casey Third",
                                quota=50000)
    return world.rep_a1, world.rep_a2, rep_a3


# --- the bottom third of attainment ----------------------------------------------------------

def test_the_bottom_third_in_the_last_two_ended_months_is_listed_with_its_figures(
        world, as_user, team):
    a1, a2, a3 = team
    manager = as_user(world.manager_a)
    for rep, amount, day in (
        (a1, 2500, "2026-08-10"), (a2, 25000, "2026-08-11"), (a3, 30000, "2026-08-12"),
        (a1, 20000, "2026-09-10"), (a2, 30000, "2026-09-11"), (a3, 10000, "2026-09-30"),
        (a1, 12500, "2026-10-01"), (a2, 25000, "2026-10-11"), (a3, 7500, "2026-10-31"),
        (a3, 100000, "2026-11-02"),  # November is still running: not ranked
    ):
        won(manager, rep, amount, day)
    got = listed(manager, world.client_a)
    assert got["measurement_period"] == "month" and got["as_of"] == AS_OF
    assert (got["periods_needed"], got["weeks_needed"]) == (2, 3)
    [row] = got["items"]
    assert row["rep_id"] == str(a3.id) and row["full_name"] == "Casey Third"
    assert row["last_diagnostic"] is None
    assert row["criteria"] == [{
        "criterion": "bottom_third_attainment",
        "summary": "In the bottom third of attainment for the last 2 periods (latest 15% of "
                   "quota, rank 1 of 3).",
        "periods": [
            {"start": "2026-09-01", "end": "2026-09-30", "revenue_won": "10000.00",
             "quota": "50000.00", "attainment": 0.2, "rank": 1, "ranked_reps": 3},
            {"start": "2026-10-01", "end": "2026-10-31", "revenue_won": "7500.00",
             "quota": "50000.00", "attainment": 0.15, "rank": 1, "ranked_reps": 3}],
        "activity": None}]


def test_three_periods_in_a_row_are_all_shown(world, as_user, team):
    a1, a2, a3 = team
    manager = as_user(world.manager_a)
    for month in ("08", "09", "10"):
        won(manager, a1, 25000, f"2026-{month}-15")
        won(manager, a2, 20000, f"2026-{month}-15")
    [row] = listed(manager, world.client_a)["items"]
    assert row["rep_id"] == str(a3.id)
    periods = row["criteria"][0]["periods"]
    assert [p["start"] for p in periods] == ["2026-08-01", "2026-09-01", "2026-10-01"]
    assert all(p["attainment"] == 0.0 and p["revenue_won"] == "0.00" for p in periods)
    assert row["criteria"][0]["summary"].startswith("In the bottom third of attainment for "
                                                    "the last 3 periods")


def test_ties_at_the_cut_are_all_in_the_bottom_third(world, as_user, team):
    a1, a2, a3 = team
    manager = as_user(world.manager_a)
    for month in ("09", "10"):
        won(manager, a1, 5000, f"2026-{month}-15")
        won(manager, a2, 5000, f"2026-{month}-16")
        won(manager, a3, 50000, f"2026-{month}-17")
    got = listed(manager, world.client_a)["items"]
    assert {r["rep_id"] for r in got} == {str(a1.id), str(a2.id)}
    assert [r["full_name"] for r in got] == sorted(r["full_name"] for r in got)
    assert {p["rank"] for r in got for p in r["criteria"][0]["periods"]} == {1}


def test_one_bad_month_is_not_enough(world, as_user, team):
    a1, a2, a3 = team
    manager = as_user(world.manager_a)
    won(manager, a1, 25000, "2026-09-15")
    won(manager, a2, 25000, "2026-09-15")
    won(manager, a3, 1000, "2026-08-15")  # bottom in August and October, not September
    won(manager, a3, 60000, "2026-09-15")
    won(manager, a1, 25000, "2026-10-15")
    won(manager, a2, 25000, "2026-10-15")
    assert listed(manager, world.client_a)["items"] == []


def test_a_month_in_which_nobody_won_anything_ranks_nobody(world, as_user, team):
    a1, a2, _ = team
    manager = as_user(world.manager_a)
    won(manager, a1, 25000, "2026-10-15")
    won(manager, a2, 25000, "2026-10-15")
    assert listed(manager, world.client_a)["items"] == []  # September had no win at all


def test_reps_hired_during_a_period_are_not_ranked_in_it(world, as_user, team, db):
    a1, a2, a3 = team
    manager = as_user(world.manager_a)
    newcomer = factories.make_rep(db, world.client_a, full_name="New Hire",
                                  hire_date=date(2026, 10, 2))
    for month in ("09", "10"):
        won(manager, a1, 25000, f"2026-{month}-15")
        won(manager, a2, 20000, f"2026-{month}-15")
        won(manager, a3, 5000, f"2026-{month}-15")
    [row] = listed(manager, world.client_a)["items"]
    assert row["rep_id"] == str(a3.id) and newcomer.full_name not in str(row)
    assert [p["ranked_reps"] for p in row["criteria"][0]["periods"]] == [3, 3]


def test_a_team_under_three_reps_has_no_bottom_third(world, as_user):
    manager = as_user(world.manager_a)
    settings(manager, world.client_a, **NO_TARGETS)
    for month in ("09", "10"):
        won(manager, world.rep_a1, 25000, f"2026-{month}-15")
    assert listed(manager, world.client_a)["items"] == []


def test_archived_and_exited_reps_are_neither_ranked_nor_listed(world, as_user, team, db):
    a1, a2, a3 = team
    manager = as_user(world.manager_a)
    factories.make_rep(db, world.client_a, full_name="Gone", status="exited")
    for month in ("09", "10"):
        won(manager, a1, 25000, f"2026-{month}-15")
        won(manager, a2, 20000, f"2026-{month}-15")
    assert [r["rep_id"] for r in listed(manager, world.client_a)["items"]] == [str(a3.id)]
    manager.post(f"/api/v1/reps/{a3.id}/archive")
    assert listed(manager, world.client_a)["items"] == []  # two left: no third


# --- activity below target ------------------------------------------------------------------

def test_three_full_weeks_under_the_calls_target_are_listed_with_each_week(world, as_user):
    manager = as_user(world.manager_a)
    settings(manager, world.client_a, weekly_proposals_target=0,
             weekly_prospecting_hours_target="0")  # calls and meetings: 15 a week
    a1, a2 = world.rep_a1, world.rep_a2
    log(manager, a1, "2026-10-26", calls=20)
    for monday in ("2026-11-02", "2026-11-09"):
        log(manager, a1, monday, calls=10)
    log(manager, a1, "2026-11-16", calls=8, meetings=2)
    log(manager, a1, "2026-11-23", calls=40, day=0)  # this week is not over: not counted
    log(manager, a2, "2026-11-02", calls=20)
    log(manager, a2, "2026-11-09", calls=10)
    log(manager, a2, "2026-11-16", calls=10, meetings=6)  # 16 of 15
    [row] = listed(manager, world.client_a)["items"]
    assert row["rep_id"] == str(a1.id)
    assert row["criteria"] == [{
        "criterion": "activity_below_target",
        "summary": "Below the weekly target for calls/meetings (3 weeks), up to last week.",
        "periods": None,
        "activity": [{"kind": "calls_meetings", "weeks_below": 3, "weeks": [
            {"week": "2026-W45", "actual": 10.0, "target": 15.0},
            {"week": "2026-W46", "actual": 10.0, "target": 15.0},
            {"week": "2026-W47", "actual": 10.0, "target": 15.0}]}]}]


def test_every_kind_below_for_long_enough_is_named(world, as_user):
    manager = as_user(world.manager_a)
    settings(manager, world.client_a, weekly_prospecting_hours_target="0")  # 15 calls, 3 props
    for monday in ("2026-11-02", "2026-11-09", "2026-11-16"):
        log(manager, world.rep_a2, monday, calls=15, proposals=3)
    row = next(r for r in listed(manager, world.client_a)["items"]
               if r["rep_id"] == str(world.rep_a1.id))
    streaks = row["criteria"][0]["activity"]
    assert [(s["kind"], s["weeks_below"]) for s in streaks] == [("calls_meetings", 13),
                                                                ("proposals", 13)]
    assert row["criteria"][0]["summary"] == ("Below the weekly target for calls/meetings (13 "
                                             "weeks) and proposals (13 weeks), up to last week.")
    # rep_a2 was under for ten weeks, but has met both targets since W45: not listed
    assert str(world.rep_a2.id) not in {r["rep_id"] for r in listed(manager, world.client_a)[
        "items"]}


def test_weeks_before_the_hire_date_do_not_count(world, as_user, db):
    manager = as_user(world.manager_a)
    settings(manager, world.client_a, weekly_proposals_target=0,
             weekly_prospecting_hours_target="0")
    for rep in (world.rep_a1, world.rep_a2):
        for monday in ("2026-11-02", "2026-11-09", "2026-11-16"):
            log(manager, rep, monday, calls=15)
    factories.make_rep(db, world.client_a, full_name="Hired W46", hire_date=date(2026, 11, 10))
    early = factories.make_rep(db, world.client_a, full_name="Hired W45",
                               hire_date=date(2026, 11, 8))
    [row] = listed(manager, world.client_a)["items"]
    assert row["rep_id"] == str(early.id)
    assert row["criteria"][0]["activity"][0]["weeks_below"] == 3


def test_the_latest_diagnostic_is_shown_and_both_criteria_can_hold(world, as_user, team):
    a1, a2, a3 = team
    manager = as_user(world.manager_a)
    settings(manager, world.client_a, weekly_calls_target=15)
    for rep in (a1, a2):
        for monday in ("2026-11-02", "2026-11-09", "2026-11-16"):
            log(manager, rep, monday, calls=15)
    for month in ("09", "10"):
        won(manager, a1, 25000, f"2026-{month}-15")
        won(manager, a2, 20000, f"2026-{month}-15")
    diagnostic_url = f"/api/v1/reps/{a3.id}/diagnostics"
    manager.post(diagnostic_url, json={"motivators": []})
    latest = manager.post(diagnostic_url, json={
        "motivators": ["money", "teamwork", "achievement"], "interpersonal_concern": True,
        "competence": {"has_tools": True, "has_training": True, "knows_what_to_ask": True,
                       "uses_tools": True}}).json()
    [row] = listed(manager, world.client_a)["items"]
    assert [c["criterion"] for c in row["criteria"]] == ["bottom_third_attainment",
                                                         "activity_below_target"]
    assert row["last_diagnostic"] == {"id": latest["id"], "created_at": latest["created_at"],
                                      "recommendation": "develop"}


# --- roles -----------------------------------------------------------------------------------

def test_owners_read_the_list_reps_do_not_and_another_company_is_not_found(world, as_user):
    assert listed(as_user(world.owner_a), world.client_a)["client_id"] == str(world.client_a.id)
    problem(as_user(world.rep_user_a1).get(url(world.client_a)), 403)
    for user in (world.manager_a, world.owner_a, world.rep_user_a1):
        problem(as_user(user).get(url(world.client_b)), 404)
