"""Throw-away PostgreSQL databases for the suite: created per run, dropped after it."""

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

PG_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# The databases the suite runs on: TEST_DATABASES=sqlite leaves PostgreSQL alone entirely.
BACKENDS = [b.strip() for b in os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",")]


def create_postgres_database() -> str:
    """A new empty database's URL; skips when TEST_DATABASES leaves PostgreSQL out, or when
    it is unreachable (fails then in CI)."""
    if "postgresql" not in BACKENDS:
        pytest.skip("TEST_DATABASES leaves PostgreSQL out")
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"fsm_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        message = (f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({exc.orig}); "
                   "set TEST_POSTGRES_URL or start it to run the PostgreSQL tests")
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    finally:
        admin.dispose()
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    """Drop a database made by create_postgres_database, even with clients still connected."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()
