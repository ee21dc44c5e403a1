"""The benchmark's data set, bulk-loaded through the DB-API driver (executemany on SQLite,
COPY on PostgreSQL) after the app's own migrations.

- "big": one client with 12 reps, N deals over ~3 years (each with its creation history in
  deal_changes and its later stage, forecast, amount, expected-close and owner changes) and
  M activity rows, unique per rep, day and kind: 12 reps x 4 kinds x ceil(M / 48) days back
  from yesterday. 12 x ~1,100 days x 4 is only 52,800 rows, so 1,000,000 rows reach back
  ~57 years; only the last weeks fall in any KPI window, which is what matters for speed.
- "lite": the big client's twin for the history comparison: the same open pipeline and reps,
  but a tenth of the closed deals and a tenth of the activity history.
- a practice of small clients (5 reps, 500 deals, 2,000 activities each).
Every client is assigned to one manager login; a second manager has only the small clients;
big and lite also have an owner login.

Values are written exactly as the app writes them (checked against rows the ORM wrote):
ids as 32-character hex (SQLite's Uuid storage; PostgreSQL's uuid type reads it too),
timestamps as naive UTC 'YYYY-MM-DD HH:MM:SS.ffffff' (PostgreSQL loads them with the session
time zone set to UTC), dates as ISO text, money as exact two-decimal numbers, and in
deal_changes the app's text forms ('48000.00', '2026-12-15', dashed UUIDs for rep_id).
"""

import math
import random
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from itertools import islice
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from app.core.clock import Clock

CLOCK = Clock.system()  # the benchmark's "today"; the server runs on its own clock
PASSWORD = "bench-password-0123"
MANAGER_EMAIL = "manager@bench.example"
# A second manager with only the small clients: the portfolio "of 50 clients" of the goal.
PRACTICE_MANAGER_EMAIL = "practice.manager@bench.example"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
STAGES = ("prospecting", "discovery", "proposal", "negotiation")
KINDS = ("new_business", "new_business", "new_business", "upsell", "cross_sell", "renewal")
LOST_REASONS = ("stall", "competition", "price_terms", "no_decision", "bad_fit", "other")
ACCOUNTS = ("Northwind", "Contoso", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli",
            "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Massive Dynamic", "Wonka", "Acme")
WIN_RATE = 0.3
STALE_SHARE = 0.02  # deals past their close date that nobody closed
AMOUNT_SIGMA = 0.9

DEAL_COLUMNS = ("id", "client_id", "rep_id", "name", "account_name", "amount",
                "gross_margin_pct", "kind", "stage", "forecast_category", "expected_close_on",
                "proposal_sent_on", "closed_on", "lost_reason", "next_step", "slip_count",
                "created_at", "updated_at", "version")
CHANGE_COLUMNS = ("id", "deal_id", "client_id", "field", "old", "new", "changed_by",
                  "changed_at")
ACTIVITY_COLUMNS = ("id", "client_id", "rep_id", "occurred_on", "kind", "quantity", "deal_id",
                    "note", "created_at", "updated_at", "version")


WINDOW_DAYS = 200  # longer than any KPI window (90-day rates, a quarter, 13 weeks of activity)


@dataclass(frozen=True)
class Spec:
    deals: int = 100_000
    activities: int = 1_000_000
    reps: int = 12
    deal_days: int = 1_100
    practice_clients: int = 50
    practice_reps: int = 5
    practice_deals: int = 500
    practice_activities: int = 2_000
    history_factor: int = 10
    seed: int = 20261123


QUICK = Spec(deals=2_000, activities=10_000, practice_clients=3, practice_deals=100,
             practice_activities=200)


@dataclass
class Tenant:
    slug: str
    name: str
    reps: int
    stories: int  # deals generated; closed ones are kept with probability keep_closed
    activity_days: int
    amount_median: float
    period: str = "month"
    timezone: str = "America/Chicago"
    keep_closed: float = 1.0
    owner: bool = False
    client_id: str = ""
    rep_ids: list[str] = field(default_factory=list)


