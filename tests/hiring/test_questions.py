"""/api/v1/questions: the behavioural question bank. The default bank (client_id null) is
seeded by the hiring migration and shared; a manager adds a client's own questions, which
must ask about past behaviour; owners read; reps have no access."""

import uuid

import pytest

from tests.support import factories
from tests.support.assertions import problem

URL = "/api/v1/questions"
GOOD = "Tell me about a time you rebuilt a pipeline after losing your biggest account."
INTEGRITY_KEYWORDS = ("injustice", "stretched the truth", "right decision and the easy")
HYPOTHETICAL = [
    "How would you handle a customer who asks for a discount you can't give?",
    "What would you do if your manager asked you to inflate the forecast?",
    "Imagine a buyer goes silent after the proposal. What is your next step?",
    "Tell me about a time you lost a deal. What would you do differently if it happened?",
]


def question_body(client, **fields) -> dict:
    return {"client_id": str(client.id), "competency": "resilience", "text": GOOD} | fields


def add(caller, client, **fields) -> dict:
    response = caller.post(URL, json=question_body(client, **fields))
    assert response.status_code == 201, response.text
    return response.json()


def listed(caller, **params) -> list[dict]:
    response = caller.get(URL, params={"limit": 200} | params)
    assert response.status_code == 200, response.text
    assert response.json()["next_cursor"] is None
    return response.json()["items"]


# --- the default bank ----------------------------------------------------------------------

@pytest.mark.parametrize("role", ["manager_a", "owner_a", "manager_b", "owner_b"])
def test_default_bank_is_listed_for_every_manager_and_owner(world, as_user, role):
    items = listed(as_user(getattr(world, role)))
    defaults = [q for q in items if q["client_id"] is None]
    assert len(defaults) >= 26
    assert {q["competency"] for q in defaults} == {
        "prospecting", "closing", "resilience", "coachability", "teamwork",
        "competitiveness", "initiative", "integrity"}


def test_default_bank_holds_the_three_integrity_questions_of_the_text(world, as_user):
    texts = [q["text"].lower() for q in listed(as_user(world.manager_a), competency="integrity")]
    for keyword in INTEGRITY_KEYWORDS:
        assert any(keyword in text for text in texts), keyword


def test_every_default_question_asks_about_a_time(world, as_user):
    for question in listed(as_user(world.owner_a)):
        assert question["text"].startswith("Tell me about a time"), question["text"]


def test_a_default_question_reads_by_id(world, as_user):
    question = listed(as_user(world.manager_a), competency="closing")[0]
    response = as_user(world.owner_b).get(f"{URL}/{question['id']}")
    assert response.status_code == 200, response.text
    assert response.json() == question


# --- adding --------------------------------------------------------------------------------

def test_manager_adds_a_behavioural_question_for_their_client(world, as_user):
    manager = as_user(world.manager_a)
    response = manager.post(URL, json=question_body(world.client_a))
    assert response.status_code == 201, response.text
    assert response.headers["ETag"]
    body = response.json()
    assert body["client_id"] == str(world.client_a.id)
    assert body["competency"] == "resilience" and body["text"] == GOOD and body["version"] == 1
    assert manager.get(f"{URL}/{body['id']}").json() == body
    assert body["id"] in [q["id"] for q in listed(manager)]


@pytest.mark.parametrize("text", HYPOTHETICAL)
def test_a_hypothetical_question_is_refused_with_the_reason(world, as_user, text):
    response = as_user(world.manager_a).post(URL, json=question_body(world.client_a, text=text))
    body = problem(response, 422)
    assert [e["field"] for e in body["errors"]] == ["body.text"]
    assert "past behaviour" in body["detail"] and "Hypothetical" in body["detail"]
    assert "Tell me about a time" in body["detail"]


def test_a_question_not_about_a_past_time_is_refused(world, as_user):
    text = "Are you comfortable making fifty cold calls every day?"
    problem(as_user(world.manager_a).post(URL, json=question_body(world.client_a, text=text)),
            422)


