"""Dispatchers on a real, committed PostgreSQL database: two at once never send one delivery
twice; the server's embedded dispatcher and `python -m app webhook-worker` deliver."""

import os
import subprocess
import sys
import threading
import time
import uuid

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from app.core.clock import Clock
from app.db import make_engine, make_sessionmaker, migrate
from app.main import create_app
from app.models.integrations.webhook import (
    EventType,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from app.security import create_access_token
from app.services.integrations import events
from app.services.integrations.webhooks.dispatch import dispatch_once, fan_out_pending
from app.services.integrations.webhooks.subscriptions import new_secret
from app.settings import Settings
from tests.support import factories
from tests.support.databases import create_postgres_database, drop_postgres_database
from tests.support.webhook_helpers import signature_ok, subscribe

SECRET = "webhook-workers-test-secret-0123456789-abcdef"


@pytest.fixture(scope="module")
def pg_url():
    url = create_postgres_database()
    try:
        migrate(url)
        yield url
    finally:
        drop_postgres_database(url)


def settings_for(url: str, tmp_path, **changes) -> Settings:
    values = {"webhooks_allow_private_targets": True, "webhooks_embedded_worker": False}
    return Settings(_env_file=None, environment="test", database_url=url, jwt_secret=SECRET,
                    data_dir=tmp_path, **(values | changes))


def seed(url: str, target_url: str, count: int, *, fanned_out: bool = True):
    """A manager, a client, a subscription and `count` events, committed; fanned out to
    the subscription (as a dispatcher pass would) unless told not to."""
    engine = make_engine(url, pool_size=2)
    with make_sessionmaker(engine, clock=Clock.system())() as session:
        manager = factories.make_user(session, role="manager")
        client = factories.make_client(session, managers=[manager])
        hook = WebhookSubscription(user_id=manager.id, target_url=target_url,
                                   events=[EventType.deal_created.value], secret=new_secret())
        session.add(hook)
        session.flush()
        for n in range(count):
            events.emit(session, EventType.deal_created, client_id=client.id, rep_id=None,
                        data={"n": n})
        if fanned_out:
            session.flush()
            events.fan_out(session, list(session.exec(select(WebhookEvent).where(
                col(WebhookEvent.fanned_out_at).is_(None))).all()))
        session.commit()
        ids = (manager.id, client.id, hook.id, hook.secret)
    engine.dispose()
    return ids


def side_by_side(url: str, work) -> dict[int, list[int]]:
    """Run `work(sessions)` in two threads at once, each with its own engine, until it
    returns 0; what each pass returned, per thread."""
    start, done = threading.Barrier(2), {0: [], 1: []}

    def run(n: int):
        engine = make_engine(url, pool_size=2)
        sessions = make_sessionmaker(engine, clock=Clock.system())
        start.wait()
        while got := work(sessions):
            done[n].append(got)
        engine.dispose()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return done


def test_two_dispatchers_at_once_never_send_a_delivery_twice(pg_url, tmp_path, receiver):
    receiver.delay = 0.02
    *_, secret = seed(pg_url, receiver.url, 40)
    settings = settings_for(pg_url, tmp_path)

    def dispatch(sessions) -> int:  # a client per pass: none is shared between threads
        with httpx.Client() as http:
            return dispatch_once(sessions, settings, http, limit=3)

    attempted = side_by_side(pg_url, dispatch)

    ids = [r.headers["webhook-id"] for r in receiver.received]
    assert len(ids) == 40 and len(set(ids)) == 40
    assert sum(attempted[0]) + sum(attempted[1]) == 40
    assert attempted[0] and attempted[1], "both dispatchers should have sent some"
    assert all(signature_ok(secret, r) for r in receiver.received)


def test_two_dispatchers_fanning_out_at_once_queue_each_event_once(pg_url, tmp_path,
                                                                   receiver):
    _, _, hook_id, _ = seed(pg_url, receiver.url, 60, fanned_out=False)

    fanned = side_by_side(pg_url, lambda sessions: fan_out_pending(sessions, limit=5))

    engine = make_engine(pg_url, pool_size=1)
    with make_sessionmaker(engine, clock=Clock.system())() as session:
        queued = session.exec(select(WebhookDelivery.event_id).where(
            WebhookDelivery.subscription_id == hook_id)).all()
    engine.dispose()
    assert sum(fanned[0]) + sum(fanned[1]) == 60
    assert len(queued) == 60 and len(set(queued)) == 60


def test_the_embedded_dispatcher_delivers_while_the_server_runs(pg_url, tmp_path, receiver):
    engine = make_engine(pg_url, pool_size=2)
    with make_sessionmaker(engine, clock=Clock.system())() as session:
        manager = factories.make_user(session, role="manager")
        client = factories.make_client(session, managers=[manager])
        rep = factories.make_rep(session, client)
        session.commit()
    engine.dispose()
    settings = settings_for(pg_url, tmp_path, webhooks_embedded_worker=True,
                            webhooks_poll_seconds=0.1)
    token = create_access_token(settings, user_id=manager.id, role=manager.role)
    app = create_app(settings)
    with TestClient(app) as http:
        caller = _Caller(http, token)
        hook = subscribe(caller, receiver.url, ["deal.created"])
        created = http.post("/api/v1/deals", headers=caller.headers, json={
            "name": "Embedded", "amount": "10.00", "rep_id": str(rep.id)})
        assert created.status_code == 201, created.text
        for _ in range(100):
            if receiver.received:
                break
            time.sleep(0.1)
    app.state.engine.dispose()
    [got] = receiver.received
    assert got.payload["data"]["id"] == created.json()["id"]
    assert signature_ok(hook["secret"], got)


def test_the_webhook_worker_command_sends_what_is_due(pg_url, tmp_path, receiver):
    _, _, hook_id, secret = seed(pg_url, receiver.url, 2)
    env = os.environ | {"DATABASE_URL": pg_url, "ENVIRONMENT": "test", "JWT_SECRET": SECRET,
                        "DATA_DIR": str(tmp_path), "WEBHOOKS_ALLOW_PRIVATE_TARGETS": "true",
                        "LOG_LEVEL": "WARNING"}
    done = subprocess.run([sys.executable, "-m", "app", "webhook-worker", "--once"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert len(receiver.received) == 2
    assert all(signature_ok(secret, r) for r in receiver.received)
    engine = make_engine(pg_url, pool_size=1)
    with make_sessionmaker(engine, clock=Clock.system())() as session:
        statuses = set(session.exec(select(WebhookDelivery.status).where(
            WebhookDelivery.subscription_id == uuid.UUID(str(hook_id)))).all())
    engine.dispose()
    assert statuses == {"delivered"}


class _Caller:
    def __init__(self, http: TestClient, token: str) -> None:
        self.http, self.headers = http, {"Authorization": f"Bearer {token}"}

    def post(self, url, **kw):
        return self.http.post(url, headers=self.headers, **kw)
