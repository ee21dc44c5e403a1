"""A mixed load at a fixed request rate on the real server: deal lists, client KPIs, deal
writes with If-Match and activity batches, for a while, reporting latency percentiles,
errors and the server's memory over the run.

    python -m bench.mixed                          # PostgreSQL, 2 workers, 60 s at 30 req/s
    python -m bench.mixed --db sqlite --rate 20 --seconds 30

The demo data is seeded in a fresh database (dropped at the end) and `uvicorn app.main:app`
started with every middleware on (as in bench.requests). The load is open-loop: a request
is due every 1/rate seconds whatever the server does, and its latency is counted from when
it was due, so a server that falls behind shows it in the percentiles instead of slowing the
load down (no coordinated omission). Worker threads, each with one keep-alive connection,
take the due requests in turn. The mix (weights): 4 `GET /api/v1/deals?limit=50`, 2
`GET /api/v1/clients/{id}/kpis`, 3 deal writes (`GET /api/v1/deals/{id}` for the ETag, then
`PATCH` with `If-Match`; a 412 from a concurrent write to the same deal is counted apart, it
is the API doing its job), 1 `POST /api/v1/activities/batch` (10 rows, days no batch used).
The server's memory is the resident set of uvicorn and its workers, read from /proc every 5 s.
"""

import argparse
import http.client
import itertools
import json
import os
import queue
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench import dataset
from bench.load import Client, percentile
from bench.requests import DEFAULT_PG, DEMO_MANAGER, DEMO_PASSWORD, AppServer, log, seed_demo

MIX = (("list deals", 4), ("client kpis", 2), ("deal write", 3), ("activity batch", 1))


@dataclass
class Outcome:
    kind: str
    latency: float  # seconds, from when the request was due
    status: int


@dataclass
class World:
    client_ids: list[str]
    rep_ids: list[str]
    deal_ids: list[str]
    days: itertools.count = field(default_factory=lambda: itertools.count(400))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def batch_days(self, n: int) -> list[date]:
        """Days no earlier batch used (going back from 400 days ago)."""
        with self.lock:
            start = next(self.days)
            for _ in range(n - 1):
                next(self.days)
        return [date.today() - timedelta(days=start + i) for i in range(n)]


def one(kind: str, conn: Client, world: World, rng: random.Random) -> int:
    """Run one request of the mix; its final status."""
    if kind == "list deals":
        return conn.send("GET", "/api/v1/deals?limit=50")[0]
    if kind == "client kpis":
        return conn.send("GET", f"/api/v1/clients/{rng.choice(world.client_ids)}/kpis")[0]
    if kind == "deal write":
        deal_id = rng.choice(world.deal_ids)
        status, headers, _ = conn.send("GET", f"/api/v1/deals/{deal_id}")
        if status != 200:
            return status
        etag = headers["etag"]
        return conn.send("PATCH", f"/api/v1/deals/{deal_id}",
                         {"next_step": f"Call back ({secrets.token_hex(4)})"},
                         {"If-Match": etag})[0]
    rep_id = rng.choice(world.rep_ids)
    items = [{"rep_id": rep_id, "occurred_on": str(day), "kind": kind_, "quantity": "3"}
             for day in world.batch_days(5) for kind_ in ("call", "meeting")]
    return conn.send("POST", "/api/v1/activities/batch", {"items": items})[0]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next(int(line.split()[1]) for line in status
                              if line.startswith("VmRSS:"))
            with open(f"/proc/{current}/task/{current}/children") as children:
                todo += [int(c) for c in children.read().split()]
        except (FileNotFoundError, StopIteration, ProcessLookupError):
            continue
    return total / 1024


def discover(port: int, token: str) -> World:
    conn = Client(port, token)

    def items(path: str) -> list[dict]:
        status, _, body = conn.send("GET", path)
        if status != 200:
            raise RuntimeError(f"{path}: {status} {body[:200]!r}")
        return json.loads(body)["items"]

    clients = [c["id"] for c in items("/api/v1/clients?limit=200")]
    reps = [r["id"] for r in items("/api/v1/reps?limit=200")]
    deals = [d["id"] for d in items("/api/v1/deals?status=open&limit=200")]
    return World(clients, reps, deals)


