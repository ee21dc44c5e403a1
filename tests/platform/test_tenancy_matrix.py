"""Role x resource x action x target: every expected status, stated explicitly.

The caller is always of company A: manager_a, owner_a, or rep_a1 (through rep_user_a1).
Targets:
  own    an object of company A (for a rep caller: their own rep record and login)
  peer   another rep of company A (rep_a2 / rep_user_a2): a rep never sees it
  self   the caller's own login (users only)
  other  an object of company B: always 404, its existence never leaks
A refused write (403 or 404) must leave the row exactly as it was.
"""

import uuid

import pytest
from sqlalchemy import inspect
from sqlmodel import func, select

from app.models import Client, Rep, User
from tests.support import factories

ROLES = ("manager", "owner", "rep")
CALLERS = {"manager": "manager_a", "owner": "owner_a", "rep": "rep_user_a1"}

# (resource, target) -> the world attribute holding the target object.
TARGETS = {
    ("clients", "own"): "client_a",
    ("clients", "other"): "client_b",
    ("reps", "own"): "rep_a1",
    ("reps", "peer"): "rep_a2",
    ("reps", "other"): "rep_b1",
    ("users", "own"): "rep_user_a1",
    ("users", "peer"): "rep_user_a2",
    ("users", "other"): "rep_user_b1",
}
MODELS = {"clients": Client, "reps": Rep, "users": User}
# A harmless body each role may write on the resource, if it may write it at all.
PATCH_BODIES = {"clients": {"industry": "X"}, "reps": {"title": "X"}, "users": {"full_name": "X"}}

EXPECTED: dict[tuple[str, str, str, str], int] = {
    # manager: everything of their assigned client A; nothing of B
    ("manager", "clients", "read", "own"): 200,
    ("manager", "clients", "update", "own"): 200,
    ("manager", "clients", "archive", "own"): 200,
    ("manager", "clients", "read", "other"): 404,
    ("manager", "clients", "update", "other"): 404,
    ("manager", "clients", "archive", "other"): 404,
    ("manager", "reps", "read", "own"): 200,
    ("manager", "reps", "update", "own"): 200,
    ("manager", "reps", "archive", "own"): 200,
    ("manager", "reps", "read", "peer"): 200,
    ("manager", "reps", "update", "peer"): 200,
    ("manager", "reps", "archive", "peer"): 200,
    ("manager", "reps", "read", "other"): 404,
    ("manager", "reps", "update", "other"): 404,
    ("manager", "reps", "archive", "other"): 404,
    ("manager", "users", "read", "own"): 200,
    ("manager", "users", "update", "own"): 200,
    ("manager", "users", "read", "peer"): 200,
    ("manager", "users", "update", "peer"): 200,
    ("manager", "users", "read", "self"): 200,
    # managers come from the CLI; /users changes only owner and rep logins
    ("manager", "users", "update", "self"): 200,
    ("manager", "users", "read", "other"): 404,
    ("manager", "users", "update", "other"): 404,
    # owner: reads their client but cannot change it; manages the reps of their company
    ("owner", "clients", "read", "own"): 200,
    ("owner", "clients", "update", "own"): 403,
    ("owner", "clients", "archive", "own"): 403,
    ("owner", "clients", "read", "other"): 404,
    ("owner", "clients", "update", "other"): 404,
    ("owner", "clients", "archive", "other"): 404,
    ("owner", "reps", "read", "own"): 200,
    ("owner", "reps", "update", "own"): 200,
    ("owner", "reps", "archive", "own"): 200,
    ("owner", "reps", "read", "peer"): 200,
    ("owner", "reps", "update", "peer"): 200,
    ("owner", "reps", "archive", "peer"): 200,
    ("owner", "reps", "read", "other"): 404,
    ("owner", "reps", "update", "other"): 404,
    ("owner", "reps", "archive", "other"): 404,
    ("owner", "users", "read", "own"): 200,
    ("owner", "users", "update", "own"): 200,
    ("owner", "users", "read", "peer"): 200,
    ("owner", "users", "update", "peer"): 200,
    ("owner", "users", "read", "self"): 200,
    ("owner", "users", "update", "self"): 200,
    ("owner", "users", "read", "other"): 404,
    ("owner", "users", "update", "other"): 404,
    # rep: no clients at all (403 on their own); only their own rep record and login
    ("rep", "clients", "read", "own"): 403,
    ("rep", "clients", "update", "own"): 403,
    ("rep", "clients", "archive", "own"): 403,
    ("rep", "clients", "read", "other"): 404,
    ("rep", "clients", "update", "other"): 404,
    ("rep", "clients", "archive", "other"): 404,
    ("rep", "reps", "read", "own"): 200,
    ("rep", "reps", "update", "own"): 200,
    ("rep", "reps", "archive", "own"): 403,
    ("rep", "reps", "read", "peer"): 404,
    ("rep", "reps", "update", "peer"): 404,
    ("rep", "reps", "archive", "peer"): 404,
    ("rep", "reps", "read", "other"): 404,
    ("rep", "reps", "update", "other"): 404,
    ("rep", "reps", "archive", "other"): 404,
    ("rep", "users", "read", "own"): 200,
    ("rep", "users", "update", "own"): 200,
    ("rep", "users", "read", "self"): 200,
    ("rep", "users", "update", "self"): 200,
    ("rep", "users", "read", "peer"): 404,
    ("rep", "users", "update", "peer"): 404,
    ("rep", "users", "read", "other"): 404,
    ("rep", "users", "update", "other"): 404,
}


