"""Two uvicorn workers on one PostgreSQL behave as one server: the login lockout and
refresh-token reuse detection hold across them, and parallel migrations don't race."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from app.core.clock import Clock
from app.db import make_engine, make_sessionmaker, migrate
from app.demo.seed import create_manager_unscoped
from tests.support.databases import create_postgres_database, drop_postgres_database
from tests.support.servers import uvicorn_server

EMAIL, PASSWORD = "workers@test.example", "a-long-enough-password"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = create_postgres_database()
    try:
        with ThreadPoolExecutor(3) as pool:  # three containers starting at once
            list(pool.map(migrate, [url] * 3))
        engine = make_engine(url)
        with make_sessionmaker(engine, clock=Clock.system())() as session:
            create_manager_unscoped(session, email=EMAIL, password=PASSWORD)
            session.commit()
        engine.dispose()
        with uvicorn_server(url, tmp_path_factory.mktemp("workers")) as base:
            yield base
    finally:
        drop_postgres_database(url)


def _login(base: str, password: str) -> httpx.Response:
    # A new connection per request, so requests spread over both workers.
    return httpx.post(f"{base}/api/v1/auth/token",
                      data={"username": EMAIL, "password": password}, timeout=10)


def test_refresh_token_used_in_parallel_succeeds_exactly_once(server):
    refresh_token = _login(server, PASSWORD).json()["refresh_token"]

    def use(_):
        return httpx.post(f"{server}/api/v1/auth/refresh",
                          json={"refresh_token": refresh_token}, timeout=10).status_code

    with ThreadPoolExecutor(10) as pool:
        statuses = list(pool.map(use, range(10)))
    assert sorted(statuses) == [200] + [401] * 9


def test_login_lockout_is_shared_by_all_workers_even_under_parallel_guesses(server):
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: _login(server, "wrong-password").status_code,
                                 range(16)))
    assert sorted(statuses) == [401] * 10 + [429] * 6
    locked = _login(server, PASSWORD)
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
