"""coaching_cadence_missed, the manager's own alarm (client-level, a warning): an active rep
without a one-on-one for more than 14 days (counted from the last one held, else from the
later of the rep's hire date and the engagement's start), or the client without a sales
meeting for more than 10 days (from the last, else from the engagement's start; only when
the client has active reps).

Company A (UTC) has two active reps, A1 and A2, with no hire date.
"""

from datetime import timedelta

from tests.support.alarm_helpers import TODAY, alarms, settings


def ago(days: int) -> str:
    return str(TODAY - timedelta(days=days))


def engaged(world, as_user, days: int) -> None:
    """The engagement with company A started `days` days ago."""
    settings(as_user(world.manager_a), world.client_a, engagement_started_on=ago(days))


def one_on_one(world, as_user, rep, days: int = 0) -> dict:
    response = as_user(world.manager_a).post("/api/v1/one-on-ones", json={
        "rep_id": str(rep.id), "held_on": ago(days)})
    assert response.status_code == 201, response.text
    return response.json()


def sales_meeting(world, as_user, days: int = 0) -> None:
    response = as_user(world.manager_a).post("/api/v1/sales-meetings", json={
        "client_id": str(world.client_a.id), "held_on": ago(days),
        "rep_ids": [str(world.rep_a1.id), str(world.rep_a2.id)], "owner_attended": False,
        "notes": "Pipeline review.", "decisions": ["Commit means a PO this month"]})
    assert response.status_code == 201, response.text


def cadence(world, as_user, user=None, **params) -> dict | None:
    found = [a for a in alarms(as_user(user or world.manager_a), **params)
             if a["code"] == "coaching_cadence_missed"]
    assert len(found) <= 1
    return found[0] if found else None


def missed(alarm) -> list[tuple[str, str | None, int]]:
    return [(m["rep_id"], m["last_one_on_one"], m["days"])
            for m in alarm["figures"]["reps_without_one_on_one"]]


def test_15_days_since_the_engagement_started_without_one_on_ones_raises_it(world, as_user):
    engaged(world, as_user, 15)
    sales_meeting(world, as_user)
    alarm = cadence(world, as_user)
    assert alarm["severity"] == "warning" and alarm["rep_id"] is None
    assert alarm["client_id"] == str(world.client_a.id)
    first, second = sorted((world.rep_a1, world.rep_a2), key=lambda r: r.full_name)
    assert alarm["figures"] == {
        "reps_without_one_on_one": [
            {"rep_id": str(rep.id), "name": rep.full_name, "last_one_on_one": None, "days": 15}
            for rep in (first, second)],
        "last_sales_meeting": str(TODAY), "days_since_sales_meeting": 0,
        "one_on_one_every_days": 14, "sales_meeting_every_days": 10}
    assert alarm["message"] == ("Keep the coaching rhythm: no one-on-one for 14+ days with "
                                f"{first.full_name}, {second.full_name}.")


def test_14_days_since_the_engagement_started_is_not_yet_missed(world, as_user):
    engaged(world, as_user, 14)
    sales_meeting(world, as_user)
    assert cadence(world, as_user) is None


def test_a_one_on_one_15_days_ago_is_missed_and_one_14_days_ago_is_on_time(world, as_user):
    engaged(world, as_user, 60)
    sales_meeting(world, as_user)
    one_on_one(world, as_user, world.rep_a2)
    one_on_one(world, as_user, world.rep_a1, 15)
    alarm = cadence(world, as_user)
    assert missed(alarm) == [(str(world.rep_a1.id), ago(15), 15)]
    one_on_one(world, as_user, world.rep_a1, 14)
    assert cadence(world, as_user) is None


def test_a_rep_hired_after_the_engagement_started_counts_from_the_hire_date(world, as_user):
    engaged(world, as_user, 60)
    sales_meeting(world, as_user)
    one_on_one(world, as_user, world.rep_a2)
    manager = as_user(world.manager_a)
    hire = manager.patch(f"/api/v1/reps/{world.rep_a1.id}", json={"hire_date": ago(14)})
    assert hire.status_code == 200, hire.text
    assert cadence(world, as_user) is None
    manager.patch(f"/api/v1/reps/{world.rep_a1.id}", json={"hire_date": ago(15)})
    assert missed(cadence(world, as_user)) == [(str(world.rep_a1.id), None, 15)]


def test_a_hire_date_before_the_engagement_started_counts_from_the_engagement(world, as_user):
    engaged(world, as_user, 14)
    sales_meeting(world, as_user)
    as_user(world.manager_a).patch(f"/api/v1/reps/{world.rep_a1.id}",
                                   json={"hire_date": ago(400)})
    assert cadence(world, as_user) is None


