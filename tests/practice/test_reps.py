"""/api/v1/reps: creation, motivators, what a rep may see and change, archiving, paging."""

import uuid
from datetime import UTC, datetime

import pytest
from sqlmodel import func, select

from app.models import Rep
from tests.support import factories
from tests.support.assertions import problem, walk_pages

URL = "/api/v1/reps"
ALL_MOTIVATORS = ["achievement", "competition", "teamwork", "recognition", "money",
                  "helping_people", "autonomy", "security"]



def count_reps(db) -> int:
    return db.exec(select(func.count()).select_from(Rep)).one()


def new_rep(client, **fields) -> dict:
    return {"client_id": str(client.id), "full_name": "Riley Rep"} | fields


def test_manager_creates_a_rep_with_defaults(world, as_user):
    response = as_user(world.manager_a).post(URL, json=new_rep(world.client_a))
    assert response.status_code == 201, response.text
    assert response.headers["ETag"]
    body = as_user(world.manager_a).get(f"{URL}/{response.json()['id']}").json()
    uuid.UUID(body["id"])
    assert body["client_id"] == str(world.client_a.id) and body["user_id"] is None
    assert body["status"] == "active" and body["motivators"] == [] and body["title"] == ""
    assert body["email"] is None and body["hire_date"] is None and body["archived_at"] is None
    assert body["created_at"].endswith(("Z", "+00:00"))


def test_quota_round_trips_exactly_and_motivators_keep_their_rank(world, as_user):
    manager = as_user(world.manager_a)
    ranking = list(reversed(ALL_MOTIVATORS))
    created = manager.post(URL, json=new_rep(world.client_a, quota="1234.56",
                                             motivators=ranking, hire_date="2025-04-01",
                                             email="Riley@A.example")).json()
    body = manager.get(f"{URL}/{created['id']}").json()
    assert body["quota"] == "1234.56" and body["motivators"] == ranking
    assert body["hire_date"] == "2025-04-01" and body["email"] == "riley@a.example"


def test_owner_creates_reps_only_in_their_own_company(world, as_user, db):
    owner, before = as_user(world.owner_a), count_reps(db)
    assert owner.post(URL, json=new_rep(world.client_a)).status_code == 201
    problem(owner.post(URL, json=new_rep(world.client_b)), 404)
    assert count_reps(db) == before + 1


def test_rep_may_not_create_reps(world, as_user, db):
    before = count_reps(db)
    problem(as_user(world.rep_user_a1).post(URL, json=new_rep(world.client_a)), 403)
    assert count_reps(db) == before


@pytest.mark.parametrize("fields", [
    {"motivators": ["money", "achievement", "money"]}, {"motivators": ["fame"]},
    {"motivators": [*ALL_MOTIVATORS, "money"]}, {"status": "retired"}, {"quota": "1e20"},
    {"quota": "-5"}, {"quota": "0.001"}, {"quota": "Infinity"}, {"full_name": ""},
    {"full_name": "Nul\x00Rep"}, {"title": "x\x00"}, {"email": "nope"},
    {"user_id": str(uuid.uuid4())}, {"client_id": None}, {"client_id": "not-a-uuid"},
    {"archived_at": "2026-01-01T00:00:00Z"}])
def test_refused_rep_input_is_422_and_writes_nothing(world, as_user, db, fields):
    before = count_reps(db)
    problem(as_user(world.manager_a).post(URL, json=new_rep(world.client_a) | fields), 422)
    assert count_reps(db) == before


def test_rep_reads_only_their_own_record(world, as_user):
    rep = as_user(world.rep_user_a1)
    assert rep.get(f"{URL}/{world.rep_a1.id}").json()["id"] == str(world.rep_a1.id)
    problem(rep.get(f"{URL}/{world.rep_a2.id}"), 404)
    problem(rep.get(f"{URL}/{world.rep_b1.id}"), 404)
    assert [r["id"] for r in rep.get(URL).json()["items"]] == [str(world.rep_a1.id)]


def test_owner_sees_only_their_companys_reps(world, as_user):
    owner = as_user(world.owner_a)
    problem(owner.get(f"{URL}/{world.rep_b1.id}"), 404)
    assert {r["id"] for r in owner.get(URL).json()["items"]} == {str(world.rep_a1.id),
                                                                  str(world.rep_a2.id)}


def test_rep_may_change_their_own_name_and_title(world, as_user):
    response = as_user(world.rep_user_a1).patch(
        f"{URL}/{world.rep_a1.id}", json={"full_name": "Riley R.", "title": "Senior AE"})
    assert response.status_code == 200, response.text
    assert (response.json()["full_name"], response.json()["title"]) == ("Riley R.", "Senior AE")


@pytest.mark.parametrize("fields, named", [
    ({"quota": "999999.00"}, ["quota"]), ({"status": "exited"}, ["status"]),
    ({"full_name": "Me", "quota": "1.00", "status": "on_plan"}, ["quota", "status"])])
def test_rep_changing_quota_or_status_is_403_naming_the_field(world, as_user, fields, named):
    url = f"{URL}/{world.rep_a1.id}"
    before = as_user(world.manager_a).get(url)
    body = problem(as_user(world.rep_user_a1).patch(url, json=fields), 403)
    assert body["fields"] == named and all(name in body["detail"] for name in named)
    after = as_user(world.manager_a).get(url)
    assert after.json() == before.json() and after.headers["ETag"] == before.headers["ETag"]


