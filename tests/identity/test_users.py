"""/api/v1/users: who may create which logins, deactivation, scoping and preconditions."""

import uuid

import pytest
from sqlmodel import func, select

from app.models import ClientManager, Rep, User
from tests.support import factories
from tests.support.assertions import problem, walk_pages

URL = "/api/v1/users"
READ_FIELDS = {"id", "email", "full_name", "role", "client_id", "is_active", "last_login_at",
               "created_at", "updated_at", "version"}



def new_login(client, role="owner", **fields) -> dict:
    return {"email": f"{role}.{uuid.uuid4().hex[:6]}@new.example", "full_name": "New Login",
            "role": role, "client_id": str(client.id), "password": "a-long-passphrase"} | fields


def count_users(db, **where) -> int:
    stmt = select(func.count()).select_from(User)
    for key, value in where.items():
        stmt = stmt.where(getattr(User, key) == value)
    return db.exec(stmt).one()


def log_in(client, email: str, password: str):
    return client.post("/api/v1/auth/token", data={"username": email, "password": password})


def test_manager_creates_an_owner_login_that_can_log_in(world, as_user, client):
    body = new_login(world.client_a, email="New.Owner@A.example")
    response = as_user(world.manager_a).post(URL, json=body)
    assert response.status_code == 201, response.text
    assert response.headers["ETag"]
    created = response.json()
    assert set(created) == READ_FIELDS
    assert created["email"] == "new.owner@a.example" and created["role"] == "owner"
    assert created["client_id"] == str(world.client_a.id) and created["is_active"] is True
    assert created["created_at"].endswith(("Z", "+00:00"))
    assert log_in(client, "new.owner@a.example", "a-long-passphrase").status_code == 200


def test_manager_creates_a_rep_login_linked_to_its_rep(world, as_user, db):
    rep = factories.make_rep(db, world.client_a)
    response = as_user(world.manager_a).post(
        URL, json=new_login(world.client_a, "rep", rep_id=str(rep.id)))
    assert response.status_code == 201, response.text
    user_id = response.json()["id"]
    db.expire_all()
    assert str(db.get(Rep, rep.id).user_id) == user_id
    login = db.get(User, uuid.UUID(user_id))
    assert as_user(login).get("/api/v1/me").json()["rep_id"] == str(rep.id)


def test_owner_creates_a_rep_login_for_their_company(world, as_user, db):
    rep = factories.make_rep(db, world.client_a)
    response = as_user(world.owner_a).post(
        URL, json=new_login(world.client_a, "rep", rep_id=str(rep.id)))
    assert response.status_code == 201, response.text
    assert response.json()["role"] == "rep"


def test_owner_creating_an_owner_login_is_403_and_writes_nothing(world, as_user, db):
    body = new_login(world.client_a, "owner")
    problem(as_user(world.owner_a).post(URL, json=body), 403)
    assert count_users(db, email=body["email"]) == 0


@pytest.mark.parametrize("who, role", [("manager_a", "manager"), ("rep_user_a1", "rep"),
                                       ("rep_user_a1", "owner")])
def test_roles_may_not_create_these_logins(world, as_user, db, who, role):
    before = count_users(db)
    problem(as_user(getattr(world, who)).post(URL, json=new_login(world.client_a, role)), 403)
    assert count_users(db) == before


def test_login_for_a_company_outside_the_callers_scope_is_404(world, as_user, db):
    rep = factories.make_rep(db, world.client_b)
    problem(as_user(world.owner_a).post(
        URL, json=new_login(world.client_b, "rep", rep_id=str(rep.id))), 404)
    problem(as_user(world.manager_a).post(URL, json=new_login(world.client_b)), 404)


def test_rep_login_without_rep_id_is_422(world, as_user, db):
    body = problem(as_user(world.manager_a).post(URL, json=new_login(world.client_a, "rep")),
                   422)
    assert [e["field"] for e in body["errors"]] == ["body.rep_id"]


def test_rep_login_for_a_rep_of_another_client_is_404_even_if_both_are_managed(
        world, as_user, db):
    world_b_rep = factories.make_rep(db, world.client_b)
    db.add(ClientManager(client_id=world.client_b.id, user_id=world.manager_a.id))
    db.flush()
    problem(as_user(world.manager_a).post(
        URL, json=new_login(world.client_a, "rep", rep_id=str(world_b_rep.id))), 404)
    db.expire_all()
    assert db.get(Rep, world_b_rep.id).user_id is None


def test_rep_login_for_a_rep_that_already_has_one_is_409(world, as_user, db):
    before = count_users(db)
    problem(as_user(world.manager_a).post(
        URL, json=new_login(world.client_a, "rep", rep_id=str(world.rep_a1.id))), 409)
    assert count_users(db) == before


def test_owner_login_with_a_rep_id_is_422(world, as_user, db):
    rep = factories.make_rep(db, world.client_a)
    body = problem(as_user(world.manager_a).post(
        URL, json=new_login(world.client_a, rep_id=str(rep.id))), 422)
    assert [e["field"] for e in body["errors"]] == ["body.rep_id"]


def test_duplicate_email_in_any_case_is_409_and_writes_nothing(world, as_user, db):
    before = count_users(db)
    problem(as_user(world.manager_a).post(
        URL, json=new_login(world.client_a, email="OWNER@b.example")), 409)
    assert count_users(db) == before


@pytest.mark.parametrize("fields", [
    {"password": "short"}, {"email": "not-an-email"}, {"full_name": "Nul\x00Name"},
    {"email": "a\x00b@x.example"}, {"role": "admin"}, {"client_id": None},
    {"is_active": False}, {"password_hash": "x"}])