@dataclass
class Dataset:
    url: str
    manager_email: str
    practice_manager_email: str
    password: str
    big_id: uuid.UUID
    lite_id: uuid.UUID
    big_owner: str
    lite_owner: str
    clients: int
    counts: dict[str, int]
    seconds: float
    activity_days: int


def check_loopback(url: str) -> None:
    """Refuse a database anywhere but on this machine."""
    host = make_url(url).host
    if host and host not in LOOPBACK:
        raise SystemExit(f"refusing a non-loopback database host: {host}")


def libpq_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def fresh_database(kind: str, workdir: Path, pg_admin_url: str) -> Iterator[str]:
    """A new empty database for one run: a SQLite file in `workdir`, or a PostgreSQL database
    created here and dropped on the way out, whatever happens in between."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'bench.db'}"
        return
    check_loopback(pg_admin_url)
    name = f"fsm_bench_{uuid.uuid4().hex[:12]}"
    admin = libpq_dsn(pg_admin_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build(url: str, spec: Spec, log: Callable[[str], None]) -> Dataset:
    """Migrate, create the logins and clients through the ORM, bulk-load the rest, ANALYZE."""
    from app.db import migrate

    started = time.perf_counter()
    migrate(url)
    today = CLOCK.today()
    last_day = today.toordinal() - 1  # history up to yesterday, so nothing is in the future
    tenants = _plan(spec)
    manager_id = _create_tenancy(url, spec, tenants, last_day)
    log(f"  migrated; {len(tenants)} clients, their reps and logins created "
        f"({time.perf_counter() - started:.1f} s)")
    rng = random.Random(spec.seed)
    counts = {"deals": 0, "deal_changes": 0, "activities": 0}
    with _loader(url) as loader:
        loader.drop_indexes(("deals", "deal_changes", "activities"))
        for tenant in tenants:
            deals, changes = [], []
            for deal, history in _deals(rng, tenant, manager_id, last_day, spec.deal_days):
                deals.append(deal)
                changes.extend(history)
            loader.insert("deals", DEAL_COLUMNS, deals)
            loader.insert("deal_changes", CHANGE_COLUMNS, changes)
            counts["deals"] += len(deals)
            counts["deal_changes"] += len(changes)
            counts["activities"] += loader.insert(
                "activities", ACTIVITY_COLUMNS, _activities(rng, tenant, last_day))
            if tenant.slug in ("big", "lite"):
                log(f"  {tenant.slug}: {len(deals):,} deals, {len(changes):,} changes loaded "
                    f"({time.perf_counter() - started:.1f} s)")
        log(f"  all rows loaded ({time.perf_counter() - started:.1f} s); indexing")
        loader.restore_indexes()
        loader.commit()
        log(f"  indexed ({time.perf_counter() - started:.1f} s); analyzing")
        loader.analyze()
    big, lite = tenants[0], tenants[1]
    return Dataset(url=url, manager_email=MANAGER_EMAIL,
                   practice_manager_email=PRACTICE_MANAGER_EMAIL, password=PASSWORD,
                   big_id=uuid.UUID(big.client_id), lite_id=uuid.UUID(lite.client_id),
                   big_owner=_owner_email(big), lite_owner=_owner_email(lite),
                   clients=len(tenants), counts=counts,
                   seconds=time.perf_counter() - started, activity_days=big.activity_days)


def _plan(spec: Spec) -> list[Tenant]:
    days = math.ceil(spec.activities / (spec.reps * 4))
    big = Tenant("big", "Bench Big Co", spec.reps, spec.deals, days, 12_000, owner=True)
    lite = Tenant("lite", "Bench Lite Co", spec.reps, spec.deals,
                  max(1, math.ceil(days / spec.history_factor)), 12_000,
                  keep_closed=1 / spec.history_factor, owner=True)
    zones = ("America/Chicago", "America/New_York", "Europe/London", "America/Los_Angeles")
    practice = [
        Tenant(f"p{n:02d}", f"Practice Client {n:02d}", spec.practice_reps, spec.practice_deals,
               max(1, math.ceil(spec.practice_activities / (spec.practice_reps * 4))),
               8_000 + 1_000 * (n % 9), period="quarter" if n % 3 == 0 else "month",
               timezone=zones[n % len(zones)])
        for n in range(1, spec.practice_clients + 1)]
    return [big, lite, *practice]


def _owner_email(tenant: Tenant) -> str:
    return f"owner@{tenant.slug}.bench.example"


def _target(tenant: Tenant, span_days: int) -> Decimal:
    """About what the client wins in a period, so attainment lands near 100 %."""
    mean = tenant.amount_median * math.exp(AMOUNT_SIGMA ** 2 / 2)
    per_month = tenant.stories / span_days * 30.4 * WIN_RATE * (1 - STALE_SHARE) * mean
    months = 3 if tenant.period == "quarter" else 1
    return Decimal(round(per_month * months, -3))


def _create_tenancy(url: str, spec: Spec, tenants: list[Tenant], last_day: int) -> str:
    """Manager, clients, owners and reps through the ORM (a few hundred rows); returns the
    manager's id as hex."""
    from app.db import make_engine, make_sessionmaker
    from app.demo.seed import create_manager_unscoped
    from app.models import Client, ClientManager, Rep, User
    from app.models.enums import Role
    from app.security import hash_password

    engine = make_engine(url, pool_size=1)
    password_hash = hash_password(PASSWORD)
    first = date.fromordinal(last_day - spec.deal_days)
    try:
        with make_sessionmaker(engine, clock=CLOCK)() as session:
            manager = create_manager_unscoped(session, email=MANAGER_EMAIL, password=PASSWORD,
                                              full_name="Bench Manager")
            practice_manager = create_manager_unscoped(
                session, email=PRACTICE_MANAGER_EMAIL, password=PASSWORD,
                full_name="Bench Practice Manager")
            for tenant in tenants:
                target = _target(tenant, spec.deal_days)
                client = Client(name=tenant.name, industry="Benchmark",
                                measurement_period=tenant.period, timezone=tenant.timezone,
                                period_revenue_target=target, engagement_started_on=first)
                session.add(client)
                session.flush()
                session.add(ClientManager(client_id=client.id, user_id=manager.id))
                if not tenant.owner:  # the small clients
                    session.add(ClientManager(client_id=client.id, user_id=practice_manager.id))
                if tenant.owner:
                    session.add(User(email=_owner_email(tenant), full_name=f"{tenant.name} Owner",
                                     role=Role.owner, client_id=client.id,
                                     password_hash=password_hash))
                reps = [Rep(client_id=client.id, full_name=f"Rep {n:02d} {tenant.slug}",
                            email=f"rep{n}@{tenant.slug}.bench.example", title="AE",
                            hire_date=first, quota=(target / tenant.reps).quantize(Decimal(1)))
                        for n in range(1, tenant.reps + 1)]
                session.add_all(reps)
                session.flush()
                tenant.client_id = client.id.hex
                tenant.rep_ids = [rep.id.hex for rep in reps]
            session.commit()
            return manager.id.hex
    finally:
        engine.dispose()


