"""/api/v1/reps/{id}/improvement-plans and /api/v1/improvement-plans/{id}: the life cycle
and the rep's status, weekly progress hand-computed from logged activity and won deals, the
roll-up of the activity alarm into improvement_plan_behind, and who sees what.

Company A (tests.conftest): UTC, weekly targets 15 calls/meetings, 3 proposals, 5 hours; an
activity alarm after 2 full weeks below. Plans here start two Mondays before last Monday:
weeks 1-3 are complete, week 4 (this week) runs, week 5 has not started.
"""

from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from app.models import ImprovementPlan
from tests.support.alarm_helpers import LAST_MONDAY, THIS_MONDAY, TODAY, alarms, codes, only
from tests.support.assertions import problem

START = LAST_MONDAY - timedelta(weeks=2)
CALLS = {"metric": "calls_meetings", "target": "15"}
PROPOSALS = {"metric": "proposals", "target": "2"}


def url(rep) -> str:
    return f"/api/v1/reps/{rep.id}/improvement-plans"


def body(starts_on=START, goals=(CALLS,), **extra) -> dict:
    return {"starts_on": str(starts_on), "length_days": 30, "goals": list(goals),
            "check_in_weekday": 4} | extra


def open_plan(world, as_user, rep=None, **kw) -> dict:
    response = as_user(world.manager_a).post(url(rep or world.rep_a1), json=body(**kw))
    assert response.status_code == 201, response.text
    return response.json()


def close(world, as_user, plan, outcome="met"):
    return as_user(world.manager_a).post(f"/api/v1/improvement-plans/{plan['id']}/close",
                                         json={"outcome": outcome, "note": "Done"})


def status_of(world, as_user, rep) -> str:
    return as_user(world.manager_a).get(f"/api/v1/reps/{rep.id}").json()["status"]


def log(world, as_user, day: date, rep=None, **kinds) -> None:
    items = [{"rep_id": str((rep or world.rep_a1).id), "occurred_on": str(day), "kind": kind,
              "quantity": str(quantity)} for kind, quantity in kinds.items() if quantity]
    response = as_user(world.manager_a).post("/api/v1/activities/batch", json={"items": items})
    assert response.status_code == 201, response.text


def won(world, as_user, amount, closed_on: date) -> None:
    response = as_user(world.manager_a).post("/api/v1/deals", json={
        "name": "D", "rep_id": str(world.rep_a1.id), "amount": str(amount),
        "stage": "closed_won", "closed_on": str(closed_on)})
    assert response.status_code == 201, response.text


def activity_codes(caller, rep) -> set[str]:
    """The rep's activity alarms (logging weeks late also raises activity_backdated)."""
    return codes(alarms(caller), rep) & {"activity_below_target", "improvement_plan_behind"}


def count(db) -> int:
    return db.exec(select(func.count()).select_from(ImprovementPlan)).one()


# --- life cycle ----------------------------------------------------------------------------

def test_a_plan_puts_the_rep_on_plan_and_closing_it_sets_them_back(world, as_user):
    plan = open_plan(world, as_user, length_days=60)  # the next Friday is always within it
    assert plan["open"] is True and plan["outcome"] is None
    assert plan["ends_on"] == str(START + timedelta(days=59))
    assert plan["goals"] == [{"metric": "calls_meetings", "target": "15"}]
    assert plan["check_in_weekday"] == 4 and plan["created_by"] == str(world.manager_a.id)
    friday = TODAY + timedelta(days=(4 - TODAY.weekday()) % 7)
    assert plan["next_check_in"] == str(friday)


def test_no_check_in_falls_after_the_plans_end(world, as_user):
    """A 30-day plan that started 4 weeks before last Monday has ended, or ends within days:
    its next check-in is the Friday coming only while that Friday is within it."""
    plan = open_plan(world, as_user, starts_on=START - timedelta(days=1))
    ends_on = START + timedelta(days=28)
    friday = TODAY + timedelta(days=(4 - TODAY.weekday()) % 7)
    assert plan["ends_on"] == str(ends_on)
    assert plan["next_check_in"] == (str(friday) if friday <= ends_on else None)
    assert status_of(world, as_user, world.rep_a1) == "on_plan"
    closed = close(world, as_user, plan)
    assert closed.status_code == 200, closed.text
    got = closed.json()
    assert got["open"] is False and got["outcome"] == "met" and got["close_note"] == "Done"
    assert got["closed_on"] == str(TODAY) and got["closed_by"] == str(world.manager_a.id)
    assert got["next_check_in"] is None
    assert status_of(world, as_user, world.rep_a1) == "active"
    assert as_user(world.manager_a).get(f"/api/v1/improvement-plans/{plan['id']}").json() == got