def test_refused_login_input_is_422_and_writes_nothing(world, as_user, db, fields):
    before = count_users(db)
    problem(as_user(world.manager_a).post(URL, json=new_login(world.client_a) | fields), 422)
    assert count_users(db) == before


def test_deactivated_login_gets_401_and_cannot_log_in(world, as_user, client):
    rep_caller = as_user(world.rep_user_a1)
    assert rep_caller.get("/api/v1/me").status_code == 200
    response = as_user(world.owner_a).patch(f"{URL}/{world.rep_user_a1.id}",
                                            json={"is_active": False})
    assert response.status_code == 200, response.text
    assert response.json()["is_active"] is False
    problem(rep_caller.get("/api/v1/me"), 401)
    problem(log_in(client, world.rep_user_a1.email, factories.PASSWORD), 401)


def test_reactivated_login_can_log_in_again(world, as_user, client):
    manager, url = as_user(world.manager_a), f"{URL}/{world.owner_a.id}"
    manager.patch(url, json={"is_active": False})
    assert manager.patch(url, json={"is_active": True}).json()["is_active"] is True
    assert log_in(client, world.owner_a.email, factories.PASSWORD).status_code == 200


def test_no_one_deactivates_their_own_login(world, as_user):
    problem(as_user(world.owner_a).patch(f"{URL}/{world.owner_a.id}",
                                         json={"is_active": False}), 403)
    assert as_user(world.owner_a).get("/api/v1/me").status_code == 200


def test_rep_may_not_deactivate_anyone(world, as_user):
    problem(as_user(world.rep_user_a1).patch(f"{URL}/{world.rep_user_a1.id}",
                                             json={"is_active": False}), 403)
    problem(as_user(world.rep_user_a1).patch(f"{URL}/{world.rep_user_a2.id}",
                                             json={"is_active": False}), 404)
    assert as_user(world.rep_user_a2).get("/api/v1/me").status_code == 200


def test_owner_may_not_change_another_companys_login(world, as_user):
    problem(as_user(world.owner_a).patch(f"{URL}/{world.rep_user_b1.id}",
                                         json={"is_active": False}), 404)
    problem(as_user(world.owner_a).get(f"{URL}/{world.owner_b.id}"), 404)
    assert as_user(world.rep_user_b1).get("/api/v1/me").status_code == 200


def test_patch_with_current_etag_succeeds_and_returns_a_new_etag(world, as_user):
    manager, url = as_user(world.manager_a), f"{URL}/{world.owner_a.id}"
    etag = manager.get(url).headers["ETag"]
    response = manager.patch(url, json={"full_name": "Olivia"}, headers={"If-Match": etag})
    assert response.status_code == 200, response.text
    assert response.json()["full_name"] == "Olivia"
    assert response.headers["ETag"] not in ("", etag)


def test_patch_with_stale_etag_is_412_and_writes_nothing(world, as_user):
    manager, url = as_user(world.manager_a), f"{URL}/{world.owner_a.id}"
    stale = manager.get(url).headers["ETag"]
    manager.patch(url, json={"full_name": "First"})
    problem(manager.patch(url, json={"is_active": False}, headers={"If-Match": stale}), 412)
    assert manager.get(url).json()["is_active"] is True


def test_responses_never_carry_the_password_hash(world, as_user):
    manager = as_user(world.manager_a)
    single = manager.get(f"{URL}/{world.owner_a.id}").json()
    items = manager.get(URL).json()["items"]
    assert items and all(set(item) == READ_FIELDS for item in [single, *items])


def test_rep_lists_only_their_own_login(world, as_user):
    items = as_user(world.rep_user_a1).get(URL).json()["items"]
    assert [u["id"] for u in items] == [str(world.rep_user_a1.id)]


def test_owner_lists_only_their_companys_logins(world, as_user):
    items = as_user(world.owner_a).get(URL).json()["items"]
    assert {u["id"] for u in items} == {str(world.owner_a.id), str(world.rep_user_a1.id),
                                        str(world.rep_user_a2.id)}


def test_list_filters_by_role_and_is_active(world, as_user):
    manager = as_user(world.manager_a)
    manager.patch(f"{URL}/{world.rep_user_a2.id}", json={"is_active": False})
    reps = manager.get(URL, params={"role": "rep", "is_active": "true"}).json()["items"]
    assert [u["id"] for u in reps] == [str(world.rep_user_a1.id)]
    inactive = manager.get(URL, params={"is_active": "false"}).json()["items"]
    assert [u["id"] for u in inactive] == [str(world.rep_user_a2.id)]
    problem(manager.get(URL, params={"role": "admin"}), 422)


def test_walking_pages_returns_every_login_once_newest_first(world, as_user, db):
    for _ in range(5):
        factories.make_user(db, role="owner", client=world.client_a)
    expected = db.exec(select(User.id).where(User.client_id == world.client_a.id)
                       .order_by(User.created_at.desc(), User.id.desc())).all()
    seen = walk_pages(as_user(world.manager_a), URL)
    assert seen == [str(i) for i in expected] and len(seen) == 8


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"cursor": "garbage"}])
def test_bad_paging_parameters_are_422(world, as_user, params):
    problem(as_user(world.manager_a).get(URL, params=params), 422)


def test_password_change_lets_the_new_password_log_in(world, as_user, client):
    response = as_user(world.owner_a).patch(f"{URL}/{world.owner_a.id}", json={
        "password": "a-brand-new-passphrase", "current_password": factories.PASSWORD})
    assert response.status_code == 200, response.text
    problem(log_in(client, world.owner_a.email, factories.PASSWORD), 401)
    assert log_in(client, world.owner_a.email, "a-brand-new-passphrase").status_code == 200
