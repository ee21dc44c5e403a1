"""Call reviews and the skills trend, by hand: who records and reads them, ratings bounded
1-5, and the last 3 ratings of a skill against the 3 before (half a point either way)."""

from tests.support.assertions import problem
from tests.support.coaching_helpers import day, deal


def review(manager, rep, held: int, **ratings) -> dict:
    response = manager.post(f"/api/v1/reps/{rep.id}/call-reviews", json={
        "held_on": day(held), "kind": "joint_call", "phase": "on_call",
        "ratings": ratings, "notes": "Never asked for the next step."})
    assert response.status_code == 201, response.text
    return response.json()


def test_a_review_is_kept_and_read_by_the_rep_and_the_owner(world, as_user):
    manager = as_user(world.manager_a)
    made = review(manager, world.rep_a1, -2, positioning=4, asking_for_the_sale=2)
    assert made["ratings"] == {"positioning": 4, "asking_for_the_sale": 2}
    for caller in (as_user(world.rep_user_a1), as_user(world.owner_a)):
        listed = caller.get(f"/api/v1/reps/{world.rep_a1.id}/call-reviews")
        assert [r["id"] for r in listed.json()] == [made["id"]]
    problem(as_user(world.rep_user_a2).get(f"/api/v1/reps/{world.rep_a1.id}/call-reviews"),
            404)
    problem(as_user(world.manager_b).get(f"/api/v1/reps/{world.rep_a1.id}/skills"), 404)
    problem(as_user(world.rep_user_a1).post(f"/api/v1/reps/{world.rep_a1.id}/call-reviews",
                                            json={"held_on": day(0), "kind": "recording",
                                                  "phase": "debrief",
                                                  "ratings": {"proposal": 3}}), 403)


def test_bad_reviews_are_refused(world, as_user):
    manager = as_user(world.manager_a)
    url = f"/api/v1/reps/{world.rep_a1.id}/call-reviews"
    base = {"held_on": day(0), "kind": "joint_call", "phase": "pre_call"}
    problem(manager.post(url, json=base | {"ratings": {"positioning": 6}}), 422)
    problem(manager.post(url, json=base | {"ratings": {"positioning": 0}}), 422)
    problem(manager.post(url, json=base | {"ratings": {"charm": 3}}), 422)
    problem(manager.post(url, json=base | {"ratings": {}}), 422)
    theirs = deal(as_user(world.rep_user_a2))
    problem(manager.post(url, json=base | {"ratings": {"proposal": 3},
                                           "deal_id": theirs["id"]}), 422)
    assert manager.get(url).json() == []


def test_the_trend_compares_the_last_three_with_the_three_before(world, as_user):
    manager = as_user(world.manager_a)
    # asking_for_the_sale, oldest first: 1, 2, 2 then 3, 3, 4 -> earlier 1.67, recent 3.33
    for n, rating in enumerate([1, 2, 2, 3, 3, 4]):
        review(manager, world.rep_a1, -30 + n, asking_for_the_sale=rating,
               positioning=4 if n % 2 else 3)  # 3, 4, 3, 4, 3, 4: earlier 3.33, recent 3.67
    review(manager, world.rep_a1, -1, negotiating=2)
    skills = {s["skill"]: s for s in as_user(world.rep_user_a1).get(
        f"/api/v1/reps/{world.rep_a1.id}/skills").json()["skills"]}
    ask = skills["asking_for_the_sale"]
    assert (ask["reviews"], ask["average"], ask["recent"], ask["earlier"], ask["trend"]) == (
        6, 2.5, 3.33, 1.67, "improving")
    pos = skills["positioning"]
    assert (pos["average"], pos["recent"], pos["earlier"], pos["trend"]) == (
        3.5, 3.67, 3.33, "steady")
    assert skills["negotiating"]["trend"] == "new"
    order = [s["skill"] for s in as_user(world.manager_a).get(
        f"/api/v1/reps/{world.rep_a1.id}/skills").json()["skills"]]
    assert order == ["negotiating", "asking_for_the_sale", "positioning"]  # weakest first
