"""Atomic If-Match: two uvicorn workers on a fresh PostgreSQL database; ten PATCHes carrying
the same If-Match at the same moment make exactly one 200 and nine 412s, never a 5xx and
never a lost update. The version check is part of the UPDATE itself (`... WHERE id = :id AND
version = :expected`), so it holds also where no row lock is taken first (a user's own login)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from app.core.clock import Clock
from app.db import make_engine, make_sessionmaker, migrate
from app.demo.seed import create_manager_unscoped
from tests.support.databases import create_postgres_database, drop_postgres_database
from tests.support.servers import uvicorn_server

EMAIL, PASSWORD = "concurrency@test.example", "a-long-enough-password"
API = "/api/v1"
PARALLEL = 10


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = create_postgres_database()
    try:
        migrate(url)
        engine = make_engine(url)
        with make_sessionmaker(engine, clock=Clock.system())() as session:
            create_manager_unscoped(session, email=EMAIL, password=PASSWORD)
            session.commit()
        engine.dispose()
        with uvicorn_server(url, tmp_path_factory.mktemp("concurrency")) as base:
            yield base
    finally:
        drop_postgres_database(url)


@pytest.fixture(scope="module")
def auth(server) -> dict[str, str]:
    response = httpx.post(f"{server}{API}/auth/token",
                          data={"username": EMAIL, "password": PASSWORD}, timeout=10)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _created(server: str, auth: dict, path: str, body: dict) -> dict:
    response = httpx.post(f"{server}{API}{path}", json=body, headers=auth, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def deal(server, auth) -> dict:
    client = _created(server, auth, "/clients", {"name": "Race Inc",
                                                 "period_revenue_target": "100000"})
    rep = _created(server, auth, "/reps", {"client_id": client["id"], "full_name": "Rae"})
    return _created(server, auth, "/deals", {"rep_id": rep["id"], "name": "Contended",
                                             "amount": "1000"})


def _patch_all_at_once(url: str, headers: dict, bodies: list[dict]) -> list[int]:
    """Send the PATCHes together, each on its own connection (so both workers get some)."""
    start = threading.Barrier(len(bodies))

    def patch(body: dict) -> int:
        start.wait()
        return httpx.patch(url, json=body, headers=headers, timeout=30).status_code

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(patch, bodies))


def test_ten_patches_with_one_if_match_make_one_200_and_nine_412(server, auth, deal):
    url = f"{server}{API}/deals/{deal['id']}"
    etag = httpx.get(url, headers=auth, timeout=10).headers["ETag"]
    amounts = [f"{2000 + i}.00" for i in range(PARALLEL)]

    statuses = _patch_all_at_once(url, auth | {"If-Match": etag},
                                  [{"amount": a} for a in amounts])

    assert sorted(statuses) == [200] + [412] * (PARALLEL - 1), statuses
    stored = httpx.get(url, headers=auth, timeout=10).json()
    assert stored["version"] == deal["version"] + 1 and stored["amount"] in amounts
    history = httpx.get(f"{url}/history", headers=auth, timeout=10).json()["items"]
    assert [h["field"] for h in history].count("amount") == 2  # the creation and one change


def test_without_if_match_every_patch_applies_in_turn(server, auth, deal):
    url = f"{server}{API}/deals/{deal['id']}"

    statuses = _patch_all_at_once(url, auth, [{"amount": f"{3000 + i}.00"}
                                              for i in range(PARALLEL)])

    assert statuses == [200] * PARALLEL
    assert httpx.get(url, headers=auth, timeout=10).json()["version"] == (
        deal["version"] + PARALLEL)


def test_the_version_check_holds_without_a_row_lock(server, auth):
    """A user's own login is read without SELECT ... FOR UPDATE: only the guarded UPDATE
    keeps the nine stale writes out."""
    me = httpx.get(f"{server}{API}/me", headers=auth, timeout=10).json()
    url = f"{server}{API}/users/{me['id']}"
    etag = httpx.get(url, headers=auth, timeout=10).headers["ETag"]

    statuses = _patch_all_at_once(url, auth | {"If-Match": etag},
                                  [{"full_name": f"Name {i}"} for i in range(PARALLEL)])

    assert sorted(statuses) == [200] + [412] * (PARALLEL - 1), statuses
    audit = httpx.get(f"{server}{API}/audit", params={"entity_id": me["id"]}, headers=auth,
                      timeout=10).json()["items"]
    assert [e["action"] for e in audit] == ["update"]


@pytest.mark.parametrize(("path", "body"), [
    ("/api-keys", {"name": "Zap"}),
    ("/webhooks", {"target_url": "https://hooks.example.com/cap", "events": ["deal.created"]}),
], ids=["api-keys", "webhooks"])
def test_caps_hold_under_parallel_creations(server, auth, path, body):
    """45 made one by one, then 20 at once: exactly 5 more are made, 15 refused (409)."""
    for _ in range(45):
        _created(server, auth, path, body)

    def create(_):
        return httpx.post(f"{server}{API}{path}", json=body, headers=auth, timeout=30)

    with ThreadPoolExecutor(20) as pool:
        statuses = sorted(r.status_code for r in pool.map(create, range(20)))
    assert statuses == [201] * 5 + [409] * 15
    listed = httpx.get(f"{server}{API}{path}", params={"limit": 200}, headers=auth, timeout=10)
    assert len(listed.json()["items"]) == 50
