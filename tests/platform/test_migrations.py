"""The migrations round trip on fresh SQLite and PostgreSQL databases: up to head, down to
base one revision at a time and up again, with the demo data's row counts kept wherever the
schema allows.

What is compared: the demo is seeded at head and every table counted; the newest revision
goes down and up again on that data without changing any count. Then each downgrade step
must leave every table that still exists with exactly those rows (a step that only drops a
table or an index, or rebuilds a table in SQLite's batch mode, loses no row of the others);
at base only Alembic's own table is left. Each upgrade step back must keep the surviving
rows too (the tables it recreates start empty). At head the schema must match the models
again, and seeding the demo once more (it creates only what is missing) must bring every
table back to the counts of the first seeding.
"""

from collections.abc import Iterator
from datetime import date

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, table
from sqlmodel import SQLModel

import app.models  # noqa: F401  (every table on the metadata)
from app.core.clock import Clock
from app.db import alembic_config, make_engine, make_sessionmaker, migrate
from app.demo.seed import seed_demo_unscoped
from tests.support.databases import create_postgres_database, drop_postgres_database

DEMO_DAY = date(2026, 11, 23)
ALEMBIC = "alembic_version"


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'round-trip.db'}"
        return
    url = create_postgres_database()
    try:
        yield url
    finally:
        drop_postgres_database(url)


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        names = [n for n in inspect(conn).get_table_names() if n != ALEMBIC]
        return {n: conn.execute(select(func.count()).select_from(table(n))).scalar_one()
                for n in sorted(names)}


def _seed(engine) -> None:
    with make_sessionmaker(engine, clock=Clock.on(DEMO_DAY))() as session:
        seed_demo_unscoped(session)
        session.commit()


def _step(url: str, engine, direction: str, target: str) -> None:
    with engine.connect() as conn:
        config = alembic_config(url)
        config.attributes["connection"] = conn
        getattr(command, direction)(config, target)
        conn.commit()


def test_migrations_go_down_to_base_and_up_again_keeping_the_demo_rows(fresh_url):
    migrate(fresh_url)
    engine = make_engine(fresh_url, pool_size=1)
    try:
        _seed(engine)
        seeded = _counts(engine)
        assert seeded["deals"] > 0 and seeded["activities"] > 0 and seeded["users"] == 11

        _step(fresh_url, engine, "downgrade", "-1")  # the newest revision, on the data
        below = _counts(engine)
        _step(fresh_url, engine, "upgrade", "head")
        # Every row is kept; the tables the newest revision creates come back empty.
        assert _counts(engine) == {n: seeded[n] if n in below else 0 for n in seeded}

        revisions = [r.revision for r in
                     ScriptDirectory.from_config(alembic_config(fresh_url)).walk_revisions()]
        for revision in revisions:  # head first
            _step(fresh_url, engine, "downgrade", "-1")
            left = _counts(engine)
            assert left == {n: seeded[n] for n in left}, f"rows lost going below {revision}"
        assert _counts(engine) == {}, "tables left at base"

        for revision in reversed(revisions):
            _step(fresh_url, engine, "upgrade", revision)
            now = _counts(engine)
            assert all(now[n] in (0, seeded[n]) for n in now), f"rows changed at {revision}"
        assert set(_counts(engine)) == set(seeded)
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, SQLModel.metadata) == []

        _seed(engine)
        assert _counts(engine) == seeded
    finally:
        engine.dispose()
