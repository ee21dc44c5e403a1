"""python -m bench.imports: a client's CRM history brought in through the import service.

On a fresh database per kind (SQLite file, PostgreSQL database created and dropped): one
client with 12 reps; a deals file of N rows (three years of history: opened, some sent a
proposal, most closed, with CRM ids and lead sources) and an activities file of M rows
(unique per rep, day and kind). Each runs as the app runs a large import: queued as a job
(its file stored in chunks), then `run_next` checks every row and writes them all in one
transaction. Timed against a bare bulk insert of the same rows (the deals and their history
as the import builds them) into a second client, in the same run; memory is the peak of
Python allocations during the job (tracemalloc), for the full file and for a fifth of it:
the file is streamed, so the peak does not grow with it."""

import argparse
import csv
import os
import random
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import select

from app.core.clock import Clock
from app.db import make_engine, make_sessionmaker, migrate
from app.models import Client, ClientManager, Deal, DealChange, ImportJob, Rep, User
from app.models.enums import Role
from app.models.pipeline.deal import DealFields
from app.models.pipeline.import_job import ImportKind, ImportMode
from app.services.access.principal import principal_for_user
from app.services.pipeline.deal_rules import settle
from app.services.pipeline.imports import jobs, run_next
from app.services.pipeline.imports.deal_history import deal_and_history
from app.services.pipeline.imports.deal_rows import DealRow
from app.services.pipeline.imports.source import MAX_ROWS
from bench.dataset import fresh_database

