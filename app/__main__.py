"""Command line: python -m app migrate | seed-demo | create-manager | export-openapi | serve |
webhook-worker."""

import argparse
import getpass
import logging
import os
import sys
from datetime import datetime

from pydantic import ValidationError

from app.core.clock import Clock
from app.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="upgrade the database to the latest schema")
    seed = commands.add_parser("seed-demo", help="add the demo manager, clients, owners and reps")
    seed.add_argument("--now", type=_instant, help=NOW_HELP)
    manager = commands.add_parser("create-manager", help="create a manager login")
    manager.add_argument("--email", required=True)
    manager.add_argument("--name", default="")
    commands.add_parser("export-openapi", help="write openapi/openapi.json")
    commands.add_parser("import-worker", help="run queued import jobs (when the server's "
                                              "embedded worker is off)")
    commands.add_parser("snapshot-forecasts",
                        help="take the forecast snapshots that are due (the worker does hourly)")
    serve = commands.add_parser("serve", help="migrate, then run uvicorn")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "1")))
    serve.add_argument("--seed-demo", action="store_true", help="also add the demo data")
    serve.add_argument("--now", type=_instant, help=NOW_HELP)
    worker = commands.add_parser("webhook-worker",
                                 help="send webhook deliveries (a loop; any number may run)")
    worker.add_argument("--once", action="store_true",
                        help="one pass: check alarms, forget old deliveries, send what is "
                        "due, then exit")
    args = parser.parse_args(argv)

    if getattr(args, "now", None) is not None:  # uvicorn's workers read it from the environment
        offset = Clock.starting_at(args.now).offset.total_seconds()
        os.environ["CLOCK_OFFSET_SECONDS"] = f"{offset:.3f}"
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"Invalid settings: {exc.errors()[0]['msg']}", file=sys.stderr)
        return 2
    if args.command in SERVICES:  # what runs in a container logs JSON lines only
        from app.http.logging_json import configure_logging

        configure_logging(settings.log_level)
        global _say
        _say = logging.getLogger("app.cli").info
    return COMMANDS[args.command](settings, args)


SERVICES = {"serve", "webhook-worker", "import-worker"}


def _say(message: str) -> None:
    """A status line: printed for a command run by hand, a JSON log line for a service."""
    print(message)


NOW_HELP = ("run as if it were this moment (ISO 8601 with a zone, e.g. 2027-01-01T09:00:00Z): "
            "the clock runs on from there; for demos at another date")


def _instant(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError("give a time zone, e.g. 2027-01-01T09:00:00Z")
    return value


def _migrate(settings: Settings, _args) -> int:
    from app.db import migrate

    migrate(settings.resolved_database_url)
    _say("database is at the latest schema")
    return 0


def _seed_demo(settings: Settings, _args) -> int:
    from app.demo.seed import seed_demo_unscoped

    _migrate(settings, _args)
    with _session(settings) as session:
        created = seed_demo_unscoped(session)
        session.commit()
    _say("demo data ready: " + ", ".join(f"{n} {k} created" for k, n in created.items()))
    return 0


def _create_manager(settings: Settings, args) -> int:
    from sqlalchemy.exc import IntegrityError

    from app.demo.seed import create_manager_unscoped
    from app.models.identity.user import UserCreate

    password = os.environ.get("MANAGER_PASSWORD") or getpass.getpass("Password: ")
    try:
        data = UserCreate(email=args.email, full_name=args.name, role="manager",
                          password=password)
    except ValidationError as exc:
        print("; ".join(f"{e['loc'][-1]}: {e['msg']}" for e in exc.errors()), file=sys.stderr)
        return 2
    with _session(settings) as session:
        try:
            create_manager_unscoped(session, email=data.email, password=data.password,
                                    full_name=data.full_name)
            session.commit()
        except IntegrityError:
            print(f"a login with email {data.email} already exists", file=sys.stderr)
            return 1
    print(f"manager {data.email} created")
    return 0


def _export_openapi(settings: Settings, _args) -> int:
    from app.main import create_app
    from app.openapi import export_spec

    print(f"wrote {export_spec(create_app(settings))}")
    return 0


def _serve(settings: Settings, args) -> int:
    import uvicorn

    if args.seed_demo:
        _seed_demo(settings, args)
    else:
        _migrate(settings, args)
    settings.resolved_jwt_secret  # noqa: B018  (generate the dev secret before workers fork)
    uvicorn.run("app.main:app", host=args.host, port=args.port, workers=args.workers,
                log_level=settings.log_level.lower(), proxy_headers=True,
                forwarded_allow_ips=settings.forwarded_allow_ips,
                log_config=None, access_log=False)  # our JSON lines, our access log
    return 0


def _webhook_worker(settings: Settings, args) -> int:
    import signal
    import threading

    import httpx

    from app.db import make_engine, make_sessionmaker
    from app.services.integrations.webhooks import worker
    from app.services.integrations.webhooks.dispatch import check_alarms, dispatch_once, purge

    sessions = make_sessionmaker(make_engine(settings.resolved_database_url, pool_size=2),
                                 clock=settings.clock)
    if args.once:
        check_alarms(sessions)
        purge(sessions, settings)
        with httpx.Client(follow_redirects=False) as http:
            print(f"attempted {dispatch_once(sessions, settings, http)} deliveries")
        return 0
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    _say("webhook worker running; Ctrl-C stops it")
    worker.run(sessions, settings, stop)
    return 0


def _snapshot_forecasts(settings: Settings, _args) -> int:
    from app.db import make_engine, make_sessionmaker
    from app.services.insights.forecast.snapshots import take_all

    sessions = make_sessionmaker(make_engine(settings.resolved_database_url),
                                 clock=settings.clock)
    print(f"{take_all(sessions)} forecast snapshots taken")
    return 0


def _import_worker(settings: Settings, _args) -> int:
    import signal
    import threading

    from app.db import make_engine, make_sessionmaker
    from app.services.integrations import import_worker

    sessions = make_sessionmaker(make_engine(settings.resolved_database_url, pool_size=2),
                                 clock=settings.clock)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    _say("import worker running; Ctrl-C stops it")
    import_worker.run(sessions, stop)
    return 0


def _session(settings: Settings):
    from app.db import make_engine, make_sessionmaker

    return make_sessionmaker(make_engine(settings.resolved_database_url),
                             clock=settings.clock)()


COMMANDS = {"migrate": _migrate, "seed-demo": _seed_demo, "create-manager": _create_manager,
            "export-openapi": _export_openapi, "serve": _serve,
            "webhook-worker": _webhook_worker, "snapshot-forecasts": _snapshot_forecasts,
            "import-worker": _import_worker}

if __name__ == "__main__":
    sys.exit(main())
