"""KPI benchmark: build a large data set on SQLite and/or PostgreSQL, run the real server
(1 then 2 uvicorn workers) and measure the KPI, alarm and portfolio endpoints against a bare
authenticated GET and the raw SQL of the main aggregate.

    python -m bench.kpis --quick            # smoke run, about a minute
    python -m bench.kpis                    # full run, both databases

Not a test; CI doesn't run it. Everything stays on loopback; the databases it creates (a
temporary SQLite file, a fresh PostgreSQL database) and the servers it starts are removed and
stopped on the way out, also on errors and Ctrl-C. See bench/README.md.
"""

import argparse
import dataclasses
import json
import os
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench import dataset
from bench.load import Measure, measure
from bench.rawsql import SqlResult, measure_sql
from bench.server import Server

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
GOAL_P95 = {"postgresql": 0.150, "sqlite": 0.250}
GOAL_SQL_RATIO = 2.0
GOAL_PORTFOLIO_P95 = 0.500
GOAL_HISTORY_RATIO = 1.3
PAST_AS_OF = "client KPIs, as_of -30 days"  # replayed from the history
SLOW = 5.0  # seconds: no throughput run above this p50, and no rerun with more workers
T0 = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - T0:6.0f} s] {message}", flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.kpis", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--quick", action="store_true",
                        help="a small data set and short runs, to check that it works")
    parser.add_argument("--deals", type=int, help="deals of the big client (100000)")
    parser.add_argument("--activities", type=int,
                        help="activity rows of the big client (1000000)")
    parser.add_argument("--practice-clients", type=int, help="small clients (50)")
    parser.add_argument("--workers", default="1,2", help="uvicorn worker counts (1,2)")
    parser.add_argument("--requests", type=int, default=60,
                        help="sequential requests per endpoint for latency (60)")
    parser.add_argument("--budget", type=float, default=12.0,
                        help="seconds of sequential requests per endpoint, at least 3 (12)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (4)")
    parser.add_argument("--seconds", type=float, default=8.0,
                        help="seconds of concurrent load per endpoint (8)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds before a request counts as timed out (60)")
    parser.add_argument("--sql-runs", type=int, default=20,
                        help="runs of the raw main aggregate (20)")
    parser.add_argument("--explain", action="store_true",
                        help="print the main aggregate's query plan")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--pg-admin-url", default=os.environ.get("BENCH_POSTGRES_URL",
                                                                 DEFAULT_PG),
                        help="where to CREATE/DROP the benchmark database (loopback only)")
    args = parser.parse_args(argv)
    base = dataset.QUICK if args.quick else dataset.Spec()
    overrides = {"deals": args.deals, "activities": args.activities,
                 "practice_clients": args.practice_clients}
    args.spec = dataclasses.replace(base, **{k: v for k, v in overrides.items()
                                             if v is not None})
    args.worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]
    if args.quick:
        args.requests, args.budget, args.seconds = min(args.requests, 15), 3.0, 2.0
        args.timeout = min(args.timeout, 30.0)
        args.sql_runs = min(args.sql_runs, 5)
    return args


def run_database(kind: str, args: argparse.Namespace) -> dict:
    spec = args.spec
    log(f"{kind}: building {spec.deals:,} deals / {spec.activities:,} activities for the big "
        f"client, {spec.practice_clients} practice clients")
    workdir = Path(tempfile.mkdtemp(prefix=f"fsm-bench-{kind}-"))
    out: dict = {"db": kind, "runs": [], "history": {}, "slow": {}}
    try:
        with dataset.fresh_database(kind, workdir, args.pg_admin_url) as url:
            ds = dataset.build(url, spec, log)
            out["dataset"] = {"clients": ds.clients, **ds.counts,
                              "big_activity_days": ds.activity_days,
                              "load_seconds": round(ds.seconds, 1)}
            log(f"{kind}: loaded {ds.counts} in {ds.seconds:.0f} s")
            sql = measure_sql(ds, runs=args.sql_runs, budget=30 if not args.quick else 5,
                              explain=args.explain)
            out["sql"] = sql
            _print_sql(kind, sql)
            for workers in args.worker_counts:
                out["runs"].append(_run_server(kind, ds, workers, workdir, args,
                                               first=workers == args.worker_counts[0],
                                               out=out))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return out