@cache
def _day(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _stamp(seconds: int, micro: int) -> str:
    """Seconds since day 0 of the proleptic calendar (ordinal * 86400), as the app's text."""
    day, rest = divmod(seconds, 86_400)
    hour, rest = divmod(rest, 3_600)
    minute, second = divmod(rest, 60)
    return f"{_day(day)} {hour:02d}:{minute:02d}:{second:02d}.{micro:06d}"


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _deals(rng: random.Random, tenant: Tenant, changed_by: str, last_day: int,
           span_days: int) -> Iterator[tuple[tuple, list[tuple]]]:
    """Each deal's row and its history rows, as a rep would have worked it."""
    rep_text = {rep: str(uuid.UUID(rep)) for rep in tenant.rep_ids}
    mu = math.log(tenant.amount_median)
    client = tenant.client_id
    for number in range(tenant.stories):
        created = last_day - rng.randrange(span_days)
        cycle = int(rng.triangular(10, 200, 40))
        promised = created + max(5, int(cycle * rng.uniform(0.7, 1.3)))
        end = created + cycle
        closed = end <= last_day and rng.random() >= STALE_SHARE
        if (closed and tenant.keep_closed < 1 and end < last_day - WINDOW_DAYS
                and rng.random() >= tenant.keep_closed):
            continue  # the lite twin: a tenth of the history older than every KPI window
        won = closed and rng.random() < WIN_RATE
        if closed:
            reach = 4 if won else rng.choice((1, 1, 2, 2, 3, 3, 4))
        else:
            progress = ((last_day - created) / cycle if end > last_day
                        else rng.uniform(0.3, 0.99))
            reach = 1 + min(3, int(progress * 4))
        owner = rng.choice(tenant.rep_ids)
        cents = round(min(max(rng.lognormvariate(mu, AMOUNT_SIGMA), 500), 2_000_000)) * 100
        events: list[tuple[int, list[tuple[str, str | None, str]]]] = []
        stage, forecast, expected = STAGES[0], "pipeline", promised
        proposal_on = slips = None
        for k in range(1, reach):
            changes = [("stage", stage, STAGES[k])]
            stage = STAGES[k]
            if stage == "proposal":
                proposal_on = created + cycle * k // 4
                if rng.random() < 0.8:
                    changes.append(("forecast_category", forecast, "best_case"))
                    forecast = "best_case"
                if rng.random() < 0.2:
                    new_cents = round(cents / 100 * rng.uniform(0.8, 1.15)) * 100
                    changes.append(("amount", _money(cents), _money(new_cents)))
                    cents = new_cents
            elif stage == "negotiation" and rng.random() < 0.7:
                changes.append(("forecast_category", forecast, "commit"))
                forecast = "commit"
            events.append((created + cycle * k // 4, changes))
        if end > promised and promised <= last_day:
            new_expected = end if end > last_day or closed else max(end, promised + 14)
            events.append((promised, [("expected_close_on", _day(promised),
                                       _day(new_expected))]))
            expected, slips = new_expected, 1
        if created < last_day and rng.random() < 0.01:
            new_owner = rng.choice(tenant.rep_ids)
            if new_owner != owner:
                day = rng.randint(created + 1, min(end, last_day))
                events.append((day, [("rep_id", rep_text[owner], rep_text[new_owner])]))
                owner = new_owner
        if closed:
            final = "closed_won" if won else "closed_lost"
            events.append((end, [("stage", stage, final),
                                 ("forecast_category", forecast, "closed")]))
            stage, forecast = final, "closed"
        events.sort(key=lambda e: e[0])

        deal_id = uuid.uuid4().hex
        start = created * 86_400 + 13 * 3_600 + rng.randrange(9 * 3_600)
        created_at = _stamp(start, rng.randrange(1_000_000))
        creation = [("stage", None, STAGES[0]),
                    ("amount", None, _money(cents if not events else _first_amount(
                        cents, events))),
                    ("expected_close_on", None, _day(promised)),
                    ("forecast_category", None, "pipeline"),
                    ("rep_id", None, rep_text[_first_owner(owner, events, rep_text)])]
        history = [(uuid.uuid4().hex, deal_id, client, f, old, new, changed_by, created_at)
                   for f, old, new in creation]
        moment, updated_at = start, created_at
        for day, changes in events:
            moment = max(day * 86_400 + 13 * 3_600 + rng.randrange(9 * 3_600), moment + 60)
            updated_at = _stamp(moment, rng.randrange(1_000_000))
            history.extend((uuid.uuid4().hex, deal_id, client, f, old, new, changed_by,
                            updated_at) for f, old, new in changes)
        account = ACCOUNTS[number % len(ACCOUNTS)]
        yield ((deal_id, client, owner, f"{account} deal {number}", account, cents / 100,
                round(rng.uniform(15, 55), 2), rng.choice(KINDS), stage, forecast,
                _day(expected), None if proposal_on is None else _day(proposal_on),
                _day(end) if closed else None,
                None if won or not closed else rng.choice(LOST_REASONS), "", slips or 0,
                created_at, updated_at, 1 + len(events)), history)


def _first_amount(cents: int, events) -> int:
    """The amount at creation: the old value of the first amount change, if any."""
    for _, changes in events:
        for f, old, _new in changes:
            if f == "amount":
                return int(Decimal(old) * 100)
    return cents


def _first_owner(owner: str, events, rep_text: dict[str, str]) -> str:
    """The owner at creation: the old value of the first reassignment, if any."""
    back = {text: rep for rep, text in rep_text.items()}
    for _, changes in events:
        for f, old, _new in changes:
            if f == "rep_id":
                return back[old]
    return owner


def _activities(rng: random.Random, tenant: Tenant, last_day: int) -> Iterator[tuple]:
    """One row per rep, day and kind: whole counts; prospecting hours in quarter hours."""
    client = tenant.client_id
    for rep in tenant.rep_ids:
        drive = rng.uniform(0.5, 1.3)  # some reps fall under the weekly targets
        for day in range(last_day - tenant.activity_days + 1, last_day + 1):
            occurred = _day(day)
            logged = f"{occurred} 23:00:00.000000"
            workday = (day - 1) % 7 < 5
            scale = drive if workday else 0.1
            quantities = (round(rng.uniform(2, 12) * scale), round(rng.uniform(0, 4) * scale),
                          round(rng.uniform(0, 1.4) * scale), round(rng.uniform(0, 16) * scale) / 4)
            for kind, quantity in zip(("call", "meeting", "proposal", "prospecting"), quantities,
                                      strict=True):
                yield (uuid.uuid4().hex, client, rep, occurred, kind, quantity, None, "",
                       logged, logged, 1)


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


class _SqliteLoader:
    """executemany in 50,000-row batches inside one transaction, foreign keys off."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=DELETE", "synchronous=OFF", "cache_size=-1000000",
                       "temp_store=MEMORY", "foreign_keys=OFF"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.conn.execute("BEGIN")

    def drop_indexes(self, tables: tuple[str, ...]) -> None:
        """Secondary indexes are rebuilt after the load (far faster than row by row)."""
        marks = ", ".join("?" * len(tables))
        self.indexes = self.conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks})", tables).fetchall()
        for name, _sql in self.indexes:
            self.conn.execute(f'DROP INDEX "{name}"')

    def restore_indexes(self) -> None:
        for _name, sql in self.indexes:
            self.conn.execute(sql)

    def insert(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
        sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
               f"VALUES ({', '.join('?' * len(columns))})")
        total = 0
        for batch in _batches(rows, 50_000):
            self.conn.executemany(sql, batch)
            total += len(batch)
        return total

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def analyze(self) -> None:
        self.conn.execute("ANALYZE")
        self.conn.execute("PRAGMA journal_mode=WAL")  # as the app leaves it

    def close(self) -> None:
        self.conn.close()


class _PostgresLoader:
    """COPY inside one transaction; the foreign-key triggers are skipped while loading
    (session_replication_role = replica) since the rows are consistent by construction."""

    def __init__(self, dsn: str) -> None:
        self.conn = psycopg.connect(dsn)
        self.conn.execute("SET TIME ZONE 'UTC'")
        self.conn.execute("SET session_replication_role = replica")

    def drop_indexes(self, tables: tuple[str, ...]) -> None:
        """Indexes that back no constraint are rebuilt after the load (primary keys and
        unique constraints stay, so they are checked while loading)."""
        self.indexes = self.conn.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "WHERE t.relname = ANY(%s) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            [list(tables)]).fetchall()
        for name, _sql in self.indexes:
            self.conn.execute(f'DROP INDEX "{name}"')

    def restore_indexes(self) -> None:
        self.conn.execute("SET maintenance_work_mem = '512MB'")
        for _name, sql in self.indexes:
            self.conn.execute(sql)

    def insert(self, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
        total = 0
        with self.conn.cursor() as cursor, cursor.copy(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                total += 1
        return total

    def commit(self) -> None:
        self.conn.commit()

    def analyze(self) -> None:
        self.conn.autocommit = True
        self.conn.execute("VACUUM ANALYZE")  # ANALYZE, plus the visibility map autovacuum keeps

    def close(self) -> None:
        self.conn.close()


@contextmanager
def _loader(url: str) -> Iterator[_SqliteLoader | _PostgresLoader]:
    loader = (_SqliteLoader(make_url(url).database) if url.startswith("sqlite")
              else _PostgresLoader(libpq_dsn(url)))
    try:
        yield loader
    finally:
        loader.close()
