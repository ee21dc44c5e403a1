"""/api/v1/clients/{id}/fit-assessments: the nine criteria of docs/domain.md, "Client fit", the
score (met of 9), each risk in words, the team criterion checked against the reps on
record, validation that writes nothing, history and roles.

Company A (tests.conftest) has two active reps, rep_a1 and rep_a2; company B has one."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import func, select

from app.models import FitAssessment
from tests.support import factories
from tests.support.assertions import problem, walk_pages

CRITERIA = ["willing_to_change", "trusting_leadership", "proven_sales_process",
            "team_of_two_or_more", "current_business_plan", "product_knowledge_provided",
            "owners_attend_sales_meetings", "provides_technology_tools", "wants_long_term"]
ALL_YES = dict.fromkeys(CRITERIA, True)
RISKS = {
    "willing_to_change": "Not willing to change (owners included): the same approach will "
                         "bring the same results.",
    "trusting_leadership": "Leadership style not trusting: the manager needs room to lead the "
                           "team.",
    "proven_sales_process": "Unproven sales process: startups are riskier.",
    "current_business_plan": "No current business plan and not willing to write one: no goal "
                             "to manage to.",
    "product_knowledge_provided": "Product knowledge not provided by the company: the reps "
                                  "can't sell what they don't know.",
    "owners_attend_sales_meetings": "Owners don't attend sales meetings: the team won't see "
                                    "leadership behind the changes.",
    "provides_technology_tools": "Not willing to provide the technology tools (CRM, "
                                 "platforms) the team needs.",
    "wants_long_term": "Doesn't want a long-term relationship: short engagements rarely "
                       "change results.",
}


def url(client) -> str:
    return f"/api/v1/clients/{client.id}/fit-assessments"


def assess(caller, client, **answers) -> dict:
    response = caller.post(url(client), json=ALL_YES | answers)
    assert response.status_code == 201, response.text
    return response.json()


def count(db) -> int:
    return db.exec(select(func.count()).select_from(FitAssessment)).one()


def test_every_criterion_met_scores_9_of_9_with_no_risk(world, as_user):
    got = assess(as_user(world.manager_a), world.client_a)
    assert (got["met"], got["total"], got["score_pct"]) == (9, 9, 100.0)
    assert got["risks"] == [] and got["active_reps"] == 2
    assert [c["criterion"] for c in got["criteria"]] == CRITERIA
    assert all(c["answer"] and c["met"] for c in got["criteria"])
    assert got["assessed_on"] == datetime.now(UTC).date().isoformat()
    assert got["created_by"] == str(world.manager_a.id)


def test_a_startup_whose_owners_skip_sales_meetings_scores_7_of_9(world, as_user):
    got = assess(as_user(world.manager_a), world.client_a, proven_sales_process=False,
                 owners_attend_sales_meetings=False)
    assert (got["met"], got["score_pct"]) == (7, 77.8)
    assert got["risks"] == [RISKS["proven_sales_process"], RISKS["owners_attend_sales_meetings"]]
    unmet = [c["criterion"] for c in got["criteria"] if not c["met"]]
    assert unmet == ["proven_sales_process", "owners_attend_sales_meetings"]


@pytest.mark.parametrize("criterion", [c for c in CRITERIA if c != "team_of_two_or_more"])
def test_each_unmet_criterion_names_its_risk(world, as_user, criterion):
    got = assess(as_user(world.manager_a), world.client_a, **{criterion: False})
    assert (got["met"], got["score_pct"]) == (8, 88.9)
    assert got["risks"] == [RISKS[criterion]]


def test_every_criterion_unmet_scores_0_and_lists_nine_risks_in_the_checklists_order(
        world, as_user):
    got = assess(as_user(world.manager_a), world.client_a, **dict.fromkeys(CRITERIA, False))
    assert (got["met"], got["score_pct"]) == (0, 0.0)
    assert got["risks"][:3] == [RISKS["willing_to_change"], RISKS["trusting_leadership"],
                                RISKS["proven_sales_process"]]
    assert got["risks"][3] == ("Fewer than 2 reps, says the answer, but the client has 2 "
                               "active reps on record; correct the answer.")
    assert got["risks"][4:] == [RISKS[c] for c in CRITERIA[4:]]


def test_a_team_of_two_claimed_with_one_active_rep_on_record_is_not_met(world, as_user):
    got = assess(as_user(world.manager_b), world.client_b)
    assert got["active_reps"] == 1 and (got["met"], got["score_pct"]) == (8, 88.9)
    team = got["criteria"][3]
    assert team["criterion"] == "team_of_two_or_more" and team["answer"] and not team["met"]
    assert got["risks"] == ["Fewer than 2 reps: the answer says a team of 2 or more, but the "
                            "client has 1 active rep on record; add the reps or correct the "
                            "answer."]


def test_archived_and_exited_reps_are_not_the_team(world, as_user, db):
    manager = as_user(world.manager_a)
    factories.make_rep(db, world.client_a, status="exited")
    assert manager.post(f"/api/v1/reps/{world.rep_a2.id}/archive").status_code == 200
    got = assess(manager, world.client_a, team_of_two_or_more=False)
    assert got["active_reps"] == 1
    assert got["risks"] == ["Fewer than 2 reps: there is no team to manage yet (1 active rep "
                            "on record)."]


def test_the_rep_count_is_kept_as_it_was_when_assessed(world, as_user):
    manager = as_user(world.manager_a)
    got = assess(manager, world.client_a)
    manager.post(f"/api/v1/reps/{world.rep_a2.id}/archive")
    again = manager.get(f"/api/v1/fit-assessments/{got['id']}").json()
    assert again == got and again["met"] == 9


def test_notes_per_criterion_and_an_earlier_date_are_kept(world, as_user):
    got = assess(as_user(world.manager_a), world.client_a, proven_sales_process=False,
                 assessed_on="2025-12-15", note="Owner keen.",
                 notes={"proven_sales_process": "Founded 2024.", "wants_long_term": ""})
    assert got["assessed_on"] == "2025-12-15" and got["note"] == "Owner keen."
    notes = {c["criterion"]: c["note"] for c in got["criteria"]}
    assert notes["proven_sales_process"] == "Founded 2024." and notes["wants_long_term"] == ""


@pytest.mark.parametrize("change", [
    {"willing_to_change": None}, {"wants_long_term": "maybe"},
    {"notes": {"budget": "none"}}, {"score": 9}, {"note": "x" * 4001},
    {"assessed_on": (date.today() + timedelta(days=2)).isoformat()},
])
def test_invalid_assessments_are_422_and_write_nothing(world, as_user, db, change):
    before = count(db)
    problem(as_user(world.manager_a).post(url(world.client_a), json=ALL_YES | change), 422)
    assert count(db) == before


def test_a_missing_criterion_is_422(world, as_user, db):
    answers = dict(ALL_YES)
    del answers["trusting_leadership"]
    body = problem(as_user(world.manager_a).post(url(world.client_a), json=answers), 422)
    assert body["errors"][0]["field"] == "body.trusting_leadership"


def test_assessments_are_kept_and_listed_newest_first(world, as_user):
    manager = as_user(world.manager_a)
    ids = [assess(manager, world.client_a, wants_long_term=n % 2 == 0)["id"] for n in range(3)]
    assert walk_pages(manager, url(world.client_a), limit=2) == ids[::-1]
    assert manager.patch(f"/api/v1/fit-assessments/{ids[0]}", json={}).status_code == 405


def test_owners_read_their_companys_assessments_and_reps_none(world, as_user, db):
    got = assess(as_user(world.manager_a), world.client_a)
    owner, rep = as_user(world.owner_a), as_user(world.rep_user_a1)
    assert owner.get(f"/api/v1/fit-assessments/{got['id']}").json() == got
    assert [a["id"] for a in owner.get(url(world.client_a)).json()["items"]] == [got["id"]]
    before = count(db)
    problem(owner.post(url(world.client_a), json=ALL_YES), 403)
    problem(rep.post(url(world.client_a), json=ALL_YES), 403)
    problem(rep.get(url(world.client_a)), 403)
    problem(rep.get(f"/api/v1/fit-assessments/{got['id']}"), 403)
    assert count(db) == before


def test_another_companys_assessments_are_not_found(world, as_user, db):
    theirs = assess(as_user(world.manager_b), world.client_b)
    before = count(db)
    for user in (world.manager_a, world.owner_a, world.rep_user_a1):
        caller = as_user(user)
        problem(caller.post(url(world.client_b), json=ALL_YES), 404)
        problem(caller.get(url(world.client_b)), 404)
        problem(caller.get(f"/api/v1/fit-assessments/{theirs['id']}"), 404)
    assert count(db) == before