def _target(world, role: str, resource: str, target: str):
    if target == "self":
        return getattr(world, CALLERS[role])
    return getattr(world, TARGETS[(resource, target)])


def _snapshot(obj) -> dict:
    """The row's stored column values."""
    return {attr.key: getattr(obj, attr.key) for attr in inspect(obj).mapper.column_attrs}


def _call(caller, action: str, resource: str, obj_id: uuid.UUID):
    url = f"/api/v1/{resource}/{obj_id}"
    if action == "read":
        return caller.get(url)
    if action == "update":
        return caller.patch(url, json=PATCH_BODIES[resource])
    return caller.post(f"{url}/archive")


@pytest.mark.parametrize(("role", "resource", "action", "target"), sorted(EXPECTED))
def test_role_resource_action_target_answers_the_expected_status(
        world, as_user, db, role, resource, action, target):
    caller = as_user(getattr(world, CALLERS[role]))
    obj = _target(world, role, resource, target)
    db.refresh(obj)
    before = _snapshot(obj)

    response = _call(caller, action, resource, obj.id)

    expected = EXPECTED[(role, resource, action, target)]
    assert response.status_code == expected, response.text
    db.refresh(obj)
    if expected != 200:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert _snapshot(obj) == before, "a refused request changed the row"
        return
    body = response.json()
    assert body["id"] == str(obj.id)
    if action == "update":
        field, value = next(iter(PATCH_BODIES[resource].items()))
        assert body[field] == value
        assert getattr(obj, field) == value
    elif action == "archive":
        assert body["archived_at"] is not None
        assert obj.archived_at is not None


def test_the_matrix_covers_every_role_resource_action_and_target():
    actions = {"clients": ("read", "update", "archive"), "reps": ("read", "update", "archive"),
               "users": ("read", "update")}
    targets = {"clients": ("own", "other"), "reps": ("own", "peer", "other"),
               "users": ("own", "peer", "self", "other")}
    wanted = {(role, resource, action, target) for role in ROLES for resource in actions
              for action in actions[resource] for target in targets[resource]}
    assert set(EXPECTED) == wanted
    assert all(status == 404 for key, status in EXPECTED.items() if key[3] == "other")


# --- lists never include another tenant's rows -------------------------------------------

def _b_ids(world) -> set[str]:
    return {str(x.id) for x in (world.client_b, world.manager_b, world.owner_b, world.rep_b1,
                                world.rep_user_b1)}


def _ids(response) -> set[str]:
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


