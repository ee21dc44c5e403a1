"""Trainings: assigned to a client's reps by the manager or the owner, each rep's part
ticked off once, overdue after its day, and a rep sees only their own part."""

from tests.support.assertions import problem
from tests.support.coaching_helpers import day

URL = "/api/v1/trainings"


def assign(caller, world, due: int, *reps) -> dict:
    response = caller.post(URL, json={"client_id": str(world.client_a.id),
                                      "topic": "The 2027 service tiers", "due_on": day(due),
                                      "rep_ids": [str(r.id) for r in reps]})
    assert response.status_code == 201, response.text
    return response.json()


def test_parts_are_ticked_off_once_and_late_ones_are_overdue(world, as_user):
    made = assign(as_user(world.owner_a), world, -1, world.rep_a1, world.rep_a2)
    assert [(p["rep_id"], p["overdue"]) for p in made["reps"]] == sorted(
        [(str(world.rep_a1.id), True), (str(world.rep_a2.id), True)])
    rep = as_user(world.rep_user_a1)
    mine = rep.post(f"{URL}/{made['id']}/done", json={})
    assert mine.status_code == 200, mine.text
    [part] = mine.json()["reps"]  # a rep sees only their own part
    assert part["rep_id"] == str(world.rep_a1.id) and part["done_at"] and not part["overdue"]
    problem(rep.post(f"{URL}/{made['id']}/done", json={}), 409)
    problem(rep.post(f"{URL}/{made['id']}/done", json={"rep_id": str(world.rep_a2.id)}), 404)
    by_manager = as_user(world.manager_a).post(f"{URL}/{made['id']}/done",
                                               json={"rep_id": str(world.rep_a2.id)})
    assert all(p["done_at"] for p in by_manager.json()["reps"])


def test_who_sees_which_trainings(world, as_user):
    manager = as_user(world.manager_a)
    both = assign(manager, world, 5, world.rep_a1, world.rep_a2)
    only_two = assign(manager, world, 5, world.rep_a2)
    assert [t["id"] for t in as_user(world.rep_user_a1).get(URL).json()] == [both["id"]]
    listed = manager.get(URL, params={"rep_id": str(world.rep_a2.id)}).json()
    assert {t["id"] for t in listed} == {both["id"], only_two["id"]}
    assert as_user(world.manager_b).get(URL).json() == []
    problem(as_user(world.manager_b).post(f"{URL}/{both['id']}/done",
                                          json={"rep_id": str(world.rep_a1.id)}), 404)
    problem(as_user(world.rep_user_a1).post(URL, json={
        "client_id": str(world.client_a.id), "topic": "x",
        "rep_ids": [str(world.rep_a1.id)]}), 403)
    problem(manager.post(URL, json={"client_id": str(world.client_a.id), "topic": "x",
                                    "rep_ids": [str(world.rep_b1.id)]}), 422)