def _run_server(kind: str, ds: dataset.Dataset, workers: int, workdir: Path,
                args: argparse.Namespace, *, first: bool, out: dict) -> dict:
    """One server (restarted after a request that timed out, since it is still working on
    it): every endpoint; on the first worker count also the history comparison."""
    big, lite = ds.big_id, ds.lite_id
    past = date.today() - timedelta(days=30)
    plan = [("GET /me (bare)", "/api/v1/me", "manager", True),
            ("client KPIs", f"/api/v1/clients/{big}/kpis", "manager", True),
            ("weekly KPIs", f"/api/v1/clients/{big}/kpis/weekly", "manager", True),
            (PAST_AS_OF, f"/api/v1/clients/{big}/kpis?as_of={past}", "manager", True),
            ("alarms (big client)", f"/api/v1/alarms?client_id={big}", "manager", True),
            (f"portfolio ({ds.clients - 2} small)", "/api/v1/portfolio", "practice", True),
            (f"portfolio (all {ds.clients})", "/api/v1/portfolio", "manager", True)]
    if first:
        plan += [("client KPIs lite (manager)", f"/api/v1/clients/{lite}/kpis", "manager", False),
                 ("client KPIs big (owner)", f"/api/v1/clients/{big}/kpis", "big owner", False),
                 ("client KPIs lite (owner)", f"/api/v1/clients/{lite}/kpis", "lite owner",
                  False)]
    logins = {"manager": ds.manager_email, "practice": ds.practice_manager_email,
              "big owner": ds.big_owner, "lite owner": ds.lite_owner}
    options = {"requests": args.requests, "budget": args.budget, "min_requests": 3,
               "max_p50_for_throughput": SLOW, "timeout": args.timeout}
    run: dict = {"workers": workers, "measures": []}
    secret = secrets.token_urlsafe(48)  # tokens stay valid across a restart
    log(f"{kind}: starting uvicorn with {workers} worker(s)")
    server = Server(ds.url, workers=workers, workdir=workdir, jwt_secret=secret).__enter__()
    try:
        tokens = {who: server.login(email, ds.password) for who, email in logins.items()}
        for name, path, who, with_load in plan:
            earlier = out["slow"].get(name)
            if earlier:  # sequential latency doesn't depend on the worker count
                result = Measure(name, path, note=f"not rerun: {earlier}")
            else:
                result = measure(server.port, tokens[who], name, path,
                                 clients=args.clients if with_load else 0,
                                 seconds=args.seconds if with_load else 0, **options)
            if with_load:
                run["measures"].append(result)
            else:
                out["history"][name] = result
            log(f"{kind} w={workers}: {_line(result)}")
            if first and (result.timed_out or (result.ok and result.p50 > SLOW)):
                out["slow"][name] = (f"over {args.timeout:.0f} s with {workers} worker(s)"
                                     if result.timed_out else
                                     f"p50 {result.p50:.1f} s with {workers} worker(s)")
            if result.timed_out:
                server.stop()
                server = Server(ds.url, workers=workers, workdir=workdir,
                                jwt_secret=secret).__enter__()
    finally:
        server.stop()
    return run


def _line(m: Measure) -> str:
    if not m.ok:
        return f"{m.name}: {m.note}"
    rps = f", {m.rps:.1f} req/s" if m.rps is not None else ""
    return (f"{m.name}: n={len(m.samples)} p50 {m.p50 * 1000:.1f} ms, "
            f"p95 {m.p95 * 1000:.1f} ms{rps} {m.note}").rstrip()