@pytest.mark.parametrize("role", ["manager", "owner"])
def test_lists_of_a_manager_or_owner_hold_only_company_a(world, as_user, role):
    caller = as_user(getattr(world, CALLERS[role]))

    clients = _ids(caller.get("/api/v1/clients"))
    reps = _ids(caller.get("/api/v1/reps"))
    users = _ids(caller.get("/api/v1/users"))

    assert clients == {str(world.client_a.id)}
    assert reps == {str(world.rep_a1.id), str(world.rep_a2.id)}
    assert users == {str(world.owner_a.id), str(world.rep_user_a1.id), str(world.rep_user_a2.id)}
    assert not (clients | reps | users) & _b_ids(world)


@pytest.mark.parametrize("role", ["manager", "owner"])
def test_filtering_a_list_by_company_b_returns_nothing(world, as_user, role):
    caller = as_user(getattr(world, CALLERS[role]))
    b = world.client_b.id

    assert _ids(caller.get("/api/v1/reps", params={"client_id": str(b)})) == set()
    assert _ids(caller.get("/api/v1/users", params={"client_id": str(b)})) == set()


def test_lists_of_a_rep_hold_only_themselves(world, as_user):
    caller = as_user(world.rep_user_a1)

    assert caller.get("/api/v1/clients").status_code == 403
    assert _ids(caller.get("/api/v1/reps")) == {str(world.rep_a1.id)}
    assert _ids(caller.get("/api/v1/users")) == {str(world.rep_user_a1.id)}
    b = str(world.client_b.id)
    assert _ids(caller.get("/api/v1/reps", params={"client_id": b})) == set()
    assert _ids(caller.get("/api/v1/users", params={"client_id": b})) == set()


# --- creating into another tenant ----------------------------------------------------------

def _count(db, model, **where) -> int:
    stmt = select(func.count()).select_from(model)
    for key, value in where.items():
        stmt = stmt.where(getattr(model, key) == value)
    return db.exec(stmt).one()


@pytest.mark.parametrize("role", ["manager", "owner"])
def test_creating_a_rep_in_company_b_is_not_found_and_writes_nothing(world, as_user, db, role):
    caller = as_user(getattr(world, CALLERS[role]))
    before = _count(db, Rep, client_id=world.client_b.id)

    response = caller.post("/api/v1/reps", json={
        "client_id": str(world.client_b.id), "full_name": "Intruder", "title": "X"})

    assert response.status_code == 404, response.text
    assert _count(db, Rep, client_id=world.client_b.id) == before
    assert _count(db, Rep, full_name="Intruder") == 0


@pytest.mark.parametrize("role", ["manager", "owner"])
def test_creating_a_login_in_company_b_is_not_found_and_writes_nothing(world, as_user, db, role):
    caller = as_user(getattr(world, CALLERS[role]))
    rep_b = factories.make_rep(db, world.client_b)
    before = _count(db, User, client_id=world.client_b.id)

    response = caller.post("/api/v1/users", json={
        "email": "intruder@b.example", "full_name": "Intruder", "role": "rep",
        "client_id": str(world.client_b.id), "rep_id": str(rep_b.id),
        "password": "a-long-passphrase"})

    assert response.status_code == 404, response.text
    assert _count(db, User, client_id=world.client_b.id) == before
    assert _count(db, User, email="intruder@b.example") == 0
    db.refresh(rep_b)
    assert rep_b.user_id is None


def test_a_manager_creating_an_owner_in_company_b_is_not_found(world, as_user, db):
    response = as_user(world.manager_a).post("/api/v1/users", json={
        "email": "owner2@b.example", "full_name": "Intruder", "role": "owner",
        "client_id": str(world.client_b.id), "password": "a-long-passphrase"})

    assert response.status_code == 404, response.text
    assert _count(db, User, email="owner2@b.example") == 0


# --- sub-resources of another tenant -------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_the_managers_of_company_b_are_not_found(world, as_user, role):
    caller = as_user(getattr(world, CALLERS[role]))

    response = caller.get(f"/api/v1/clients/{world.client_b.id}/managers")

    assert response.status_code == 404, response.text
    assert str(world.manager_b.id) not in response.text


def test_a_rep_may_not_list_the_managers_of_their_own_client(world, as_user):
    response = as_user(world.rep_user_a1).get(f"/api/v1/clients/{world.client_a.id}/managers")

    assert response.status_code == 403, response.text