def test_rep_may_not_change_another_rep(world, as_user):
    problem(as_user(world.rep_user_a1).patch(f"{URL}/{world.rep_a2.id}",
                                             json={"title": "Boss"}), 404)
    assert as_user(world.manager_a).get(f"{URL}/{world.rep_a2.id}").json()["title"] == ""


@pytest.mark.parametrize("who", ["manager_a", "owner_a", "rep_user_a1"])
def test_client_id_cannot_change_after_creation(world, as_user, who):
    url = f"{URL}/{world.rep_a1.id}"
    body = problem(as_user(getattr(world, who)).patch(
        url, json={"client_id": str(world.client_b.id), "title": "Moved"}), 422)
    assert [e["field"] for e in body["errors"]] == ["body.client_id"]
    after = as_user(world.manager_a).get(url).json()
    assert after["client_id"] == str(world.client_a.id) and after["title"] == ""


@pytest.mark.parametrize("fields", [
    {"quota": "1e20"}, {"quota": None}, {"status": None}, {"full_name": None},
    {"motivators": ["money", "money"]}, {"full_name": "A\x00"}, {"user_id": None}])
def test_refused_change_is_422_and_writes_nothing(world, as_user, fields):
    manager, url = as_user(world.manager_a), f"{URL}/{world.rep_a1.id}"
    before = manager.get(url)
    problem(manager.patch(url, json=fields), 422)
    after = manager.get(url)
    assert after.json() == before.json() and after.headers["ETag"] == before.headers["ETag"]


def test_patch_with_current_etag_succeeds_and_returns_a_new_etag(world, as_user):
    owner, url = as_user(world.owner_a), f"{URL}/{world.rep_a1.id}"
    etag = owner.get(url).headers["ETag"]
    response = owner.patch(url, json={"status": "on_plan", "quota": "20000.00"},
                           headers={"If-Match": etag})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "on_plan" and response.json()["quota"] == "20000.00"
    assert response.headers["ETag"] != etag
    assert owner.get(url).headers["ETag"] == response.headers["ETag"]


def test_patch_with_stale_etag_is_412_and_writes_nothing(world, as_user):
    manager, url = as_user(world.manager_a), f"{URL}/{world.rep_a1.id}"
    stale = manager.get(url).headers["ETag"]
    manager.patch(url, json={"title": "AE"})
    problem(manager.patch(url, json={"status": "exited"}, headers={"If-Match": stale}), 412)
    assert manager.get(url).json()["status"] == "active"


def test_archived_rep_is_hidden_by_default_and_listed_with_archived_true(world, as_user):
    manager = as_user(world.manager_a)
    response = manager.post(f"{URL}/{world.rep_a2.id}/archive")
    assert response.status_code == 200 and response.json()["archived_at"] is not None
    listed = {r["id"] for r in manager.get(URL).json()["items"]}
    assert str(world.rep_a2.id) not in listed and str(world.rep_a1.id) in listed
    archived = manager.get(URL, params={"archived": "true"}).json()["items"]
    assert [r["id"] for r in archived] == [str(world.rep_a2.id)]
    assert manager.get(f"{URL}/{world.rep_a2.id}").status_code == 200


def test_rep_may_not_archive_themselves(world, as_user):
    problem(as_user(world.rep_user_a1).post(f"{URL}/{world.rep_a1.id}/archive"), 403)
    assert as_user(world.manager_a).get(f"{URL}/{world.rep_a1.id}").json()["archived_at"] is None


def test_there_is_no_delete(world, as_user):
    problem(as_user(world.manager_a).delete(f"{URL}/{world.rep_a1.id}"), 405)


def test_list_filters_by_client_status_and_updated_since(world, as_user, db):
    old = datetime(2020, 1, 1, tzinfo=UTC)
    stale = factories.make_rep(db, world.client_a, status="on_plan", created_at=old,
                               updated_at=old)
    manager = as_user(world.manager_a)
    on_plan = manager.get(URL, params={"status": "on_plan"}).json()["items"]
    assert [r["id"] for r in on_plan] == [str(stale.id)]
    recent = manager.get(URL, params={"updated_since": "2021-01-01T00:00:00Z"}).json()["items"]
    assert {r["id"] for r in recent} == {str(world.rep_a1.id), str(world.rep_a2.id)}
    assert manager.get(URL, params={"client_id": str(world.client_b.id)}).json()["items"] == []


def test_walking_pages_returns_every_rep_once_newest_first(world, as_user, db):
    for _ in range(5):
        factories.make_rep(db, world.client_a)
    expected = db.exec(select(Rep.id).where(Rep.client_id == world.client_a.id)
                       .order_by(Rep.created_at.desc(), Rep.id.desc())).all()
    seen = walk_pages(as_user(world.owner_a), URL)
    assert seen == [str(i) for i in expected] and len(seen) == 7


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"cursor": "%%%"},
                                    {"status": "gone"}, {"updated_since": "2021-01-01"}])
def test_bad_list_parameters_are_422(world, as_user, params):
    problem(as_user(world.manager_a).get(URL, params=params), 422)