REPS = 12
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.imports", description=__doc__)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--deals", type=int, default=50_000)
    parser.add_argument("--activities", type=int, default=200_000)
    parser.add_argument("--pg-admin-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG))
    args = parser.parse_args(argv)
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    print("| database | file | rows | job s | bare insert s | ratio | peak MiB "
          "(a fifth of the file) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for kind in kinds:
        with tempfile.TemporaryDirectory() as folder, \
                fresh_database(kind, Path(folder), args.pg_admin_url) as url:
            for row in _run(url, Path(folder), args.deals, args.activities):
                print(f"| {kind} | " + " | ".join(row) + " |", flush=True)
    return 0


def _run(url: str, folder: Path, deals: int, activities: int):
    migrate(url)
    clock = Clock.system()
    today = clock.today()
    sessions = make_sessionmaker(make_engine(url), clock=clock)
    manager, client, emails = _tenant(sessions, today, "Import Co")
    _, twin, _ = _tenant(sessions, today, "Bare Co", manager=manager)
    deals_file = folder / "deals.csv"
    _write_deals(deals_file, deals, emails, today)
    small = folder / "deals-fifth.csv"
    _write_deals(small, deals // 5, emails, today, prefix="S")
    job_s, peak = _job(sessions, manager, client, ImportKind.deals, deals_file)
    _, small_peak = _job(sessions, manager, client, ImportKind.deals, small)
    bare_s = _bare_deals(sessions, manager, twin, deals_file, today)
    yield ["deals", f"{deals:,}", f"{job_s:.1f}", f"{bare_s:.1f}", f"{job_s / bare_s:.1f}x",
           f"{peak:.0f} ({small_peak:.0f})"]
    # A file holds at most MAX_ROWS rows: more activities come as several files, each a
    # job, on days one after another.
    job_s, peaks, done, part = 0.0, [], 0, 0
    per_file = MAX_ROWS - MAX_ROWS % (len(emails) * 4)  # whole days
    while done < activities:
        size = min(per_file, activities - done)
        activities_file = folder / f"activities-{part}.csv"
        _write_activities(activities_file, size, emails, today, skip=done)
        seconds, peak = _job(sessions, manager, client, ImportKind.activities,
                             activities_file)
        job_s, done, part = job_s + seconds, done + size, part + 1
        peaks.append(peak)
    yield ["activities", f"{activities:,} ({part} files)", f"{job_s:.1f}", "-", "-",
           f"{max(peaks):.0f}"]


def _tenant(sessions, today: date, name: str, manager: User | None = None):
    with sessions() as session:
        if manager is None:
            manager = User(email=f"m{uuid.uuid4().hex[:6]}@bench.example", role=Role.manager,
                           full_name="Bench", password_hash="-")
            session.add(manager)
        client = Client(name=name, period_revenue_target=Decimal(500000),
                        engagement_started_on=today - timedelta(days=1100))
        session.add(client)
        session.flush()
        session.add(ClientManager(client_id=client.id, user_id=manager.id))
        emails = []
        for n in range(REPS):
            email = f"rep{n}@{name.split()[0].lower()}.example"
            session.add(Rep(client_id=client.id, full_name=f"Rep {n}", email=email,
                            quota=Decimal(40000)))
            emails.append(email)
        session.commit()
        manager = session.get(User, manager.id)
        session.refresh(client)
        session.expunge_all()
        return manager, client, emails


def _write_deals(path: Path, count: int, emails: list[str], today: date,
                 prefix: str = "D") -> None:
    rng = random.Random(count)
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["rep_email", "external_id", "name", "amount", "stage", "lost_reason",
                         "created_on", "proposal_sent_on", "closed_on", "expected_close_on",
                         "source"])
        for n in range(count):
            opened = today - timedelta(days=rng.randint(20, 1100))
            cycle = rng.randint(10, 120)
            close = opened + timedelta(days=cycle)
            proposal = opened + timedelta(days=cycle // 2)
            if close < today - timedelta(days=1):
                stage = "closed_won" if rng.random() < 0.3 else "closed_lost"
                reason = "price_terms" if stage == "closed_lost" else ""
                closed, expected = close, ""
            else:
                stage = rng.choice(("prospecting", "discovery", "proposal", "negotiation"))
                reason, closed, expected = "", "", close
            writer.writerow([emails[n % len(emails)], f"{prefix}{n}", f"Deal {n}",
                             rng.randrange(2000, 90000), stage, reason, opened,
                             proposal if proposal <= today and stage != "prospecting" else "",
                             closed, expected, rng.choice(("inbound", "outbound", "referral"))])


def _write_activities(path: Path, count: int, emails: list[str], today: date,
                      skip: int = 0) -> None:
    """count rows, one per rep, kind and day going back from yesterday, after the first
    skip rows (which an earlier file holds)."""
    kinds = ("call", "meeting", "proposal", "prospecting")
    per_day = len(emails) * len(kinds)
    assert skip % per_day == 0, "files split on whole days"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["rep_email", "occurred_on", "kind", "quantity"])
        n = 0
        day = today - timedelta(days=1 + skip // per_day)
        while n < count:
            for email in emails:
                for kind in kinds:
                    if n >= count:
                        break
                    writer.writerow([email, day, kind, 2 if kind != "prospecting" else "1.5"])
                    n += 1
            day -= timedelta(days=1)


def _job(sessions, manager: User, client: Client, kind: ImportKind, path: Path):
    with sessions() as session, path.open("rb") as upload:
        principal = principal_for_user(session, session.get(User, manager.id))
        rows = sum(1 for _ in upload) - 1
        job = jobs.submit(session, principal, session.get(Client, client.id), kind, upload,
                          total=rows, dry_run=False, mode=ImportMode.upsert, preset=None,
                          mapping=None)
        job_id = job.id
        session.commit()
    tracemalloc.start()
    started = time.perf_counter()
    run_next(sessions)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
    tracemalloc.stop()
    with sessions() as session:
        job = session.get(ImportJob, job_id)
        if job.status != "succeeded":
            raise SystemExit(f"the {kind} job {job.status}: {job.detail} {job.errors[:3]}")
    return seconds, peak


def _bare_deals(sessions, manager: User, twin: Client, path: Path, today: date) -> float:
    """The same deals and history rows, built as the import builds them, inserted in
    batches of 1,000 with nothing checked: the floor an import can't go under."""
    with sessions() as session:
        reps = {r.email.split("@")[0]: r.id
                for r in session.exec(select(Rep).where(Rep.client_id == twin.id))}
    rows, history = [], []
    base = DealFields.model_construct().model_dump() | {"id": None, "slip_count": 0}
    with path.open(newline="") as source:
        for raw in csv.DictReader(source):
            values = {k: v for k, v in raw.items() if v}
            email = values.pop("rep_email")
            row = DealRow.model_validate(values)
            given = row.model_dump(exclude_unset=True, exclude={"id", "created_on"})
            settled = (base | settle(base, given, today=today)
                       | {"rep_id": reps[email.split("@")[0]]})
            deal, changes = deal_and_history(settled, row.created_on, client_id=twin.id,
                                             zone=twin.timezone, changed_by=manager.id,
                                             now=Clock.system().now())
            rows.append({k: v for k, v in deal.items() if k in Deal.__table__.columns})
            history += changes
    started = time.perf_counter()
    with sessions() as session:
        for i in range(0, len(rows), 1000):
            session.execute(insert(Deal.__table__), rows[i:i + 1000])
        for i in range(0, len(history), 3000):
            session.execute(insert(DealChange.__table__), history[i:i + 3000])
        session.commit()
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
