"""Two API servers (two uvicorn processes, as two containers would be) on one fresh PostgreSQL
database behave as one: a token from one works on the other, an idempotency key used on both
creates one record, a stale If-Match on the second after a change on the first answers 412,
the login lockout holds across both, and a webhook event is delivered once although both run
a dispatcher."""

import time
import uuid
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from app.core.clock import Clock
from app.db import make_engine, make_sessionmaker, migrate
from app.demo.seed import seed_demo_unscoped
from tests.support.databases import create_postgres_database, drop_postgres_database
from tests.support.servers import uvicorn_server
from tests.support.webhook_helpers import Receiver, signature_ok

MANAGER, PASSWORD = "manager@demo.example", "demo-password"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    url = create_postgres_database()
    migrate(url)
    engine = make_engine(url, pool_size=2)
    with make_sessionmaker(engine, clock=Clock.system())() as session:
        seed_demo_unscoped(session)
        session.commit()
    engine.dispose()
    env = {"WEBHOOKS_EMBEDDED_WORKER": "true", "WEBHOOKS_ALLOW_PRIVATE_TARGETS": "true",
           "WEBHOOKS_POLL_SECONDS": "0.2", "REDIS_URL": ""}
    try:
        with ExitStack() as stack:  # two processes of one worker each, as two containers
            yield [stack.enter_context(uvicorn_server(
                url, tmp_path_factory.mktemp(f"data{n}"), workers=1, env=env))
                for n in range(2)]
    finally:
        drop_postgres_database(url)


def _token(base: str, email: str = MANAGER, password: str = PASSWORD) -> dict[str, str]:
    response = httpx.post(f"{base}/api/v1/auth/token",
                          data={"username": email, "password": password}, timeout=10)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _a_rep(base: str, headers: dict[str, str]) -> dict:
    reps = httpx.get(f"{base}/api/v1/reps", headers=headers, params={"limit": 1}, timeout=10)
    assert reps.status_code == 200, reps.text
    return reps.json()["items"][0]


def test_a_token_from_one_server_works_on_the_other(servers):
    first, second = servers
    headers = _token(first)
    me = httpx.get(f"{second}/api/v1/me", headers=headers, timeout=10)
    assert me.status_code == 200 and me.json()["email"] == MANAGER


def test_one_idempotency_key_used_on_both_servers_creates_one_record(servers):
    first, second = servers
    headers = _token(first)
    rep = _a_rep(first, headers)
    name = f"Retried deal {uuid.uuid4().hex[:8]}"
    body = {"rep_id": rep["id"], "name": name, "account_name": "Retry Co", "amount": "1234.00",
            "expected_close_on": time.strftime("%Y-%m-%d")}
    key = {"Idempotency-Key": uuid.uuid4().hex}
    since = (datetime.now(UTC) - timedelta(seconds=5)).isoformat()
    answers = [httpx.post(f"{base}/api/v1/deals", headers=headers | key, json=body, timeout=10)
               for base in (first, second)]
    assert [a.status_code for a in answers] == [201, 201], answers[-1].text
    assert answers[0].json()["id"] == answers[1].json()["id"]
    assert answers[1].headers.get("idempotent-replayed") == "true"
    found = httpx.get(f"{second}/api/v1/deals", headers=headers, timeout=10, params={
        "rep_id": rep["id"], "updated_since": since, "limit": 100}).json()["items"]
    assert [d["id"] for d in found if d["name"] == name] == [answers[0].json()["id"]]


def test_a_stale_if_match_on_the_second_server_after_a_change_on_the_first_is_412(servers):
    first, second = servers
    headers = _token(first)
    deal = httpx.get(f"{first}/api/v1/deals", headers=headers, params={"limit": 1},
                     timeout=10).json()["items"][0]
    etag = httpx.get(f"{first}/api/v1/deals/{deal['id']}", headers=headers,
                     timeout=10).headers["etag"]
    changed = httpx.patch(f"{first}/api/v1/deals/{deal['id']}", json={"next_step": "Call"},
                          headers=headers | {"If-Match": etag}, timeout=10)
    assert changed.status_code == 200, changed.text
    stale = httpx.patch(f"{second}/api/v1/deals/{deal['id']}", json={"next_step": "Email"},
                        headers=headers | {"If-Match": etag}, timeout=10)
    assert stale.status_code == 412, stale.text
    assert stale.headers["content-type"].startswith("application/problem+json")


def test_the_login_lockout_holds_across_both_servers(servers):
    first, second = servers
    email = "rep2@acme.demo.example"
    statuses = [httpx.post(f"{servers[n % 2]}/api/v1/auth/token",
                           data={"username": email, "password": "wrong-password"},
                           timeout=10).status_code for n in range(12)]
    assert statuses[:10] == [401] * 10 and statuses[10:] == [429, 429]
    locked = httpx.post(f"{second}/api/v1/auth/token",
                        data={"username": email, "password": PASSWORD}, timeout=10)
    assert locked.status_code == 429 and "retry-after" in locked.headers
    assert first != second


def test_a_webhook_event_is_delivered_once_though_both_servers_dispatch(servers):
    first, second = servers
    receiver = Receiver().start()
    try:
        headers = _token(first)
        hook = httpx.post(f"{first}/api/v1/webhooks", headers=headers, timeout=10, json={
            "target_url": receiver.url, "events": ["deal.created"]})
        assert hook.status_code == 201, hook.text
        rep = _a_rep(second, headers)
        created = httpx.post(f"{second}/api/v1/deals", headers=headers, timeout=10, json={
            "rep_id": rep["id"], "name": "Hooked deal", "account_name": "Hook Co",
            "amount": "500.00", "expected_close_on": time.strftime("%Y-%m-%d")})
        assert created.status_code == 201, created.text
        deadline = time.monotonic() + 20
        while not receiver.received and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # both dispatchers keep polling: a second send would arrive by now
        got = [r for r in receiver.received if r.payload["type"] == "deal.created"]
        assert len(got) == 1
        assert got[0].payload["data"]["id"] == created.json()["id"]
        assert signature_ok(hook.json()["secret"], got[0])
    finally:
        receiver.stop()