@pytest.mark.parametrize(("outcome", "status"), [("met", "active"), ("move_seat", "active"),
                                                 ("exit", "exited")])
def test_the_outcome_decides_the_reps_status(world, as_user, outcome, status):
    plan = open_plan(world, as_user)
    assert close(world, as_user, plan, outcome).json()["outcome"] == outcome
    assert status_of(world, as_user, world.rep_a1) == status


def test_one_open_plan_per_rep_and_closing_once(world, as_user, db):
    plan = open_plan(world, as_user)
    before = count(db)
    problem(as_user(world.manager_a).post(url(world.rep_a1), json=body()), 409)
    assert count(db) == before
    open_plan(world, as_user, rep=world.rep_a2)  # another rep may have one
    assert close(world, as_user, plan).status_code == 200
    problem(close(world, as_user, plan, "exit"), 409)
    assert status_of(world, as_user, world.rep_a1) == "active"
    second = open_plan(world, as_user, starts_on=THIS_MONDAY)  # after closing: a new one
    listed = as_user(world.manager_a).get(url(world.rep_a1)).json()
    assert [p["id"] for p in listed] == [second["id"], plan["id"]]


@pytest.mark.parametrize("payload", [
    body() | {"length_days": 45},
    body(goals=[CALLS, CALLS]),
    body(goals=[]),
    body(goals=[{"metric": "emails", "target": "5"}]),
    body(goals=[{"metric": "proposals", "target": "0"}]),
    body() | {"check_in_weekday": 7},
    body() | {"owner_note": "x"},
    body(starts_on=TODAY - timedelta(days=30)),  # ended yesterday
])
def test_invalid_plans_are_422_and_write_nothing(world, as_user, db, payload):
    before = count(db)
    problem(as_user(world.manager_a).post(url(world.rep_a1), json=payload), 422)
    assert count(db) == before
    assert status_of(world, as_user, world.rep_a1) == "active"


def test_an_exited_rep_gets_no_plan(world, as_user):
    plan = open_plan(world, as_user)
    close(world, as_user, plan, "exit")
    problem(as_user(world.manager_a).post(url(world.rep_a1), json=body()), 422)


# --- weekly progress -----------------------------------------------------------------------

def test_weekly_progress_is_hand_computed_from_the_logged_activity(world, as_user):
    week = [START + timedelta(weeks=n) for n in range(4)]
    log(world, as_user, START - timedelta(days=1), call=40, proposal=9)  # before the plan
    log(world, as_user, week[0] + timedelta(days=1), call=15, proposal=2)
    log(world, as_user, week[1] + timedelta(days=1), call=10, proposal=3)
    log(world, as_user, week[2] + timedelta(days=1), call=12)
    log(world, as_user, week[2] + timedelta(days=3), meeting=8, proposal=1)
    log(world, as_user, week[3], call=4)
    log(world, as_user, week[0], rep=world.rep_a2, call=99)  # a peer's
    won(world, as_user, 5000, week[0] + timedelta(days=1))
    won(world, as_user, 20000, week[2] + timedelta(days=2))
    plan = open_plan(world, as_user, goals=[CALLS, PROPOSALS,
                                            {"metric": "revenue_won", "target": "30000"}])
    progress = plan["progress"]
    assert progress["as_of"] == str(TODAY)
    weeks = progress["weeks"]
    assert [(w["number"], w["starts_on"], w["ends_on"], w["complete"]) for w in weeks] == [
        (n + 1, str(week[n]), str(week[n] + timedelta(days=6)), n < 3) for n in range(4)]

    def row(n):
        return [(g["metric"], g["target"], g["actual"], g["met"]) for g in weeks[n]["goals"]]

    assert row(0) == [("calls_meetings", "15.00", "15.00", True),
                      ("proposals", "2.00", "2.00", True),
                      ("revenue_won", "7000.00", "5000.00", False)]  # 30000 * 7 / 30
    assert row(1) == [("calls_meetings", "15.00", "10.00", False),
                      ("proposals", "2.00", "3.00", True),
                      ("revenue_won", "14000.00", "5000.00", False)]
    assert row(2) == [("calls_meetings", "15.00", "20.00", True),  # 12 calls + 8 meetings
                      ("proposals", "2.00", "1.00", False),
                      ("revenue_won", "21000.00", "25000.00", True)]
    assert row(3)[0] == ("calls_meetings", "15.00", "4.00", None)  # still running
    assert progress["goals"] == [
        {"metric": "calls_meetings", "target": "15.00", "weeks_met": 2, "weeks_judged": 3,
         "weeks_behind": 0, "behind": False},
        {"metric": "proposals", "target": "2.00", "weeks_met": 2, "weeks_judged": 3,
         "weeks_behind": 1, "behind": True},
        {"metric": "revenue_won", "target": "30000.00", "weeks_met": 1, "weeks_judged": 3,
         "weeks_behind": 0, "behind": False}]
    assert progress["on_track"] is False


