"""The manager and the owner: owner meetings with the owner's action items, decision
requests and their answers, the owner_disengaged alarm at both sides of its thresholds
(attendance under 25 % of at least 4 meetings in 13 weeks; an owner's item or a decision
more than 14 days overdue), and who sees what."""

from tests.reporting.test_reports import report
from tests.support.alarm_helpers import alarms, codes
from tests.support.assertions import problem
from tests.support.coaching_helpers import day, item, one_on_one, sales_meeting


def meetings_url(client) -> str:
    return f"/api/v1/clients/{client.id}/owner-meetings"


def decisions_url(client) -> str:
    return f"/api/v1/clients/{client.id}/decision-requests"


def meet(manager, client, *items) -> dict:
    response = manager.post(meetings_url(client), json={
        "held_on": day(-3), "notes": "Sync", "decisions": ["Keep prices"],
        "action_items": list(items)})
    assert response.status_code == 201, response.text
    return response.json()


def ask(manager, client, needed_by: int = 5, options=("Yes", "No")) -> dict:
    response = manager.post(decisions_url(client), json={
        "question": "Hire a second SDR?", "options": list(options),
        "needed_by": day(needed_by)})
    assert response.status_code == 201, response.text
    return response.json()


def test_the_owner_reads_the_meeting_and_ticks_off_their_own_items(world, as_user):
    manager, owner = as_user(world.manager_a), as_user(world.owner_a)
    made = meet(manager, world.client_a, item("Approve the ad", "owner", 4),
                item("Send the scorecard", "manager", 2))
    assert [i["assignee"] for i in made["action_items"]] == ["owner", "manager"]
    assert [m["id"] for m in owner.get(meetings_url(world.client_a)).json()] == [made["id"]]
    mine = owner.get("/api/v1/action-items", params={"assignee": "owner"}).json()["items"]
    assert [(i["title"], i["owner_meeting_id"], i["rep_id"]) for i in mine] == [
        ("Approve the ad", made["id"], None)]
    ticked = owner.patch(f"/api/v1/action-items/{mine[0]['id']}", json={"done": True})
    assert ticked.status_code == 200 and ticked.json()["done"] is True
    theirs = made["action_items"][1]["id"]
    problem(owner.patch(f"/api/v1/action-items/{theirs}", json={"done": True}), 403)
    problem(owner.patch(f"/api/v1/action-items/{mine[0]['id']}", json={"title": "x"}), 403)
    done = manager.patch(f"/api/v1/action-items/{theirs}", json={"done": True})
    assert done.status_code == 200


def test_owner_meeting_items_go_to_the_owner_or_the_manager(world, as_user):
    manager = as_user(world.manager_a)
    problem(manager.post(meetings_url(world.client_a), json={
        "held_on": day(0), "action_items": [item("Call", "rep")]}), 422)
    meeting = one_on_one(manager, world.rep_a1)
    problem(manager.post(f"/api/v1/one-on-ones/{meeting['id']}/action-items",
                         json=item("Approve", "owner")), 422)
    made = meet(manager, world.client_a, item("Approve the ad", "owner"))
    problem(manager.patch(f"/api/v1/action-items/{made['action_items'][0]['id']}",
                          json={"assignee": "rep"}), 422)


def test_who_sees_the_owner_side(world, as_user):
    manager = as_user(world.manager_a)
    made = meet(manager, world.client_a)
    asked = ask(manager, world.client_a)
    rep = as_user(world.rep_user_a1)
    problem(rep.get(meetings_url(world.client_a)), 403)
    problem(rep.get(decisions_url(world.client_a)), 403)
    other = as_user(world.manager_b)
    problem(other.get(f"/api/v1/owner-meetings/{made['id']}"), 404)
    problem(as_user(world.owner_b).post(f"/api/v1/decision-requests/{asked['id']}/answer",
                                        json={"choice": "Yes"}), 404)
    problem(as_user(world.owner_a).post(meetings_url(world.client_a),
                                        json={"held_on": day(0)}), 403)


