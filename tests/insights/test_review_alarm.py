"""The assessment_overdue alarm (docs/domain.md, "Strategy reviews": review strategy and
execution at least every 6 months): raised when the last review held on or before as_of is
more than 6 calendar months old, or there is none and the engagement started more than 6
months ago; cleared by a new review; warning, critical past 90 days late.
Dates are fixed and passed as as_of, so every figure is hand-computed."""

from datetime import date, timedelta

from tests.support.alarm_helpers import alarms, only, quiet, settings

CODE = "assessment_overdue"


def overdue(caller, client, as_of) -> list[dict]:
    return [a for a in alarms(caller, client_id=client.id, as_of=as_of) if a["code"] == CODE]


def review(manager, client, held_on, *, questions=None) -> None:
    """A review with every question answered (or only `questions`)."""
    asked = manager.get("/api/v1/strategy-reviews/questions").json()
    names = questions or [q["question"] for q in asked["items"]]
    response = manager.post(f"/api/v1/clients/{client.id}/strategy-reviews", json={
        "held_on": held_on, "answers": [{"question": q, "score": 3} for q in names]})
    assert response.status_code == 201, response.text


def started(world, as_user, on: str, **more) -> None:
    settings(as_user(world.manager_a), world.client_a, engagement_started_on=on, **more)


def test_no_start_date_and_no_review_raises_nothing(world, as_user):
    assert overdue(as_user(world.manager_a), world.client_a, "2026-10-01") == []


def test_six_months_after_the_start_without_a_review_is_due_and_a_day_later_overdue(
        world, as_user):
    manager = as_user(world.manager_a)
    started(world, as_user, "2026-01-15")
    assert overdue(manager, world.client_a, "2026-07-15") == []
    alarm = only(overdue(manager, world.client_a, "2026-07-16"), CODE)
    assert alarm["severity"] == "warning" and alarm["rep_id"] is None
    assert alarm["client_id"] == str(world.client_a.id)
    assert alarm["figures"] == {"last_review_on": None, "engagement_started_on": "2026-01-15",
                                "due_on": "2026-07-15", "days_overdue": 1, "every_months": 6}
    assert alarm["message"] == (
        "Assess strategy and execution: there has been no review since the engagement started "
        "on 2026-01-15; a review is due every 6 months and is 1 day overdue (due 2026-07-15).")


def test_a_review_more_than_six_calendar_months_old_is_overdue(world, as_user):
    manager = as_user(world.manager_a)
    started(world, as_user, "2025-06-01")
    review(manager, world.client_a, "2026-03-31")
    assert overdue(manager, world.client_a, "2026-09-30") == []  # 31 March + 6 months
    alarm = only(overdue(manager, world.client_a, "2026-10-20"), CODE)
    assert alarm["figures"] == {"last_review_on": "2026-03-31",
                                "engagement_started_on": "2025-06-01", "due_on": "2026-09-30",
                                "days_overdue": 20, "every_months": 6}
    assert alarm["message"] == (
        "Assess strategy and execution: the last review was on 2026-03-31; a review is due "
        "every 6 months and is 20 days overdue (due 2026-09-30).")


def test_a_new_review_clears_the_alarm_but_not_for_days_before_it_was_held(world, as_user):
    manager = as_user(world.manager_a)
    started(world, as_user, "2025-06-01")
    review(manager, world.client_a, "2026-01-20")
    assert only(overdue(manager, world.client_a, "2026-10-01"), CODE)
    review(manager, world.client_a, "2026-10-01")
    assert overdue(manager, world.client_a, "2026-10-01") == []
    alarm = only(overdue(manager, world.client_a, "2026-09-25"), CODE)
    assert alarm["figures"]["last_review_on"] == "2026-01-20"
    assert alarm["figures"]["days_overdue"] == 67  # 20 July to 25 September


def test_more_than_90_days_late_is_critical(world, as_user):
    manager = as_user(world.manager_a)
    started(world, as_user, "2026-01-15")
    assert only(overdue(manager, world.client_a, "2026-10-13"), CODE)["severity"] == "warning"
    alarm = only(overdue(manager, world.client_a, "2026-10-14"), CODE)
    assert alarm["severity"] == "critical" and alarm["figures"]["days_overdue"] == 91


def test_an_engagement_that_has_ended_raises_nothing(world, as_user):
    started(world, as_user, "2025-01-15", engagement_ended_on="2026-06-30")
    manager = as_user(world.manager_a)
    assert only(overdue(manager, world.client_a, "2026-06-30"), CODE)
    assert overdue(manager, world.client_a, "2026-07-01") == []


def test_the_owner_sees_the_alarm_and_the_reps_do_not(world, as_user):
    started(world, as_user, "2026-01-15")
    assert only(overdue(as_user(world.owner_a), world.client_a, "2026-08-01"), CODE)
    rep_alarms = alarms(as_user(world.rep_user_a1), as_of="2026-08-01")
    assert CODE not in {a["code"] for a in rep_alarms}


def test_a_review_with_one_question_answered_clears_nothing(world, as_user):
    manager = as_user(world.manager_a)
    started(world, as_user, "2026-01-15")
    review(manager, world.client_a, "2026-08-01", questions=["profitability"])
    assert only(overdue(manager, world.client_a, "2026-08-02"), CODE)
    review(manager, world.client_a, "2026-08-03")
    assert overdue(manager, world.client_a, "2026-08-04") == []


def test_today_the_alarm_shows_in_the_portfolio_and_can_be_acknowledged(world, as_user):
    manager = as_user(world.manager_a)
    quiet(world, as_user)
    started(world, as_user, str(date.today() - timedelta(days=200)))
    [alarm] = overdue(manager, world.client_a, None)
    row = next(r for r in manager.get("/api/v1/portfolio").json()["items"]
               if r["client_id"] == str(world.client_a.id))
    assert alarm["message"] in row["health_reasons"] and row["health"] == "amber"
    acked = manager.post(f"/api/v1/alarms/{alarm['key']}/ack")
    assert acked.status_code == 200 and acked.json()["acknowledged_at"]
