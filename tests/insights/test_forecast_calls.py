"""Weekly forecast calls: a rep's own, the manager's for the client (a note when it
overrides the reps' sum), every version kept, a snapshot and a webhook event per call, the
calls in the forecast, who may do what, and the alarm for a rep who hasn't called."""

from datetime import timedelta

from sqlmodel import select

from app.models import ForecastCall, ForecastSnapshot, WebhookEvent
from tests.support.alarm_helpers import LAST_MONDAY, alarms, deal
from tests.support.assertions import problem
from tests.support.forecast_helpers import (
    LAST_MONTH,
    MONTH_END,
    PERIOD,
    at_noon,
    call,
    forecast,
)
from tests.support.webhook_helpers import subscribe

CALLS = "/api/v1/clients/{}/forecast-calls/{}"


def calls(caller, client, period=PERIOD) -> dict:
    response = caller.get(CALLS.format(client.id, period))
    assert response.status_code == 200, response.text
    return response.json()


def test_a_rep_calls_and_revises_and_every_version_is_kept(world, as_user):
    rep = as_user(world.rep_user_a1)
    first = call(rep, world.client_a, 30000, 45000, "Two deals in negotiation")
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 1 and first.json()["rep_id"] == str(world.rep_a1.id)
    second = call(rep, world.client_a, 35000, 45000).json()
    assert second["version"] == 2 and second["period"] == PERIOD
    listed = calls(as_user(world.manager_a), world.client_a)
    assert [c["version"] for c in listed["latest"]] == [2]
    assert [c["version"] for c in listed["versions"]] == [2, 1]
    assert listed["reps_total"] == {"commit": "35000.00", "best_case": "45000.00",
                                    "reps_called": 1, "reps": 2}


def test_the_forecast_sums_the_reps_latest_calls_and_shows_the_managers(world, as_user):
    call(as_user(world.rep_user_a1), world.client_a, 30000, 40000)
    call(as_user(world.rep_user_a1), world.client_a, 32000, 40000)
    call(as_user(world.rep_user_a2), world.client_a, 10000, 15000)
    manager = as_user(world.manager_a)
    assert call(manager, world.client_a, 42000, 60000).status_code == 200  # the reps' sum
    found = forecast(manager, world.client_a)
    assert found["methods"]["reps_calls"] == "42000.00"
    assert found["methods"]["manager_call"] == "42000.00"
    rows = {r["rep_id"]: r for r in found["reps"]}
    assert rows[str(world.rep_a1.id)]["methods"]["reps_calls"] == "32000.00"
    assert rows[str(world.rep_a1.id)]["call"]["version"] == 2
    assert rows[str(world.rep_a2.id)]["methods"]["manager_call"] is None
    assert found["manager_call"]["commit"] == "42000.00"


def test_a_managers_call_that_overrides_the_reps_needs_a_note(world, as_user):
    call(as_user(world.rep_user_a1), world.client_a, 30000, 40000)
    manager = as_user(world.manager_a)
    refused = problem(call(manager, world.client_a, 25000, 40000), 422)
    assert "30,000.00" in refused["detail"] and refused["errors"][0]["field"] == "body.note"
    assert calls(manager, world.client_a)["manager_call"] is None  # nothing written
    kept = call(manager, world.client_a, 25000, 40000, "Budget freeze at the biggest account")
    assert kept.status_code == 200 and kept.json()["rep_id"] is None


def test_a_rep_sees_only_their_own_call_the_owner_sees_all_and_may_not_call(world, as_user):
    call(as_user(world.rep_user_a1), world.client_a, 30000, 40000)
    call(as_user(world.rep_user_a2), world.client_a, 10000, 15000)
    mine = calls(as_user(world.rep_user_a2), world.client_a)
    assert [c["rep_id"] for c in mine["latest"]] == [str(world.rep_a2.id)]
    owner = as_user(world.owner_a)
    assert len(calls(owner, world.client_a)["latest"]) == 2
    problem(call(owner, world.client_a, 1000, 2000), 403)
    problem(call(as_user(world.manager_b), world.client_a, 1000, 2000), 404)
    problem(as_user(world.rep_user_b1).get(CALLS.format(world.client_a.id, PERIOD)), 404)