def _print_sql(kind: str, sql: SqlResult) -> None:
    if sql.error:
        log(f"{kind}: in-process KPI run failed: {sql.error}")
        return
    log(f"{kind}: client KPIs in-process (no HTTP, manager): median {_ms(sql.service)} over "
        f"{len(sql.service)} runs; its statements raw (median):")
    extra = [s for s in (sql.main_owner, sql.reference) if s]
    for statement in [*sql.statements, *extra]:
        print(f"    {statement.p50 * 1000:9.1f} ms  {statement.label}  "
              f"(n={len(statement.samples)})", flush=True)
    if sql.plan:
        print(f"  plan of the main aggregate:\n{sql.plan}", flush=True)


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms" if samples else "n/a"


ROW = "{db:<10} {w:>1}  {name:<27.27} {n:>3} {p50:>9} {p95:>9} {rps:>7} {xsql:>6} {xme:>6}"


def report(results: list[dict], elapsed: float) -> list[str]:
    """The compact table, the ratios and the goals, as printed lines."""
    lines = ["", f"KPI benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
                 f"{os.cpu_count()} cores, {elapsed / 60:.1f} min. Medians; the machine is "
                 "noisy (quote medians). x SQL = p50 / raw SQL main aggregate p50; "
                 "x /me = p50 / bare GET p50.", ""]
    header = ROW.format(db="db", w="w", name="endpoint", n="n", p50="p50 ms", p95="p95 ms",
                        rps="req/s", xsql="x SQL", xme="x /me")
    lines += [header, "-" * len(header)]
    goals: list[str] = []
    for result in results:
        kind, sql = result["db"], result.get("sql")
        if result.get("error"):
            lines.append(f"{kind:<10} FAILED: {result['error']}")
        raw = sql.main.p50 if sql and sql.main else None
        me = None
        for run in result["runs"]:
            me = next((m for m in run["measures"] if m.name.startswith("GET /me") and m.ok),
                      None)
            for m in run["measures"]:
                lines.append(_row(kind, run["workers"], m, raw, me))
                goals += _goals(kind, run["workers"], m, raw)
        for m in result["history"].values():
            lines.append(_row(kind, 1, m, raw, None))
        if sql:
            for label, samples in (("raw SQL main aggregate", sql.main and sql.main.samples),
                                   ("  same, owner scope", sql.main_owner
                                    and sql.main_owner.samples),
                                   ("  reference: deals table", sql.reference
                                    and sql.reference.samples),
                                   ("KPI service in-process", sql.service)):
                if samples:
                    lines.append(ROW.format(db=kind, w="-", name=label, n=len(samples),
                                            p50=f"{statistics.median(samples) * 1000:.1f}",
                                            p95="", rps="", xsql="", xme=""))
        goals += _history_goals(kind, result)
        lines.append("")
    lines += ["Goals (issue): client KPIs p95 <= 150 ms (PostgreSQL) / 250 ms (SQLite) and "
              "<= 2x raw SQL; portfolio p95 <= 500 ms; 10x closed history <= 1.3x latency.",
              *goals]
    return lines


def _row(kind: str, workers: int, m: Measure, raw: float | None, me: Measure | None) -> str:
    if not m.ok:
        return f"{kind:<10} {workers:>1}  {m.name:<27.27} {m.note}"
    return ROW.format(
        db=kind, w=workers, name=m.name, n=len(m.samples), p50=f"{m.p50 * 1000:.1f}",
        p95=f"{m.p95 * 1000:.1f}", rps="-" if m.rps is None else f"{m.rps:.1f}",
        xsql=f"{m.p50 / raw:.1f}" if raw and m.name == "client KPIs" else "",
        xme=f"{m.p50 / me.p50:.1f}" if me and m is not me else "")


