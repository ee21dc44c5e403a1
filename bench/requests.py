"""Per-request overhead: the real server against bare FastAPI apps doing only the necessary
work, on SQLite and PostgreSQL with the demo data.

    python -m bench.requests --quick        # one short round, to check that it works
    python -m bench.requests                # 5 rounds, both databases (~12 min)

Servers (one uvicorn worker each, on loopback; all started up front, idle when not driven):
- `bare`: a FastAPI app, no middleware, one constant `async def` endpoint (`/healthz`);
- `bare work` (per database): `/me` verifies the JWT with python-jose, reads the user and its
  scope in one query and answers MeRead's JSON; `/deals` does the same and then the deals
  list's query and serialization (`paginate`, `Page[DealRead]`), as GET /api/v1/deals does;
- `real` (per database): `uvicorn app.main:app` with every middleware on (request id, JSON
  access log, rate limit set far above the load, body limit), and a second one with 2
  workers for /me.

Each round drives every target in turn with the same load generator (`wrk`, 1 thread and
`--connections` keep-alive connections, when installed; else threads of http.client), so a
ratio compares runs a few seconds apart; the table gives the median req/s of the rounds and
the median of the per-round ratios. Not a test; CI doesn't run it. See bench/README.md.
"""

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench import dataset
from bench.load import Client, _throughput
from bench.server import HOST, ROOT, Server

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEMO_MANAGER, DEMO_PASSWORD = "manager@demo.example", "demo-password"
GOALS = {"me": 0.8, "healthz": 0.6, "deals": 0.7}  # real / bare, from the issue
T0 = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - T0:6.0f} s] {message}", flush=True)


# --- the bare apps (started by uvicorn --factory) ---------------------------------------------

def bare_constant():
    """A FastAPI app with one constant `async def` endpoint: the ceiling."""
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/healthz")
    async def alive() -> dict[str, str]:
        return {"status": "ok"}

    return app


def bare_work():
    """The necessary work of GET /api/v1/me and GET /api/v1/deals, nothing else: verify the
    JWT (python-jose, audience and issuer pinned), read the user and its client ids in one
    query, answer the same JSON. No middleware, no unit of work, no audit, no pre-ping."""
    from fastapi import FastAPI, Header, HTTPException
    from jose import jwt
    from sqlalchemy import create_engine
    from sqlmodel import Session, select

    from app.core.pagination import Page, PageRequest, paginate
    from app.models import ClientManager, Deal, Rep, User
    from app.models.identity.me import MeRead
    from app.models.pipeline.deal import DealRead

    url, secret = os.environ["DATABASE_URL"], os.environ["JWT_SECRET"]
    issuer = audience = "fractional-sales-api"
    engine = create_engine(url, pool_size=10, **(
        {"connect_args": {"check_same_thread": False}} if url.startswith("sqlite") else {}))
    app = FastAPI()

    @app.get("/healthz")
    async def alive() -> dict[str, str]:
        return {"status": "ok"}

    def caller(session: Session, authorization: str | None) -> tuple[User, list, object]:
        token = (authorization or "").partition(" ")[2]
        try:
            claims = jwt.decode(token, secret, algorithms=["HS256"], audience=audience,
                                issuer=issuer)
        except Exception as exc:
            raise HTTPException(401) from exc
        rep_id = select(Rep.id).where(Rep.user_id == User.id).scalar_subquery()
        rows = session.exec(select(User, rep_id, ClientManager.client_id)
                            .outerjoin(ClientManager, ClientManager.user_id == User.id)
                            .where(User.id == uuid.UUID(claims["sub"]))).all()
        if not rows or not rows[0][0].is_active:
            raise HTTPException(401)
        user = rows[0][0]
        ids = [r[2] for r in rows if r[2] is not None] or (
            [user.client_id] if user.client_id else [])
        return user, ids, rows[0][1]

    @app.get("/me", response_model=MeRead)
    def me(authorization: str | None = Header(None)):
        with Session(engine) as session:
            user, ids, rep_id = caller(session, authorization)
            return MeRead.model_validate(user, update={
                "rep_id": rep_id, "client_ids": sorted(ids, key=str)})

    @app.get("/deals", response_model=Page[DealRead])
    def deals(authorization: str | None = Header(None), limit: int = 50):
        with Session(engine) as session:
            _user, ids, _rep = caller(session, authorization)
            return paginate(session, select(Deal).where(Deal.client_id.in_(ids)), Deal,
                            PageRequest(limit=limit))

    return app


