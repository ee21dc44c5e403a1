"""Ten parallel requests with one Idempotency-Key against two uvicorn workers on one
database (PostgreSQL, and a SQLite file): one client and one record are made, nobody gets a
5xx, the others are refused (409) or replayed, and a later retry replays."""

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import create_engine, text

from app.core.clock import Clock
from app.db import make_engine, make_sessionmaker, migrate
from app.demo.seed import create_manager_unscoped
from tests.support.databases import create_postgres_database, drop_postgres_database
from tests.support.servers import uvicorn_server

EMAIL, PASSWORD = "retries@test.example", "a-long-enough-password"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('retries-db') / 'retries.db'}"
    else:
        url = create_postgres_database()
    migrate(url)
    engine = make_engine(url)
    with make_sessionmaker(engine, clock=Clock.system())() as session:
        create_manager_unscoped(session, email=EMAIL, password=PASSWORD)
        session.commit()
    engine.dispose()
    try:
        with uvicorn_server(url, tmp_path_factory.mktemp("retries"),
                            env={"REDIS_URL": ""}) as base:
            yield base, url
    finally:
        if request.param == "postgresql":
            drop_postgres_database(url)


def _count(url: str, sql: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar_one()
    finally:
        engine.dispose()


def test_ten_parallel_retries_make_one_client_and_no_5xx(server):
    base, url = server
    token = httpx.post(f"{base}/api/v1/auth/token", data={"username": EMAIL,
                       "password": PASSWORD}, timeout=10).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "parallel-create-1"}

    def create(_):
        # A new connection per request, so requests spread over both workers.
        started = time.monotonic()
        response = httpx.post(f"{base}/api/v1/clients", json={"name": "Parallel Co"},
                              headers=headers, timeout=30)
        return started, time.monotonic(), response

    with ThreadPoolExecutor(10) as pool:
        timed = list(pool.map(create, range(10)))
    responses = [r for _, _, r in timed]
    statuses = [r.status_code for r in responses]
    assert set(statuses) <= {201, 409} and 201 in statuses, statuses
    made = [(start, end) for start, end, r in timed
            if r.status_code == 201 and "idempotent-replayed" not in r.headers]
    assert len(made) == 1, statuses  # the others were refused (409) or replayed
    # The others were sent while the one that created was still running (on SQLite they
    # wait for its write lock, then replay its answer; on PostgreSQL some get 409).
    assert any(start < made[0][1] for start, _, r in timed if r is not None
               and (r.status_code == 409 or "idempotent-replayed" in r.headers)), \
        "the requests did not overlap; the test proves nothing"
    assert len({r.json()["id"] for r in responses if r.status_code == 201}) == 1
    replay = create(0)[2]
    assert replay.status_code == 201 and replay.headers["idempotent-replayed"] == "true"
    assert replay.json()["id"] in {r.json()["id"] for r in responses if r.status_code == 201}
    assert _count(url, "SELECT count(*) FROM clients WHERE name = 'Parallel Co'") == 1
    assert _count(url, "SELECT count(*) FROM idempotency_keys") == 1