def test_only_the_current_period_and_a_best_case_not_below_commit(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    problem(call(rep, world.client_a, 1000, 2000, period=f"{LAST_MONTH.start:%Y-%m}"), 422)
    problem(call(rep, world.client_a, 1000, 2000, period="2026-Q4"), 422)
    problem(call(rep, world.client_a, 3000, 2000), 422)
    problem(call(rep, world.client_a, "-1", 2000), 422)
    assert db.exec(select(ForecastCall)).all() == []


def test_each_call_is_snapshotted_and_told_to_subscribers(world, as_user, db):
    manager = as_user(world.manager_a)
    subscribe(manager, "https://hooks.example.com/a", ["forecast.submitted"])
    other = subscribe(as_user(world.rep_user_a2), "https://hooks.example.com/b",
                      ["forecast.submitted"])
    deal(as_user(world.rep_user_a1), 20000, stage="negotiation", forecast_category="commit",
         expected_close_on=MONTH_END)
    made = call(as_user(world.rep_user_a1), world.client_a, 20000, 25000).json()
    [snapshot] = db.exec(select(ForecastSnapshot)).all()
    assert snapshot.reason == "call" and snapshot.source == "live"
    assert snapshot.figures["methods"]["commit"] == "20000.00"  # the whole client's view
    [event] = db.exec(select(WebhookEvent).where(WebhookEvent.type == "forecast.submitted"))
    assert event.payload["data"]["id"] == made["id"]
    deliveries = as_user(world.rep_user_a2).get(f"/api/v1/webhooks/{other['id']}/deliveries")
    assert deliveries.json()["items"] == []  # another rep's call is not theirs to hear of
    history = manager.get(f"/api/v1/clients/{world.client_a.id}/forecast/history").json()
    assert [i["reason"] for i in history["items"]] == ["call"]


# --- forecast_call_missing: from the first call on, every rep calls by Monday 12:00 ---------

LAST_SUNDAY = LAST_MONDAY + timedelta(days=6)


def _moved(db, rep_id, when) -> None:
    for found in db.exec(select(ForecastCall).where(ForecastCall.rep_id == rep_id)):
        found.submitted_at = when
    db.flush()


def missing(world, as_user, **params) -> set[str]:
    return {a["rep_id"] for a in alarms(as_user(world.manager_a), **params)
            if a["code"] == "forecast_call_missing"}


def test_a_rep_without_a_call_in_the_week_of_the_deadline_is_raised(world, as_user, db):
    call(as_user(world.rep_user_a1), world.client_a, 1000, 2000)
    _moved(db, world.rep_a1.id, at_noon(LAST_MONDAY) - timedelta(weeks=1))  # calls began
    call(as_user(world.rep_user_a1), world.client_a, 1000, 2000)
    latest = max(db.exec(select(ForecastCall)), key=lambda c: c.revision)
    latest.submitted_at = at_noon(LAST_MONDAY) - timedelta(hours=2)  # on time last week
    db.flush()
    assert missing(world, as_user, as_of=LAST_SUNDAY) == {str(world.rep_a2.id)}


def test_a_call_at_the_weeks_first_instant_counts_one_before_does_not(world, as_user, db):
    call(as_user(world.rep_user_a1), world.client_a, 1000, 2000)
    _moved(db, world.rep_a1.id, at_noon(LAST_MONDAY) - timedelta(weeks=1))
    call(as_user(world.rep_user_a2), world.client_a, 1000, 2000)
    week_start = at_noon(LAST_MONDAY) - timedelta(hours=12)  # Monday 00:00 UTC
    _moved(db, world.rep_a2.id, week_start)
    assert missing(world, as_user, as_of=LAST_SUNDAY) == {str(world.rep_a1.id)}
    _moved(db, world.rep_a2.id, week_start - timedelta(seconds=1))
    assert missing(world, as_user, as_of=LAST_SUNDAY) == {str(world.rep_a1.id),
                                                          str(world.rep_a2.id)}


def test_no_alarm_before_a_clients_first_call_nor_in_the_week_calls_begin(world, as_user, db):
    assert missing(world, as_user, as_of=LAST_SUNDAY) == set()
    call(as_user(world.rep_user_a1), world.client_a, 1000, 2000)
    _moved(db, world.rep_a1.id, at_noon(LAST_MONDAY) + timedelta(hours=1))
    assert missing(world, as_user, as_of=LAST_SUNDAY) == set()  # calls began that week