def test_without_an_engagement_start_a_rep_counts_from_the_hire_date(world, as_user):
    """The later of the hire date and the engagement's start: with no start, the hire."""
    manager = as_user(world.manager_a)
    sales_meeting(world, as_user)
    one_on_one(world, as_user, world.rep_a2)
    manager.patch(f"/api/v1/reps/{world.rep_a1.id}", json={"hire_date": ago(14)})
    assert cadence(world, as_user) is None
    manager.patch(f"/api/v1/reps/{world.rep_a1.id}", json={"hire_date": ago(15)})
    alarm = cadence(world, as_user)
    assert alarm is not None, "hired 15 days ago, never met one-on-one: expected an alarm"
    assert missed(alarm) == [(str(world.rep_a1.id), None, 15)]


def test_a_sales_meeting_11_days_ago_is_missed_and_one_10_days_ago_is_on_time(world, as_user):
    engaged(world, as_user, 60)
    one_on_one(world, as_user, world.rep_a1)
    one_on_one(world, as_user, world.rep_a2)
    sales_meeting(world, as_user, 11)
    alarm = cadence(world, as_user)
    assert alarm["figures"]["reps_without_one_on_one"] == []
    assert (alarm["figures"]["last_sales_meeting"],
            alarm["figures"]["days_since_sales_meeting"]) == (ago(11), 11)
    assert alarm["message"] == "Keep the coaching rhythm: no sales meeting for 11 days."
    sales_meeting(world, as_user, 10)
    assert cadence(world, as_user) is None


def test_with_no_sales_meeting_yet_the_days_count_from_the_engagements_start(world, as_user):
    engaged(world, as_user, 10)
    assert cadence(world, as_user) is None
    engaged(world, as_user, 11)
    alarm = cadence(world, as_user)
    assert alarm["figures"]["last_sales_meeting"] is None
    assert alarm["figures"]["days_since_sales_meeting"] == 11
    assert alarm["figures"]["reps_without_one_on_one"] == []


def test_a_client_without_active_reps_needs_no_meeting_and_a_rep_on_plan_is_active(
        world, as_user):
    engaged(world, as_user, 30)
    manager = as_user(world.manager_a)
    assert manager.post(f"/api/v1/reps/{world.rep_a1.id}/archive").status_code == 200
    exited = manager.patch(f"/api/v1/reps/{world.rep_a2.id}", json={"status": "exited"})
    assert exited.status_code == 200, exited.text
    assert cadence(world, as_user) is None
    manager.patch(f"/api/v1/reps/{world.rep_a2.id}", json={"status": "on_plan"})
    alarm = cadence(world, as_user)
    assert missed(alarm) == [(str(world.rep_a2.id), None, 30)]
    assert alarm["figures"]["days_since_sales_meeting"] == 30


def test_an_archived_one_on_one_does_not_count(world, as_user):
    engaged(world, as_user, 60)
    sales_meeting(world, as_user)
    one_on_one(world, as_user, world.rep_a2)
    held = one_on_one(world, as_user, world.rep_a1, 3)
    assert cadence(world, as_user) is None
    archived = as_user(world.manager_a).post(f"/api/v1/one-on-ones/{held['id']}/archive")
    assert archived.status_code == 200, archived.text
    assert missed(cadence(world, as_user)) == [(str(world.rep_a1.id), None, 60)]


def test_as_of_a_past_day_counts_only_the_meetings_held_by_then(world, as_user):
    engaged(world, as_user, 60)
    for rep in (world.rep_a1, world.rep_a2):
        one_on_one(world, as_user, rep, 20)
        one_on_one(world, as_user, rep)  # held after the days looked at: not counted
    sales_meeting(world, as_user, 8)
    assert cadence(world, as_user, as_of=ago(6)) is None  # 14 days after the one-on-ones
    alarm = cadence(world, as_user, as_of=ago(5))  # 15 days after
    assert sorted(missed(alarm)) == sorted(
        (str(rep.id), ago(20), 15) for rep in (world.rep_a1, world.rep_a2))
    assert alarm["figures"]["days_since_sales_meeting"] == 3


def test_the_owner_sees_the_managers_cadence_alarm_and_no_rep_does(world, as_user):
    engaged(world, as_user, 30)
    sales_meeting(world, as_user)
    one_on_one(world, as_user, world.rep_a1)
    alarm = cadence(world, as_user)
    assert missed(alarm) == [(str(world.rep_a2.id), None, 30)]
    owners = cadence(world, as_user, world.owner_a)
    assert owners["figures"] == alarm["figures"] and owners["key"] == alarm["key"]
    for user in (world.rep_user_a1, world.rep_user_a2, world.manager_b):
        assert cadence(world, as_user, user) is None


def test_the_clients_rules_set_the_days(world, as_user):
    engaged(world, as_user, 20)
    sales_meeting(world, as_user)
    settings(as_user(world.manager_a), world.client_a,
             alarm_rules={"one_on_one_every_days": 20})
    assert cadence(world, as_user) is None
    settings(as_user(world.manager_a), world.client_a,
             alarm_rules={"one_on_one_every_days": 19})
    assert cadence(world, as_user)["figures"]["one_on_one_every_days"] == 19
