"""/api/v1/clients/{id}/strategy-reviews: the fixed questions of docs/domain.md, "Strategy
reviews", section scores (averages), the overall score (mean of the
sections), the change since the previous review, validation that writes nothing, history
and roles. The overdue alarm is in test_review_alarm.py."""

from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from app.models import StrategyReview
from tests.support.assertions import problem, walk_pages

EXECUTION = ["sales_meetings", "buyer_decision_process", "value_selling"]
SUPPORT = ["marketing_icp_support", "admin_support", "products_pricing", "crm_configuration",
           "coaching_structure", "compensation_plan"]
STRATEGY = ["icp_personas_accurate", "winning_wanted_business", "profitability"]
# The first review, all twelve answered: execution 3.0, support 20/6, strategy 13/3;
# overall (3 + 10/3 + 13/3) / 3 = 32/9.
FIRST = dict(zip(EXECUTION + SUPPORT + STRATEGY, [4, 3, 2, 1, 2, 3, 4, 5, 5, 5, 4, 4],
                 strict=True))
# Six months later, support skipped: execution 14/3, strategy 3.0; overall 23/6.
SECOND = {"sales_meetings": 5, "buyer_decision_process": 5, "value_selling": 4,
          "profitability": 3}


def url(client) -> str:
    return f"/api/v1/clients/{client.id}/strategy-reviews"


def payload(held_on, scores: dict[str, int], **extra) -> dict:
    return {"held_on": str(held_on),
            "answers": [{"question": q, "score": s, "note": f"{q} note"}
                        for q, s in scores.items()]} | extra


def review(caller, client, held_on, scores) -> dict:
    response = caller.post(url(client), json=payload(held_on, scores))
    assert response.status_code == 201, response.text
    return response.json()


def sections(got) -> dict[str, tuple]:
    return {s["section"]: (s["score"], s["answered"], s["questions"], s["change"])
            for s in got["sections"]}


def count(db) -> int:
    return db.exec(select(func.count()).select_from(StrategyReview)).one()


def test_the_question_list_has_3_execution_6_support_and_3_strategy_questions(world, as_user):
    for user in (world.manager_a, world.owner_a):
        items = as_user(user).get("/api/v1/strategy-reviews/questions").json()["items"]
        assert [i["question"] for i in items] == EXECUTION + SUPPORT + STRATEGY
        assert [i["section"] for i in items] == ["execution"] * 3 + ["support"] * 6 + [
            "strategy"] * 3
        assert items[0]["text"] == ("How well do we conduct thorough, professional sales "
                                    "meetings with buyers?")
        assert items[-1]["text"] == "How is our profitability?"
    problem(as_user(world.rep_user_a1).get("/api/v1/strategy-reviews/questions"), 403)


def test_a_first_review_has_section_averages_an_overall_and_no_change(world, as_user):
    got = review(as_user(world.manager_a), world.client_a, "2026-05-18", FIRST)
    assert sections(got) == {"execution": (3.0, 3, 3, None), "support": (3.33, 6, 6, None),
                             "strategy": (4.33, 3, 3, None)}
    assert got["overall"] == 3.56 and got["overall_change"] is None
    assert got["previous_review_id"] is None and got["previous_held_on"] is None
    assert got["unanswered"] == [] and got["held_on"] == "2026-05-18"
    assert got["answers"][0] == {"question": "sales_meetings", "score": 4,
                                 "note": "sales_meetings note"}
    assert got["created_by"] == str(world.manager_a.id)


def test_a_second_review_reports_the_change_per_section_and_overall(world, as_user):
    manager = as_user(world.manager_a)
    first = review(manager, world.client_a, "2026-05-18", FIRST)
    got = review(manager, world.client_a, "2026-11-18", SECOND)
    # execution 14/3 - 3 = 5/3; strategy 3 - 13/3 = -4/3; overall 23/6 - 32/9 = 5/18
    assert sections(got) == {"execution": (4.67, 3, 3, 1.67), "support": (None, 0, 6, None),
                             "strategy": (3.0, 1, 3, -1.33)}
    assert got["overall"] == 3.83 and got["overall_change"] == 0.28
    assert got["previous_review_id"] == first["id"] and got["previous_held_on"] == "2026-05-18"
    assert got["unanswered"] == SUPPORT + ["icp_personas_accurate", "winning_wanted_business"]


def test_the_previous_review_is_the_one_held_last_before_whatever_the_recording_order(
        world, as_user):
    manager = as_user(world.manager_a)
    late = review(manager, world.client_a, "2026-11-18", {"profitability": 5})
    early = review(manager, world.client_a, "2025-11-18", {"profitability": 1})
    middle = review(manager, world.client_a, "2026-05-18", {"profitability": 2})
    assert middle["previous_review_id"] == early["id"] and middle["overall_change"] == 1.0
    got = manager.get(f"/api/v1/strategy-reviews/{late['id']}").json()
    assert got["previous_review_id"] == middle["id"] and got["overall_change"] == 3.0
    assert sections(got)["strategy"] == (5.0, 1, 3, 3.0)


