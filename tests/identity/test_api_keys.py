"""API keys: shown once, stored as a hash, acting as their user with the same scope, and
refused once revoked, expired or their user deactivated."""

import hashlib
import re
import uuid
from datetime import timedelta

from sqlmodel import select

from app.models import ApiKey
from tests.support.assertions import problem
from tests.support.clock import utcnow

KEYS = "/api/v1/api-keys"


def _create(caller, name="Zapier", **body):
    response = caller.post(KEYS, json={"name": name, **body})
    assert response.status_code == 201, response.text
    return response.json()


def _as_key(client, key, *, bearer=False):
    header = {"Authorization": f"Bearer {key}"} if bearer else {"X-API-Key": key}
    return lambda method, url, **kw: client.request(method, url, headers=header, **kw)


def test_a_new_key_is_shown_once_and_only_its_hash_is_stored(world, as_user, db):
    created = _create(as_user(world.manager_a))
    assert re.fullmatch(r"fsm_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", created["key"])
    assert created["prefix"] == created["key"].split("_")[1]
    assert created["last_used_at"] is None and created["expires_at"] is None
    row = db.exec(select(ApiKey).where(ApiKey.prefix == created["prefix"])).one()
    assert row.key_hash == hashlib.sha256(created["key"].encode()).hexdigest()
    assert created["key"] not in {row.key_hash, row.name, row.prefix}
    listed = as_user(world.manager_a).get(KEYS).json()["items"]
    assert [k["id"] for k in listed] == [created["id"]]
    assert "key" not in listed[0]


def test_a_key_acts_as_its_user_by_header_or_bearer(world, as_user, client):
    key = _create(as_user(world.owner_a))["key"]
    me = as_user(world.owner_a).get("/api/v1/me").json()
    for bearer in (False, True):
        response = _as_key(client, key, bearer=bearer)("GET", "/api/v1/me")
        assert response.status_code == 200, response.text
        assert response.json() == me


def test_a_key_has_its_users_scope(world, as_user, client):
    call = _as_key(client, _create(as_user(world.owner_a))["key"])
    assert call("GET", f"/api/v1/clients/{world.client_a.id}").status_code == 200
    problem(call("GET", f"/api/v1/clients/{world.client_b.id}"), 404)
    problem(call("POST", "/api/v1/clients", json={"name": "Not an owner's to make"}), 403)
    rep_call = _as_key(client, _create(as_user(world.rep_user_a1))["key"])
    problem(rep_call("GET", f"/api/v1/reps/{world.rep_a2.id}"), 404)


def test_a_revoked_key_stops_working_at_once(world, as_user, client):
    owner = as_user(world.owner_a)
    created = _create(owner)
    assert owner.delete(f"{KEYS}/{created['id']}").status_code == 204
    body = problem(_as_key(client, created["key"])("GET", "/api/v1/me"), 401)
    assert "revoked" in body["detail"]
    assert owner.get(KEYS).json()["items"] == []
    problem(owner.delete(f"{KEYS}/{created['id']}"), 404)


def test_nobody_lists_or_revokes_anothers_keys(world, as_user):
    created = _create(as_user(world.owner_a))
    assert as_user(world.manager_a).get(KEYS).json()["items"] == []
    problem(as_user(world.manager_a).delete(f"{KEYS}/{created['id']}"), 404)
    problem(as_user(world.owner_b).delete(f"{KEYS}/{created['id']}"), 404)


def test_an_expired_key_is_refused(world, as_user, client, db):
    created = _create(as_user(world.owner_a), expires_at=(utcnow() + timedelta(hours=1))
                      .isoformat())
    row = db.get(ApiKey, uuid.UUID(created["id"]))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.add(row)
    db.flush()
    body = problem(_as_key(client, created["key"])("GET", "/api/v1/me"), 401)
    assert "expired" in body["detail"]


def test_a_deactivated_users_key_stops_working(world, as_user, client, db):
    key = _create(as_user(world.rep_user_a1))["key"]
    world.rep_user_a1.is_active = False
    db.add(world.rep_user_a1)
    db.flush()
    problem(_as_key(client, key)("GET", "/api/v1/me"), 401)


def test_unknown_or_malformed_keys_are_401_problems(client):
    for key in ("fsm_000000000000_nope", "fsm_", "not-a-key-nor-a-jwt"):
        response = client.get("/api/v1/me", headers={"X-API-Key": key})
        problem(response, 401)


def test_expiry_in_the_past_and_bad_names_are_422(world, as_user):
    caller = as_user(world.manager_a)
    past = (utcnow() - timedelta(minutes=1)).isoformat()
    body = problem(caller.post(KEYS, json={"name": "Old", "expires_at": past}), 422)
    assert body["errors"][0]["field"] == "body.expires_at"
    problem(caller.post(KEYS, json={"name": ""}), 422)
    problem(caller.post(KEYS, json={"name": "x", "expires_at": "2030-01-01T00:00:00"}), 422)


def test_a_key_cannot_mint_more_keys(world, as_user, client):
    call = _as_key(client, _create(as_user(world.manager_a))["key"])
    problem(call("POST", KEYS, json={"name": "Second"}), 403)
    assert call("GET", KEYS).status_code == 200


def test_last_used_is_recorded_at_most_once_a_minute(world, as_user, client, db):
    created = _create(as_user(world.owner_a))
    call = _as_key(client, created["key"])
    call("GET", "/api/v1/me")
    first = as_user(world.owner_a).get(KEYS).json()["items"][0]["last_used_at"]
    assert first is not None
    call("GET", "/api/v1/me")
    assert as_user(world.owner_a).get(KEYS).json()["items"][0]["last_used_at"] == first
    row = db.exec(select(ApiKey).where(ApiKey.id == uuid.UUID(created["id"]))).one()
    row.last_used_at = utcnow() - timedelta(minutes=2)
    db.add(row)
    db.flush()
    call("GET", "/api/v1/me")
    db.expire_all()
    assert db.get(ApiKey, row.id).last_used_at > utcnow() - timedelta(seconds=30)


def test_keys_list_pages_newest_first(world, as_user):
    caller = as_user(world.manager_a)
    ids = [_create(caller, name=f"Key {n}")["id"] for n in range(3)]
    page = caller.get(KEYS, params={"limit": 2}).json()
    assert [k["id"] for k in page["items"]] == ids[::-1][:2]
    rest = caller.get(KEYS, params={"limit": 2, "cursor": page["next_cursor"]}).json()
    assert [k["id"] for k in rest["items"]] == ids[:1] and rest["next_cursor"] is None


def test_the_spec_declares_the_api_key_scheme(app):
    spec = app.openapi()
    scheme = spec["components"]["securitySchemes"]["ApiKey"]
    assert scheme == scheme | {"type": "apiKey", "in": "header", "name": "X-API-Key"}
    assert {"ApiKey": []} in spec["paths"]["/api/v1/me"]["get"]["security"]


def test_a_key_cannot_change_a_password(world, as_user, client):
    call = _as_key(client, _create(as_user(world.manager_a))["key"])
    for user in (world.manager_a, world.owner_a):
        body = problem(call("PATCH", f"/api/v1/users/{user.id}",
                            json={"password": "a-new-password-123"}), 403)
        assert body["fields"] == ["password"]
    renamed = call("PATCH", f"/api/v1/users/{world.owner_a.id}", json={"full_name": "Renamed"})
    assert renamed.status_code == 200, renamed.text