def run(port: int, token: str, world: World, *, rate: float, seconds: float, threads: int,
        pid: int, seed: int) -> tuple[list[Outcome], list[tuple[float, float]], float]:
    due: queue.Queue = queue.Queue()
    outcomes: list[Outcome] = []
    memory: list[tuple[float, float]] = []
    done = threading.Event()
    kinds = [k for k, w in MIX for _ in range(w)]

    def work(index: int) -> None:
        conn, rng = Client(port, token, timeout=120), random.Random(seed + index)
        while True:
            item = due.get()
            if item is None:
                return
            at, kind = item
            try:
                status = one(kind, conn, world, rng)
            except (http.client.HTTPException, OSError):
                status = 599  # counted as an error: the connection failed twice
            outcomes.append(Outcome(kind, time.perf_counter() - at, status))

    def watch() -> None:
        while not done.is_set():
            memory.append((time.perf_counter() - started, rss_mb(pid)))
            done.wait(5)

    pool = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(threads)]
    for thread in pool:
        thread.start()
    rng = random.Random(seed)
    started = time.perf_counter()
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    for n in itertools.count():
        at = started + n / rate
        if at - started >= seconds:
            break
        time.sleep(max(0.0, at - time.perf_counter()))
        due.put((at, rng.choice(kinds)))
    for _ in pool:
        due.put(None)
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - started
    done.set()
    watcher.join()
    memory.append((wall, rss_mb(pid)))
    return outcomes, memory, wall


def report(outcomes: list[Outcome], memory: list[tuple[float, float]], wall: float,
           args: argparse.Namespace, load_before: tuple[float, float, float]) -> list[str]:
    by = defaultdict(list)
    for o in outcomes:
        by[o.kind].append(o)
    load = os.getloadavg()
    lines = ["", f"Mixed load, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {args.db}, "
                 f"{args.workers} workers, {args.rate:g} req/s due for {args.seconds:g} s "
                 f"({len(outcomes)} done in {wall:.1f} s), {args.threads} client threads, "
                 f"{os.cpu_count()} cores, load average {load_before[0]:.2f} before, "
                 f"{load[0]:.2f} after. Latency in ms from when each request was due.", "",
             "| requests | done | p50 | p95 | p99 | max | 412 | other non-2xx | 5xx |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for kind, _ in MIX + (("all", 0),):
        rows = outcomes if kind == "all" else by[kind]
        if not rows:
            continue
        ms = [o.latency * 1000 for o in rows]
        stale = sum(o.status == 412 for o in rows)
        other = sum(not 200 <= o.status < 300 and o.status != 412 and o.status < 500
                    for o in rows)
        server = sum(o.status >= 500 for o in rows)
        lines.append(f"| {kind} | {len(rows)} | {statistics.median(ms):.0f} | "
                     f"{percentile(ms, 0.95):.0f} | {percentile(ms, 0.99):.0f} | {max(ms):.0f} "
                     f"| {stale} | {other} | {server} |")
    first, last = memory[0][1], memory[-1][1]
    peak = max(m for _, m in memory)
    mid = min(memory, key=lambda m: abs(m[0] - wall / 2))[1]
    lines += ["", f"Server memory (uvicorn and its workers, resident): {first:.0f} MB at the "
                  f"start, {mid:.0f} MB halfway, {last:.0f} MB at the end, {peak:.0f} MB at "
                  f"most ({len(memory)} readings)."]
    return lines


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.mixed", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=float, default=30.0, help="requests due a second (30)")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--threads", type=int, default=16, help="client threads (16)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pg-admin-url", default=os.environ.get("BENCH_POSTGRES_URL",
                                                                 DEFAULT_PG))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load_before = os.getloadavg()
    workdir = Path(tempfile.mkdtemp(prefix="fsm-bench-mixed-"))
    try:
        with ExitStack() as stack:
            url = stack.enter_context(dataset.fresh_database(args.db, workdir,
                                                             args.pg_admin_url))
            log(f"{args.db}: seeding the demo data")
            seed_demo(url, workdir)
            server = stack.enter_context(AppServer(url, workers=args.workers, workdir=workdir,
                                                   jwt_secret=secrets.token_urlsafe(48)))
            token = server.login(DEMO_MANAGER, DEMO_PASSWORD)
            world = discover(server.port, token)
            log(f"{len(world.client_ids)} clients, {len(world.rep_ids)} reps, "
                f"{len(world.deal_ids)} open deals; {args.rate:g} req/s for {args.seconds:g} s")
            outcomes, memory, wall = run(server.port, token, world, rate=args.rate,
                                         seconds=args.seconds, threads=args.threads,
                                         pid=server.process.pid, seed=args.seed)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("\n".join(report(outcomes, memory, wall, args, load_before)), flush=True)
    return 1 if any(o.status >= 500 for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