def test_a_short_last_week_has_pro_rata_targets(world, as_user):
    start = TODAY - timedelta(days=28)  # a 30-day plan: week 5 is its last 2 days
    plan = open_plan(world, as_user, starts_on=start, goals=[{"metric": "proposals",
                                                             "target": "7"}])
    weeks = plan["progress"]["weeks"]
    assert len(weeks) == 5 and weeks[-1]["starts_on"] == str(TODAY)
    assert weeks[-1]["ends_on"] == str(TODAY + timedelta(days=1))
    assert weeks[-1]["goals"][0]["target"] == "2.00"  # 7 * 2 / 7
    assert [w["complete"] for w in weeks] == [True] * 4 + [False]


def test_a_plan_not_started_yet_has_no_weeks_and_is_on_track(world, as_user):
    plan = open_plan(world, as_user, starts_on=THIS_MONDAY + timedelta(weeks=1))
    assert plan["progress"]["weeks"] == [] and plan["progress"]["on_track"] is True
    assert plan["next_check_in"] == str(THIS_MONDAY + timedelta(weeks=1, days=4))


# --- the alarm roll-up ---------------------------------------------------------------------

def _short_of_calls_for_three_weeks(world, as_user):
    for n in range(3):
        log(world, as_user, START + timedelta(weeks=n, days=1), call=10,
            prospecting=5)


def test_an_open_plan_rolls_the_activity_alarm_up_into_its_own(world, as_user):
    _short_of_calls_for_three_weeks(world, as_user)
    manager = as_user(world.manager_a)
    assert activity_codes(manager, world.rep_a1) == {"activity_below_target"}
    activity = only(alarms(manager), "activity_below_target", world.rep_a1)
    plan = open_plan(world, as_user)
    seen = alarms(manager)
    assert activity_codes(manager, world.rep_a1) == {"improvement_plan_behind"}
    alarm = only(seen, "improvement_plan_behind", world.rep_a1)
    assert alarm["severity"] == "critical"  # missed 3 weeks running, critical from 2
    assert alarm["figures"]["plan_id"] == plan["id"] and alarm["figures"]["week"] == 3
    assert alarm["figures"]["goals"] == {"calls_meetings": {
        "actual": 10.0, "target": 15.0, "weeks_behind": 3, "weeks_met": 0}}
    assert [r["code"] for r in alarm["figures"]["rolled_up"]] == ["activity_below_target"]
    assert alarm["figures"]["rolled_up"][0]["key"] == activity["key"]
    assert alarm["message"].startswith(
        f"{world.rep_a1.full_name} is behind on the improvement plan in week 3 "
        "(calls/meetings 10 of 15): go through it at the Friday check-in. It rolls up "
        "activity_below_target: ")
    # the rep reads it too (their own), the owner as well
    assert activity_codes(as_user(world.rep_user_a1), world.rep_a1) == {
        "improvement_plan_behind"}
    assert "improvement_plan_behind" in codes(alarms(as_user(world.owner_a)), world.rep_a1)
    close(world, as_user, plan)
    assert activity_codes(manager, world.rep_a1) == {"activity_below_target"}