def test_an_unknown_competency_is_refused(world, as_user):
    body = question_body(world.client_a, competency="charisma")
    problem(as_user(world.manager_a).post(URL, json=body), 422)


def test_a_question_cannot_go_to_the_default_bank(world, as_user):
    body = question_body(world.client_a) | {"client_id": None}
    problem(as_user(world.manager_a).post(URL, json=body), 422)


def test_owner_reads_but_cannot_add(world, as_user):
    owner = as_user(world.owner_a)
    problem(owner.post(URL, json=question_body(world.client_a)), 403)
    assert listed(owner)


def test_manager_cannot_add_to_another_managers_client(world, as_user):
    problem(as_user(world.manager_a).post(URL, json=question_body(world.client_b)), 404)
    assert listed(as_user(world.manager_b), client_id=str(world.client_b.id)) == [
        q for q in listed(as_user(world.manager_b)) if q["client_id"] is None]


# --- reps ----------------------------------------------------------------------------------

def test_rep_cannot_list_questions(world, as_user):
    problem(as_user(world.rep_user_a1).get(URL), 403)


def test_rep_cannot_add_a_question(world, as_user):
    problem(as_user(world.rep_user_a1).post(URL, json=question_body(world.client_a)), 403)


def test_rep_cannot_read_a_question(world, as_user):
    own = add(as_user(world.manager_a), world.client_a)
    default = listed(as_user(world.manager_a), competency="integrity")[0]
    rep = as_user(world.rep_user_a1)
    for question in (own, default):
        problem(rep.get(f"{URL}/{question['id']}"), 403)


# --- tenancy -------------------------------------------------------------------------------

def test_another_companys_question_is_not_listed(world, as_user):
    theirs = add(as_user(world.manager_b), world.client_b)
    for user in (world.manager_a, world.owner_a):
        ids = [q["id"] for q in listed(as_user(user))]
        assert theirs["id"] not in ids
    assert theirs["id"] in [q["id"] for q in listed(as_user(world.owner_b))]


@pytest.mark.parametrize("role", ["manager_a", "owner_a"])
def test_another_companys_question_is_not_found(world, as_user, role):
    theirs = add(as_user(world.manager_b), world.client_b)
    problem(as_user(getattr(world, role)).get(f"{URL}/{theirs['id']}"), 404)


def test_an_unknown_question_is_not_found(world, as_user):
    problem(as_user(world.manager_a).get(f"{URL}/{uuid.uuid4()}"), 404)


# --- filters -------------------------------------------------------------------------------

def test_competency_filter_lists_only_that_competency(world, as_user):
    manager = as_user(world.manager_a)
    own = add(manager, world.client_a, competency="closing",
              text="Tell me about a time you closed a deal in the last week of a quarter.")
    items = listed(manager, competency="closing")
    assert {q["competency"] for q in items} == {"closing"}
    assert own["id"] in [q["id"] for q in items]
    assert len([q for q in items if q["client_id"] is None]) == 3


def test_client_filter_lists_that_clients_questions_and_the_default_bank(db, world, as_user):
    client_c = factories.make_client(db, managers=[world.manager_a], name="Charlie Co")
    manager = as_user(world.manager_a)
    for_a = add(manager, world.client_a)
    for_c = add(manager, client_c)
    items = listed(manager, client_id=str(world.client_a.id))
    ids = [q["id"] for q in items]
    assert for_a["id"] in ids and for_c["id"] not in ids
    assert {q["client_id"] for q in items} == {str(world.client_a.id), None}
    assert {for_a["id"], for_c["id"]} <= {q["id"] for q in listed(manager)}


def test_an_unknown_competency_filter_is_refused(world, as_user):
    problem(as_user(world.manager_a).get(URL, params={"competency": "charisma"}), 422)