# --- servers ----------------------------------------------------------------------------------

class AppServer(Server):
    """bench.server.Server with every middleware on (a rate limit far above the load), or a
    bare app (`factory`)."""

    def __init__(self, database_url: str, *, workers: int, workdir: Path, jwt_secret: str,
                 factory: str | None = None, redis_url: str = "") -> None:
        super().__init__(database_url, workers=workers, workdir=workdir, jwt_secret=jwt_secret)
        self.factory, self.redis_url = factory, redis_url

    def __enter__(self) -> "AppServer":
        env = {**os.environ, "DATABASE_URL": self.database_url, "ENVIRONMENT": "test",
               "JWT_SECRET": self.jwt_secret, "DATA_DIR": str(self.workdir / "data"),
               "ACCESS_TOKEN_MINUTES": "120", "LOG_LEVEL": "INFO",
               "RATE_LIMIT_PER_MINUTE": "100000000", "REDIS_URL": self.redis_url,
               "WEBHOOKS_EMBEDDED_WORKER": "false", "IMPORTS_EMBEDDED_WORKER": "false"}
        target = ["--factory", f"bench.requests:{self.factory}"] if self.factory else [
            "app.main:app"]
        # The access log lines (JSON, one per request) are written, to /dev/null: the cost of
        # formatting them is part of the real server's overhead.
        command = [sys.executable, "-m", "uvicorn", *target, "--host", HOST, "--port",
                   str(self.port), "--workers", str(self.workers), "--log-level", "warning",
                   "--no-access-log"]
        with open(os.devnull, "wb") as sink:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink,
                                            stderr=sink, start_new_session=True)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self