def test_the_list_is_the_latest_held_first_each_compared_with_the_one_before(world, as_user):
    manager = as_user(world.manager_a)
    ids = [review(manager, world.client_a, day, {"value_selling": score})["id"]
           for day, score in (("2025-05-01", 2), ("2026-05-01", 3), ("2025-11-01", 5))]
    assert walk_pages(manager, url(world.client_a), limit=1) == [ids[1], ids[2], ids[0]]
    first_page = manager.get(url(world.client_a), params={"limit": 2}).json()["items"]
    assert [r["overall_change"] for r in first_page] == [-2.0, 3.0]
    last_page = manager.get(url(world.client_a), params={"limit": 3}).json()["items"][-1]
    assert last_page["overall_change"] is None and last_page["previous_review_id"] is None


def test_thirds_round_to_two_places_and_halves_away_from_zero(world, as_user):
    manager = as_user(world.manager_a)
    review(manager, world.client_a, "2026-01-10", {"profitability": 3})
    # support 2,2,2,3 = 9/4; strategy 1; overall (9/4 + 1) / 2 = 13/8 = 1.625 -> 1.63 (not
    # 1.62 as binary floats would round); change 13/8 - 3 = -11/8 = -1.375 -> -1.38
    got = review(manager, world.client_a, "2026-07-10",
                 {q: 2 for q in SUPPORT[:3]} | {"compensation_plan": 3, "profitability": 1})
    assert sections(got)["support"] == (2.25, 4, 6, None)
    assert sections(got)["strategy"] == (1.0, 1, 3, -2.0)
    assert got["overall"] == 1.63 and got["overall_change"] == -1.38
    # 2,2,3 = 7/3 = 2.333... -> 2.33; 2,3,3 = 8/3 = 2.666... -> 2.67
    got = review(manager, world.client_a, "2026-08-10",
                 {"sales_meetings": 2, "buyer_decision_process": 2, "value_selling": 3,
                  "icp_personas_accurate": 2, "winning_wanted_business": 3,
                  "profitability": 3})
    assert sections(got)["execution"][0] == 2.33 and sections(got)["strategy"][0] == 2.67
    assert sections(got)["strategy"][3] == 1.67  # 8/3 - 1


@pytest.mark.parametrize(("answers", "field"), [
    ([{"question": "pricing_power", "score": 3}], "body.answers.0.question"),
    ([{"question": "profitability", "score": 0}], "body.answers.0.score"),
    ([{"question": "profitability", "score": 6}], "body.answers.0.score"),
    ([{"question": "profitability", "score": 2.5}], "body.answers.0.score"),
    ([{"question": "profitability"}], "body.answers.0.score"),
    ([{"question": "profitability", "score": 3, "weight": 2}], "body.answers.0.weight"),
    ([{"question": "profitability", "score": 3}, {"question": "profitability", "score": 4}],
     "body.answers"),
    ([], "body.answers"),
])
def test_invalid_answers_are_422_naming_the_field_and_write_nothing(world, as_user, db,
                                                                    answers, field):
    before = count(db)
    body = problem(as_user(world.manager_a).post(url(world.client_a), json={
        "held_on": "2026-11-01", "answers": answers}), 422)
    assert body["errors"][0]["field"] == field
    assert count(db) == before


def test_a_duplicate_question_is_named(world, as_user):
    body = problem(as_user(world.manager_a).post(url(world.client_a), json=payload(
        "2026-11-01", {}) | {"answers": [{"question": "admin_support", "score": 3}] * 2}), 422)
    assert "admin_support repeated" in body["errors"][0]["message"]


def test_a_review_dated_in_the_future_is_422(world, as_user, db):
    before = count(db)
    later = date.today() + timedelta(days=2)
    problem(as_user(world.manager_a).post(url(world.client_a), json=payload(
        later, {"profitability": 3})), 422)
    assert count(db) == before


def test_a_second_review_on_the_same_day_is_409_and_the_first_is_kept(world, as_user, db):
    manager = as_user(world.manager_a)
    first = review(manager, world.client_a, "2026-11-01", {"profitability": 3})
    problem(manager.post(url(world.client_a), json=payload("2026-11-01",
                                                           {"profitability": 5})), 409)
    assert count(db) == 1
    assert manager.get(f"/api/v1/strategy-reviews/{first['id']}").json() == first
    assert manager.patch(f"/api/v1/strategy-reviews/{first['id']}", json={}).status_code == 405


def test_owners_read_their_companys_reviews_and_reps_none(world, as_user, db):
    got = review(as_user(world.manager_a), world.client_a, "2026-11-01", FIRST)
    owner, rep = as_user(world.owner_a), as_user(world.rep_user_a1)
    assert owner.get(f"/api/v1/strategy-reviews/{got['id']}").json() == got
    assert [r["id"] for r in owner.get(url(world.client_a)).json()["items"]] == [got["id"]]
    problem(owner.post(url(world.client_a), json=payload("2026-11-02", FIRST)), 403)
    problem(rep.post(url(world.client_a), json=payload("2026-11-02", FIRST)), 403)
    problem(rep.get(url(world.client_a)), 403)
    problem(rep.get(f"/api/v1/strategy-reviews/{got['id']}"), 403)
    assert count(db) == 1


def test_another_companys_reviews_are_not_found(world, as_user, db):
    theirs = review(as_user(world.manager_b), world.client_b, "2026-11-01", FIRST)
    for user in (world.manager_a, world.owner_a, world.rep_user_a1):
        caller = as_user(user)
        problem(caller.post(url(world.client_b), json=payload("2026-11-02", FIRST)), 404)
        problem(caller.get(url(world.client_b)), 404)
        problem(caller.get(f"/api/v1/strategy-reviews/{theirs['id']}"), 404)
    assert count(db) == 1