def _goals(kind: str, workers: int, m: Measure, raw: float | None) -> list[str]:
    out = []
    if m.note.startswith("not rerun"):
        return out
    if m.name == "client KPIs":
        limit = GOAL_P95[kind]
        if not m.ok:
            return [_verdict(f"{kind} w={workers} client KPIs: {m.note}", False)]
        out.append(_verdict(f"{kind} w={workers} client KPIs p95 {m.p95 * 1000:.0f} ms <= "
                            f"{limit * 1000:.0f} ms", m.p95 <= limit))
        if raw:
            out.append(_verdict(f"{kind} w={workers} client KPIs p50 / raw SQL p50 = "
                                f"{m.p50 / raw:.1f} <= {GOAL_SQL_RATIO:.0f}",
                                m.p50 / raw <= GOAL_SQL_RATIO))
    if m.name in ("weekly KPIs", PAST_AS_OF):  # the request issue's goal, the same p95
        if not m.ok:
            return [_verdict(f"{kind} w={workers} {m.name}: {m.note}", False)]
        limit = GOAL_P95[kind]
        out.append(_verdict(f"{kind} w={workers} {m.name} p95 {m.p95 * 1000:.0f} ms <= "
                            f"{limit * 1000:.0f} ms", m.p95 <= limit))
    if m.name.startswith("portfolio") and "small" in m.name:  # the goal: 50 clients
        if not m.ok:
            return [_verdict(f"{kind} w={workers} {m.name}: {m.note}", False)]
        out.append(_verdict(f"{kind} w={workers} {m.name} p95 {m.p95 * 1000:.0f} ms <= "
                            f"{GOAL_PORTFOLIO_P95 * 1000:.0f} ms", m.p95 <= GOAL_PORTFOLIO_P95))
    return out


def _history_goals(kind: str, result: dict) -> list[str]:
    history = result["history"]
    out = []
    big_manager = next((m for r in result["runs"][:1] for m in r["measures"]
                        if m.name == "client KPIs" and m.ok), None)
    pairs = (("manager", big_manager, history.get("client KPIs lite (manager)")),
             ("owner", history.get("client KPIs big (owner)"),
              history.get("client KPIs lite (owner)")))
    for who, big, lite in pairs:
        if big and lite and big.ok and lite.ok:
            ratio = big.p50 / lite.p50
            out.append(_verdict(f"{kind} 10x closed history ({who} login): big p50 "
                                f"{big.p50 * 1000:.0f} ms / lite p50 {lite.p50 * 1000:.0f} ms "
                                f"= {ratio:.2f} <= {GOAL_HISTORY_RATIO}",
                                ratio <= GOAL_HISTORY_RATIO))
    return out


def _verdict(text: str, met: bool) -> str:
    return f"  {'met   ' if met else 'MISSED'}  {text}"


def _jsonable(value):
    if isinstance(value, Measure):
        return {"name": value.name, "path": value.path, "note": value.note,
                "n": len(value.samples), "p50_ms": value.p50 * 1000 if value.ok else None,
                "p95_ms": value.p95 * 1000 if value.ok else None, "rps": value.rps}
    if isinstance(value, SqlResult):
        extra = [s for s in (value.main_owner, value.reference) if s]
        return {"service_ms": [s * 1000 for s in value.service], "error": value.error,
                "statements": [{"label": s.label, "p50_ms": s.p50 * 1000, "n": len(s.samples)}
                               for s in [*value.statements, *extra]],
                "main_p50_ms": value.main.p50 * 1000 if value.main else None}
    return str(value)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so servers stop and the PostgreSQL database is dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results = []
    for kind in kinds:
        try:
            results.append(run_database(kind, args))
        except Exception as exc:  # report it and go on with the other database
            log(f"{kind}: FAILED: {type(exc).__name__}: {exc}")
            results.append({"db": kind, "runs": [], "history": {},
                            "error": f"{type(exc).__name__}: {exc}"})
    lines = report(results, time.perf_counter() - T0)
    print("\n".join(lines), flush=True)
    if args.json:
        args.json.write_text(json.dumps({"results": results, "report": lines}, indent=1,
                                        default=_jsonable))
    return 0


if __name__ == "__main__":
    sys.exit(main())