def test_one_missed_week_is_a_warning_and_a_plan_on_track_raises_nothing(world, as_user):
    _short_of_calls_for_three_weeks(world, as_user)
    manager = as_user(world.manager_a)
    plan = open_plan(world, as_user, goals=[{"metric": "calls_meetings", "target": "10"},
                                            {"metric": "prospecting_hours", "target": "5"}])
    assert activity_codes(manager, world.rep_a1) == set()  # on track: the plan speaks
    close(world, as_user, plan)
    log(world, as_user, START + timedelta(weeks=2, days=2), call=5)  # week 3: 15 calls
    open_plan(world, as_user, goals=[{"metric": "calls_meetings", "target": "20"}])
    alarm = only(alarms(manager), "improvement_plan_behind", world.rep_a1)
    assert alarm["figures"]["goals"]["calls_meetings"]["weeks_behind"] == 3
    settings = manager.patch(f"/api/v1/clients/{world.client_a.id}",
                             json={"alarm_rules": {"improvement_plan_critical_weeks": 4}})
    assert settings.status_code == 200, settings.text
    assert only(alarms(manager), "improvement_plan_behind",
                world.rep_a1)["severity"] == "warning"
    assert alarm["figures"]["rolled_up"] == [] or alarm["figures"]["rolled_up"][0][
        "code"] == "activity_below_target"


def test_a_plan_starting_next_week_leaves_the_activity_alarm_standing(world, as_user):
    _short_of_calls_for_three_weeks(world, as_user)
    open_plan(world, as_user, starts_on=THIS_MONDAY + timedelta(weeks=1))
    assert activity_codes(as_user(world.manager_a), world.rep_a1) == {
        "activity_below_target"}


# --- who sees what ---------------------------------------------------------------------------

def test_the_rep_reads_their_own_plans_and_no_one_elses(world, as_user, db):
    own = open_plan(world, as_user)
    peer = open_plan(world, as_user, rep=world.rep_a2)
    rep = as_user(world.rep_user_a1)
    assert [p["id"] for p in rep.get(url(world.rep_a1)).json()] == [own["id"]]
    assert rep.get(f"/api/v1/improvement-plans/{own['id']}").json()["id"] == own["id"]
    problem(rep.get(url(world.rep_a2)), 404)
    problem(rep.get(f"/api/v1/improvement-plans/{peer['id']}"), 404)
    before = count(db)
    problem(rep.post(url(world.rep_a1), json=body()), 403)
    problem(rep.post(f"/api/v1/improvement-plans/{own['id']}/close",
                     json={"outcome": "met"}), 403)
    assert count(db) == before


def test_the_owner_reads_but_neither_opens_nor_closes(world, as_user, db):
    plan = open_plan(world, as_user)
    owner = as_user(world.owner_a)
    assert [p["id"] for p in owner.get(url(world.rep_a1)).json()] == [plan["id"]]
    assert owner.get(f"/api/v1/improvement-plans/{plan['id']}").status_code == 200
    before = count(db)
    problem(owner.post(url(world.rep_a2), json=body()), 403)
    problem(owner.post(f"/api/v1/improvement-plans/{plan['id']}/close",
                       json={"outcome": "exit"}), 403)
    assert count(db) == before and status_of(world, as_user, world.rep_a1) == "on_plan"


def test_another_companys_plans_and_reps_are_not_found(world, as_user, db):
    plan = open_plan(world, as_user)
    before = count(db)
    for user in (world.manager_b, world.owner_b):
        caller = as_user(user)
        problem(caller.get(url(world.rep_a1)), 404)
        problem(caller.get(f"/api/v1/improvement-plans/{plan['id']}"), 404)
        problem(caller.post(f"/api/v1/improvement-plans/{plan['id']}/close",
                            json={"outcome": "met"}), 404)
    assert problem(as_user(world.manager_b).post(url(world.rep_a1), json=body()), 404)[
        "detail"] == f"No rep with id {world.rep_a1.id}."
    assert count(db) == before and status_of(world, as_user, world.rep_a1) == "on_plan"
