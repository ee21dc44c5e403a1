"""The KPI queries without the HTTP layer: run the client KPI service in-process to capture
the SQL it sends, then time each statement raw through SQLAlchemy's driver-level execute
(median of several runs), the main aggregate (kpi_figures.deal_figures) most of all.

Also timed, for the diagnosis: the same main aggregate as the big client's owner sends it
(scope = one client instead of the manager's whole practice), and a reference aggregate of
the same kind of figures read from the deals table's current state (not the app's query:
what an aggregate over 100,000 deals costs without rebuilding them from their history).
"""

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import and_, case, event, func, literal, or_
from sqlmodel import select

from bench.dataset import CLOCK, Dataset

MAIN = "figures.figures_and_cycles"  # the dashboard's main aggregate, with its cycles


@dataclass
class Statement:
    label: str
    sql: str
    samples: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.samples)


@dataclass
class SqlResult:
    service: list[float] = field(default_factory=list)  # client_kpis in-process, seconds
    statements: list[Statement] = field(default_factory=list)
    main: Statement | None = None  # as the manager sends it: the raw SQL of the ratios
    main_owner: Statement | None = None
    reference: Statement | None = None
    plan: str = ""
    error: str = ""


def sample(run: Callable[[], object], *, runs: int, budget: float,
           min_runs: int = 3) -> list[float]:
    samples: list[float] = []
    started = time.perf_counter()
    while len(samples) < runs and (len(samples) < min_runs or
                                   time.perf_counter() - started < budget):
        t0 = time.perf_counter()
        run()
        samples.append(time.perf_counter() - t0)
    return samples


def _caller() -> str:
    """The app service function that sent the statement, e.g. 'kpi_figures.deal_figures'."""
    frame = sys._getframe(2)
    while frame is not None:
        path = frame.f_code.co_filename.replace("\\", "/")
        if "/app/services/" in path and not path.endswith(("/access.py", "/deal_state.py")):
            return f"{Path(path).stem}.{frame.f_code.co_name}"
        frame = frame.f_back
    return "?"


def _label(sql: str, caller: str) -> str:
    text = " ".join(sql.split()).lower()
    if caller == "?" and "open_pipeline" in text:
        return MAIN
    return caller


def measure_sql(ds: Dataset, *, runs: int, budget: float, explain: bool) -> SqlResult:
    from app.db import make_engine, make_sessionmaker
    from app.models import User
    from app.services.access.principal import principal_for_user
    from app.services.insights import dashboards

    result = SqlResult()
    engine = make_engine(ds.url, pool_size=2)
    captured: list[tuple[str, object, str]] = []
    capturing = [False]

    @event.listens_for(engine, "before_cursor_execute")
    def _capture(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if capturing[0] and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured.append((statement, parameters, _label(statement, _caller())))

    sessions = make_sessionmaker(engine, clock=CLOCK)

    def principal(email: str):
        with sessions() as session:
            user = session.exec(select(User).where(User.email == email)).one()
            return principal_for_user(session, user)

    def service(who) -> None:
        with sessions() as session:
            dashboards.client_kpis(session, who, ds.big_id)
            session.rollback()

    def capture(who) -> list[tuple[str, object, str]]:
        captured.clear()
        capturing[0] = True
        try:
            service(who)
        finally:
            capturing[0] = False
        return list(captured)

    def timed(conn, label: str, sql: str, parameters, n: int, seconds: float) -> Statement:
        statement = Statement(label, sql)
        statement.samples = sample(
            lambda: conn.exec_driver_sql(sql, parameters).fetchall(), runs=n, budget=seconds)
        return statement

    try:
        manager = principal(ds.manager_email)
        statements = capture(manager)  # warms the caches too
        owner_statements = capture(principal(ds.big_owner))
        result.service = sample(lambda: service(manager), runs=runs, budget=budget)
        postgres = engine.dialect.name == "postgresql"
        with engine.connect() as conn:
            for sql, parameters, label in statements:
                main = label == MAIN and result.main is None
                statement = timed(conn, label, sql, parameters, runs if main else 5,
                                  budget if main else budget / 3)
                result.statements.append(statement)
                if main:
                    result.main = statement
                    if explain:
                        prefix = ("EXPLAIN (ANALYZE, BUFFERS) " if postgres
                                  else "EXPLAIN QUERY PLAN ")
                        rows = conn.exec_driver_sql(prefix + sql, parameters).fetchall()
                        result.plan = "\n".join(" | ".join(str(v) for v in row) for row in rows)
            for sql, parameters, label in owner_statements:
                if label == MAIN:
                    result.main_owner = timed(conn, f"{MAIN}, as the big client's owner", sql,
                                              parameters, runs, budget / 2)
                    break
            stmt = _reference(ds)
            compiled = stmt.compile(dialect=engine.dialect)
            result.reference = Statement("reference: same kind of figures from the deals "
                                         "table's current state", str(compiled))
            result.reference.samples = sample(lambda: conn.execute(stmt).fetchall(),
                                              runs=runs, budget=budget / 2)
            conn.rollback()
    except Exception as exc:  # the app is being built as this runs: report, don't die
        result.error = f"{type(exc).__name__}: {exc}"
    finally:
        engine.dispose()
    return result


def _reference(ds: Dataset):
    """Figures of the same kind as the main aggregate, per rep, from the deals as they are
    now (the deals table is kept current on every change): a floor for the app's query."""
    from app.models import Deal

    d = Deal.__table__.c
    today = CLOCK.today()
    period_start, rate_start = today.replace(day=1), today - timedelta(days=90)
    is_open = d.stage.in_(("prospecting", "discovery", "proposal", "negotiation"))
    won, lost = d.stage == "closed_won", d.stage == "closed_lost"
    in_window = and_(d.closed_on > rate_start, d.closed_on <= today)
    probability = case((d.stage == "prospecting", literal(0.1)),
                       (d.stage == "discovery", literal(0.2)),
                       (d.stage == "proposal", literal(0.5)), else_=literal(0.75))

    def total(condition, value=d.amount):
        return func.coalesce(func.sum(case((condition, value), else_=literal(0))), 0)

    columns = [total(and_(won, d.closed_on >= period_start)), total(is_open),
               total(and_(is_open, d.expected_close_on <= today + timedelta(days=30))),
               func.sum(case((and_(won, in_window), 1), else_=0)),
               func.sum(case((and_(lost, in_window), 1), else_=0)),
               total(and_(won, in_window))]
    for days in (30, 60, 90):
        closing = and_(is_open, d.expected_close_on <= today + timedelta(days=days))
        columns += [total(closing, d.amount * probability),
                    total(and_(closing, d.forecast_category == "commit"))]
    return (select(d.rep_id, *columns)
            .where(d.client_id == ds.big_id,
                   or_(is_open, d.closed_on > min(period_start, rate_start)))
            .group_by(d.rep_id))
