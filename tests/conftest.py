"""One database per backend per run (migrated, then dropped); each test in a rolled-back
transaction; real tokens for fixture users.

Backends: SQLite always; PostgreSQL when reachable at TEST_POSTGRES_URL. Outside CI an
unreachable PostgreSQL skips its half of the suite with a message; with CI=true it fails.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.db import make_sessionmaker, migrate
from app.main import create_app
from app.models import Client, Rep, User
from app.security import create_access_token
from app.settings import Settings
from tests.support import factories
from tests.support.clock import travel_to
from tests.support.databases import (
    BACKENDS,
    create_postgres_database,
    drop_postgres_database,
)
from tests.support.webhook_helpers import Receiver


def pytest_configure(config) -> None:
    """TEST_CLOCK_AT=2028-02-29T12:00:00Z runs the whole suite at that moment (the clock
    then runs on): the process's clock travels, and servers started by tests follow it."""
    if at := os.environ.get("TEST_CLOCK_AT"):
        travel_to(datetime.fromisoformat(at.replace("Z", "+00:00")))


TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> Iterator[str]:
    """A fresh database for this backend, migrated to head (so migrations run every time)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.db'}"
        migrate(url)
        yield url
        return
    url = create_postgres_database()
    try:
        migrate(url)
        yield url
    finally:
        drop_postgres_database(url)


@pytest.fixture(scope="session")
def settings(database_url, tmp_path_factory) -> Settings:
    # Every anonymous request of the suite comes from one "testclient" IP: a high limit, in
    # process whatever REDIS_URL says; tests of the limit itself build their own app. No
    # webhook dispatcher thread: it would share the test's transaction (webhook tests run
    # the dispatcher themselves).
    return Settings(_env_file=None, environment="test", database_url=database_url,
                    jwt_secret=TEST_SECRET, data_dir=tmp_path_factory.mktemp("data"),
                    redis_url=None, rate_limit_per_minute=100_000,
                    webhooks_embedded_worker=False, imports_embedded_worker=False)


@pytest.fixture(scope="session")
def app(settings) -> Iterator[FastAPI]:
    application = create_app(settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def db(app) -> Iterator[Session]:
    """A session on a connection whose transaction is rolled back after the test; the
    app's requests share it, each committing only to a savepoint."""
    original = app.state.sessionmaker
    connection = app.state.engine.connect()
    transaction = connection.begin()
    app.state.sessionmaker = make_sessionmaker(connection, clock=app.state.settings.clock,
                                               join_transaction_mode="create_savepoint")
    session = app.state.sessionmaker()
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()
        app.state.sessionmaker = original


@pytest.fixture
def client(app, db) -> TestClient:
    """An anonymous HTTP client."""
    return TestClient(app, raise_server_exceptions=False)


class Caller:
    """An HTTP client acting as one user, with a real access token."""

    def __init__(self, http: TestClient, token: str) -> None:
        self.http = http
        self.headers = {"Authorization": f"Bearer {token}"}

    def request(self, method: str, url: str, **kw):
        headers = {**self.headers, **kw.pop("headers", {})}
        return self.http.request(method, url, headers=headers, **kw)

    def get(self, url, **kw):
        return self.request("GET", url, **kw)

    def post(self, url, **kw):
        return self.request("POST", url, **kw)

    def patch(self, url, **kw):
        return self.request("PATCH", url, **kw)

    def put(self, url, **kw):
        return self.request("PUT", url, **kw)

    def delete(self, url, **kw):
        return self.request("DELETE", url, **kw)


@dataclass
class World:
    """Two client companies, A and B, each with its own manager, owner and reps."""

    client_a: Client
    client_b: Client
    manager_a: User
    manager_b: User
    owner_a: User
    owner_b: User
    rep_a1: Rep
    rep_a2: Rep
    rep_b1: Rep
    rep_user_a1: User
    rep_user_a2: User
    rep_user_b1: User


@pytest.fixture
def world(db) -> World:
    manager_a = factories.make_user(db, role="manager", email="manager.a@test.example")
    manager_b = factories.make_user(db, role="manager", email="manager.b@test.example")
    client_a = factories.make_client(db, managers=[manager_a], name="Alpha Tools")
    client_b = factories.make_client(db, managers=[manager_b], name="Bravo Systems")
    owner_a = factories.make_user(db, role="owner", client=client_a, email="owner@a.example")
    owner_b = factories.make_user(db, role="owner", client=client_b, email="owner@b.example")
    rep_a1, rep_user_a1 = factories.make_rep_with_login(db, client_a, "rep1@a.example")
    rep_a2, rep_user_a2 = factories.make_rep_with_login(db, client_a, "rep2@a.example")
    rep_b1, rep_user_b1 = factories.make_rep_with_login(db, client_b, "rep1@b.example")
    return World(client_a, client_b, manager_a, manager_b, owner_a, owner_b, rep_a1, rep_a2,
                 rep_b1, rep_user_a1, rep_user_a2, rep_user_b1)


@pytest.fixture
def as_user(client, settings):
    """`as_user(user)` -> a Caller with a freshly minted token for that user."""

    def make(user: User) -> Caller:
        token = create_access_token(settings, user_id=user.id, role=user.role)
        return Caller(client, token)

    return make


@pytest.fixture
def private_ok(app, monkeypatch) -> Settings:
    """Settings that allow local webhook receivers, for the app and for the dispatcher."""
    allowed = app.state.settings.model_copy(update={"webhooks_allow_private_targets": True})
    monkeypatch.setitem(app.state._state, "settings", allowed)
    return allowed


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A local webhook receiver on a free port."""
    started = Receiver().start()
    yield started
    started.stop()