def test_the_owner_answers_a_decision_once_with_one_of_its_options(world, as_user):
    manager, owner = as_user(world.manager_a), as_user(world.owner_a)
    asked = ask(manager, world.client_a, needed_by=-1)
    assert asked["overdue"] is True and asked["choice"] is None
    url = f"/api/v1/decision-requests/{asked['id']}/answer"
    problem(owner.post(url, json={"choice": "Maybe"}), 422)
    problem(manager.post(url, json={"choice": "Yes"}), 403)
    answered = owner.post(url, json={"choice": "No", "note": "Not before Q2."})
    assert answered.status_code == 200, answered.text
    body = answered.json()
    assert (body["choice"], body["note"], body["overdue"]) == ("No", "Not before Q2.", False)
    assert body["answered_by"] == str(world.owner_a.id)
    problem(owner.post(url, json={"choice": "Yes"}), 409)
    assert manager.get(decisions_url(world.client_a), params={"open": True}).json() == []
    problem(manager.post(decisions_url(world.client_a), json={
        "question": "Q?", "options": ["Yes", "Yes"], "needed_by": day(3)}), 422)


def attended(manager, client, held: int, total: int) -> None:
    """`total` sales meetings in the last 13 weeks, the owner at the first `held`."""
    for n in range(total):
        sales_meeting(manager, client, held_on=day(-7 * n - 1), owner_attended=n < held)


def test_disengaged_at_under_a_quarter_of_the_meetings(world, as_user):
    manager = as_user(world.manager_a)
    attended(manager, world.client_a, 1, 4)  # 25 %: at the floor, not under it
    assert "owner_disengaged" not in codes(alarms(manager, client_id=world.client_a.id))
    attended(manager, world.client_a, 0, 1)  # 1 of 5 = 20 %
    found = [a for a in alarms(manager, client_id=world.client_a.id)
             if a["code"] == "owner_disengaged"]
    assert [(a["figures"]["meetings"], a["figures"]["owner_attended"],
             a["figures"]["attendance"]) for a in found] == [(5, 1, 0.2)]
    owner_sees = alarms(as_user(world.owner_a), client_id=world.client_a.id)
    assert "owner_disengaged" not in codes(owner_sees)  # the managers' alone


def test_too_few_meetings_say_nothing_of_attendance(world, as_user):
    manager = as_user(world.manager_a)
    attended(manager, world.client_a, 0, 3)  # 0 of 3: under the 4 meetings to judge by
    assert "owner_disengaged" not in codes(alarms(manager, client_id=world.client_a.id))


def test_disengaged_when_the_owners_item_is_over_14_days_late(world, as_user):
    manager = as_user(world.manager_a)
    meet(manager, world.client_a, item("Sign the plan", "owner", -14))
    assert "owner_disengaged" not in codes(alarms(manager, client_id=world.client_a.id))
    meet(manager, world.client_a, item("Approve the budget", "owner", -15))
    [found] = [a for a in alarms(manager, client_id=world.client_a.id)
               if a["code"] == "owner_disengaged"]
    assert found["figures"]["overdue_items"] == ["Approve the budget"]


def test_disengaged_when_a_decision_is_over_14_days_late(world, as_user):
    manager = as_user(world.manager_a)
    ask(manager, world.client_a, needed_by=-14)
    assert "owner_disengaged" not in codes(alarms(manager, client_id=world.client_a.id))
    late = ask(manager, world.client_a, needed_by=-15)
    assert "owner_disengaged" in codes(alarms(manager, client_id=world.client_a.id))
    as_user(world.owner_a).post(f"/api/v1/decision-requests/{late['id']}/answer",
                                json={"choice": "Yes"})
    assert "owner_disengaged" not in codes(alarms(manager, client_id=world.client_a.id))


def test_the_report_lists_what_waits_on_the_owner(world, as_user):
    manager = as_user(world.manager_a)
    meet(manager, world.client_a, item("Approve the ad", "owner", -1),
         item("Send the scorecard", "manager", 2))
    ask(manager, world.client_a, needed_by=3)
    owner_side = report(manager, world.client_a)["figures"]["owner"]
    assert owner_side["action_items"] == [{"title": "Approve the ad", "due_on": day(-1),
                                           "overdue": True}]
    assert owner_side["open_decisions"] == [{"question": "Hire a second SDR?",
                                             "needed_by": day(3), "overdue": False}]


def test_the_digest_counts_open_and_overdue_decisions(world, as_user):
    manager = as_user(world.manager_a)
    ask(manager, world.client_a, needed_by=-1)
    ask(manager, world.client_a, needed_by=0)  # due today: not overdue yet
    answered = ask(manager, world.client_a, needed_by=-2)
    as_user(world.owner_a).post(f"/api/v1/decision-requests/{answered['id']}/answer",
                                json={"choice": "Yes"})
    digest = manager.get(f"/api/v1/clients/{world.client_a.id}/alarms/digest")
    assert digest.status_code == 200, digest.text
    assert (digest.json()["decisions_open"], digest.json()["decisions_overdue"]) == (2, 1)