def seed_demo(url: str, workdir: Path) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DATA_DIR": str(workdir / "data"),
           "ENVIRONMENT": "test", "LOG_LEVEL": "WARNING"}
    subprocess.run([sys.executable, "-m", "app", "seed-demo"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


# --- load -------------------------------------------------------------------------------------

@dataclass
class Target:
    key: str  # e.g. "sqlite me real"
    port: int
    path: str
    token: str
    rps: list[float] = field(default_factory=list)


WRK = shutil.which("wrk")


def drive(target: Target, seconds: float, connections: int) -> float:
    """Requests/s of 200s over `seconds` with `connections` keep-alive connections."""
    client = Client(target.port, target.token)
    try:  # warm up, and make sure it answers 200
        for _ in range(20):
            status, body = client.get(target.path)
            if status != 200:
                raise RuntimeError(f"{target.key} {target.path}: {status} {body[:200]!r}")
    finally:
        client.close()
    if WRK is None:
        done, wall = _throughput(target.port, target.token, target.path, connections, seconds,
                                 60)
        return done / wall
    out = subprocess.run([WRK, "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency",
                          "-H", f"Authorization: Bearer {target.token}",
                          f"http://{HOST}:{target.port}{target.path}"],
                         capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"{target.key}: errors under load:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.requests", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=5.0, help="per target and round (5)")
    parser.add_argument("--connections", type=int, default=4, help="keep-alive connections (4)")
    parser.add_argument("--quick", action="store_true", help="1 round of 2 s")
    parser.add_argument("--redis-url", default="",
                        help="rate-limit counters in this Redis (default: in process)")
    parser.add_argument("--pg-admin-url", default=os.environ.get("BENCH_POSTGRES_URL",
                                                                 DEFAULT_PG))
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.seconds = 1, 2.0
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    load_before = os.getloadavg()
    workdir = Path(tempfile.mkdtemp(prefix="fsm-bench-requests-"))
    secret = secrets.token_urlsafe(48)
    targets: list[Target] = []
    try:
        with ExitStack() as stack:
            bare = stack.enter_context(AppServer("sqlite://", workers=1, workdir=workdir,
                                                 jwt_secret=secret, factory="bare_constant"))
            targets.append(Target("bare constant", bare.port, "/healthz", ""))
            for kind in kinds:
                url = stack.enter_context(dataset.fresh_database(kind, workdir,
                                                                 args.pg_admin_url))
                log(f"{kind}: seeding the demo data")
                seed_demo(url, workdir)
                servers = {
                    "bare": AppServer(url, workers=1, workdir=workdir, jwt_secret=secret,
                                      factory="bare_work"),
                    "real": AppServer(url, workers=1, workdir=workdir, jwt_secret=secret,
                                      redis_url=args.redis_url),
                    "real 2w": AppServer(url, workers=2, workdir=workdir, jwt_secret=secret,
                                         redis_url=args.redis_url)}
                for server in servers.values():
                    stack.enter_context(server)
                token = servers["real"].login(DEMO_MANAGER, DEMO_PASSWORD)
                real, bw, r2 = (servers[k].port for k in ("real", "bare", "real 2w"))
                targets += [Target(f"{kind} healthz real", real, "/healthz", ""),
                            Target(f"{kind} me bare", bw, "/me", token),
                            Target(f"{kind} me real", real, "/api/v1/me", token),
                            Target(f"{kind} me real 2w", r2, "/api/v1/me", token),
                            Target(f"{kind} deals bare", bw, "/deals?limit=50", token),
                            Target(f"{kind} deals real", real, "/api/v1/deals?limit=50", token)]
            log(f"{len(targets)} targets, {args.rounds} round(s) of {args.seconds:g} s each, "
                f"{args.connections} connections, load generator: "
                f"{'wrk' if WRK else 'http.client threads'}")
            for round_no in range(args.rounds):
                for target in targets:
                    target.rps.append(drive(target, args.seconds, args.connections))
                log(f"round {round_no + 1}: " + ", ".join(
                    f"{t.key} {t.rps[-1]:.0f}" for t in targets))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("\n".join(report(targets, kinds, args, load_before)), flush=True)
    return 0


def report(targets: list[Target], kinds: list[str], args: argparse.Namespace,
           load_before: tuple[float, float, float]) -> list[str]:
    by = {t.key: t for t in targets}

    def ratio(top: str, bottom: str) -> float:
        return statistics.median(a / b for a, b in zip(by[top].rps, by[bottom].rps, strict=True))

    const = "bare constant"
    load = os.getloadavg()
    lines = ["", f"Request overhead, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} "
                 f"cores, load average {load_before[0]:.2f} before, {load[0]:.2f} "
                 f"{load[1]:.2f} {load[2]:.2f} after; {args.rounds} round(s) x "
                 f"{args.seconds:g} s, {args.connections} connections, "
                 f"{'wrk' if WRK else 'http.client threads'}. Medians of the rounds; a ratio "
                 "is the median of the per-round ratios.", "",
             "| database | endpoint | real req/s | bare req/s | real / bare | goal | "
             "real / bare constant |", "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
             f"| - | bare constant `async def` | - | {statistics.median(by[const].rps):,.0f} "
             "| - | - | 1.00 |"]
    for kind in kinds:
        rows = [("GET /healthz", f"{kind} healthz real", const, GOALS["healthz"]),
                ("GET /api/v1/me", f"{kind} me real", f"{kind} me bare", GOALS["me"]),
                ("GET /api/v1/me, 2 workers", f"{kind} me real 2w", f"{kind} me bare", None),
                ("GET /api/v1/deals?limit=50", f"{kind} deals real", f"{kind} deals bare",
                 GOALS["deals"])]
        for name, real, bare, goal in rows:
            met = "" if goal is None else (
                f"{goal:.1f} {'met' if ratio(real, bare) >= goal else 'NOT met'}")
            lines.append(f"| {kind} | {name} | {statistics.median(by[real].rps):,.0f} | "
                         f"{statistics.median(by[bare].rps):,.0f} | {ratio(real, bare):.2f} | "
                         f"{met} | {ratio(real, const):.2f} |")
        lines.append(f"| {kind} | bare /me (necessary work) | - | "
                     f"{statistics.median(by[f'{kind} me bare'].rps):,.0f} | - | - | "
                     f"{ratio(f'{kind} me bare', const):.2f} |")
        lines.append(f"| {kind} | /me 2 workers / 1 worker | - | - | "
                     f"{ratio(f'{kind} me real 2w', f'{kind} me real'):.2f} | - | - |")
    return lines


if __name__ == "__main__":
    sys.exit(main())
