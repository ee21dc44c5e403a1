"""python -m bench.signals: the alarms measured on scenario teams with a known story.

Builds each scenario team (bench/signals/scenarios.py) through the app's services, every
day's work at its own date, on a fresh database; replays every week with the alarms as of
its end; prints, per alarm code, precision (raised and right / raised) and recall (injected
problems raised / injected), how many weeks before the revenue dip the first alarm came,
and the goals of the alarms issue."""

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from app.core.clock import Clock
from app.db import make_engine, make_sessionmaker, migrate
from bench.dataset import fresh_database
from bench.signals.forecasts import MEASURED, ForecastScores, mean, measure
from bench.signals.replay import dip_week, replay
from bench.signals.scenarios import SCENARIOS
from bench.signals.simulate import build, manager_login


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.signals", description=__doc__)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--only", nargs="*", help="scenario slugs to run (default: all)")
    parser.add_argument("--pg-admin-url", default=os.environ.get(
        "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder, \
            fresh_database(args.db, Path(folder), args.pg_admin_url) as url:
        return _run(url, args)


def _run(url: str, args) -> int:
    started = time.perf_counter()
    migrate(url)
    clock = Clock.system()
    today = clock.today()
    engine = make_engine(url)
    sessions = make_sessionmaker(engine, clock=clock)
    manager = manager_login(sessions, today)
    chosen = [s for s in SCENARIOS if not args.only or s.slug in args.only]
    teams = []
    for scenario in chosen:
        teams.append(build(sessions, scenario, manager=manager, today=today))
        print(f"built {scenario.slug}: {scenario.story}", file=sys.stderr)
    built = time.perf_counter()
    scores = replay(sessions, teams, today=today)
    replayed = time.perf_counter()
    forecasts = measure(sessions, teams, today=today)
    engine.dispose()
    _report(scores, teams, url, built - started, replayed - built)
    _report_forecasts(forecasts, time.perf_counter() - replayed)
    return 0


def _report(scores, teams, url: str, build_s: float, replay_s: float) -> None:
    print(f"\nAlarm scenarios on {url.split(':')[0]}, {len(teams)} teams, "
          f"built in {build_s:.0f} s, replayed in {replay_s:.0f} s\n")
    print("| alarm | raised (weeks) | right | precision | injected | raised | recall "
          "| weeks held of due |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for code in sorted(set(scores.raised) | set(scores.expected)):
        raised, right = scores.raised[code], scores.right[code]
        expected, found = scores.expected[code], scores.found[code]
        due, held = scores.due_weeks[code], scores.held_weeks[code]
        print(f"| `{code}` | {raised} | {right} | {_pct(right, raised)} | {expected} | "
              f"{found} | {_pct(found, expected)} | {f'{held} of {due}' if due else '-'} |")
    print("\n| team | weeks replayed | red weeks | critical alarms | revenue dip week |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for team in teams:
        slug = team.scenario.slug
        print(f"| {slug} | {scores.weeks[slug]} | {scores.red_weeks[slug]} | "
              f"{scores.criticals[slug]} | {dip_week(team) or '-'} |")
    load = sum(scores.rep_alarms) / len(scores.rep_alarms) if scores.rep_alarms else 0
    print(f"\nRep-level alarms per client and week: {load:.2f} on average")
    for what, lead in scores.leads:
        print(f"Lead before the revenue dip: {what}: {lead} weeks")
    for (slug, code, who), weeks in sorted(scores.false.items(), key=str):
        print(f"Not in the story: {slug}/{code}/{who or 'client'} in weeks "
              f"{', '.join(map(str, weeks))}")
    healthy = next((t for t in teams if t.scenario.slug == "healthy"), None)
    goals = [
        ("healthy team: no critical alarm, never red",
         healthy is None or (scores.criticals["healthy"] == 0
                             and scores.red_weeks["healthy"] == 0)),
        ("every injected problem raised",
         all(scores.found[c] == scores.expected[c] for c in scores.expected)),
        ("first alarm at least 4 weeks before a dip",
         all(lead >= 4 for _, lead in scores.leads)),
        ("at most 3 rep-level alarms per client and week on average", load <= 3),
    ]
    print()
    for goal, met in goals:
        print(f"- {'met' if met else 'NOT MET'}: {goal}")


def _report_forecasts(scores: ForecastScores, seconds: float) -> None:
    print(f"\nForecast at mid-period against what the month won (mean absolute error), "
          f"measured in {seconds:.0f} s\n")
    columns = [m.value for m in MEASURED] + ["headline", "ideal"]
    print("| team | months | " + " | ".join(f"`{c}`" for c in columns) + " | headline went by |")
    print("| --- | ---: | " + " | ".join("---:" for _ in columns) + " | --- |")
    pooled: dict[str, list[float]] = {c: [] for c in columns}
    for slug, errors in scores.errors.items():
        for c in columns:
            pooled[c] += errors[c]
        went = ", ".join(f"{m} {n}" for m, n in Counter(scores.headline_methods[slug])
                         .most_common())
        print(f"| {slug} | {len(errors['headline'])} | "
              + " | ".join(_share(mean(errors[c])) for c in columns) + f" | {went} |")
    print(f"| all | {len(pooled['headline'])} | "
          + " | ".join(_share(mean(pooled[c])) for c in columns) + " | |")
    headline = mean(pooled["headline"])
    baseline = min(v for v in (mean(pooled["run_rate"]), mean(pooled["weighted_pipeline"]))
                   if v is not None)
    print()
    for goal, met in (
            ("the headline's error at least 20 % below the better of run rate and weighted "
             f"pipeline ({_share(headline)} against {_share(baseline)})",
             headline is not None and headline <= 0.8 * baseline),
            (f"the headline's mean absolute error at most 25 % ({_share(headline)})",
             headline is not None and headline <= 0.25)):
        print(f"- {'met' if met else 'NOT MET'}: {goal}")


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


if __name__ == "__main__":
    sys.exit(main())
