"""Activity below target: the real number of consecutive complete weeks a rep has been
under a weekly target (up to 26), per kind of activity."""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session

from app.models import Activity, Client, Rep
from app.models.insights.alarm import AlarmCode, Severity
from app.models.insights.kpis import RepKpis
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.alarms.base import Raised, Rule, first_match, raise_alarm

STREAK_WEEKS = 26  # how far back a streak is followed
KIND_NAMES = {"calls_meetings": "calls/meetings", "proposals": "proposals",
              "prospecting_hours": "prospecting hours"}


@dataclass(frozen=True)
class Streak:
    weeks: int  # the longest current streak of any kind
    needed: int  # the client's activity_alarm_weeks


ACTIVITY_RULES: tuple[Rule[Streak], ...] = (
    Rule(Severity.critical, "under a target for longer than the client's alarm weeks",
         lambda s, r: s.weeks > s.needed),
    Rule(Severity.warning, "under a target for the client's alarm weeks",
         lambda s, r: s.weeks >= s.needed),
)


def activity_alarm(client: Client, rep: Rep, row: RepKpis,
                   first_logged: date | None) -> list[Raised]:
    """One alarm per rep naming every kind under target and for how many weeks. Weeks before
    the rep was hired, and before their first activity on record (the weeks before the
    records began tell nothing), don't count against them; a rep who never logged anything
    counts from their hire."""
    start = max(d for d in (rep.hire_date, first_logged) if d) if first_logged else rep.hire_date
    weeks = [w for w in row.activity
             if start is not None and w.starts_on + timedelta(days=6) >= start]
    streaks = {kind: _streak(weeks, kind) for kind in KIND_NAMES}
    streaks = {k: n for k, n in streaks.items() if n >= client.activity_alarm_weeks}
    if not streaks:
        return []
    rule = first_match(ACTIVITY_RULES, Streak(max(streaks.values()),
                                              client.activity_alarm_weeks), client.rules)
    if rule is None:
        return []
    last = row.activity[-1]
    figures = {kind: {"actual": getattr(last, kind), "target": last.targets[kind],
                      "weeks_below": n, "since": str(_since(weeks, n))}
               for kind, n in streaks.items()}
    worst = max(streaks.values())
    names = " and ".join(KIND_NAMES[k] for k in streaks)
    last_week = ", ".join(f"{KIND_NAMES[k]} {f['actual']:g} of {f['target']:g}"
                          for k, f in figures.items())
    return [raise_alarm(AlarmCode.activity_below_target, rule.severity, client, rep.id,
                        figures | {"rule": rule.says},
                        f"{rep.full_name} has been under the {names} target for {worst} "
                        f"weeks (last week {last_week}): a low-revenue month is coming; "
                        "coach on activity now.", float(worst))]


def first_activity(session: Session, principal: Principal,
                   clients: list[Client]) -> dict[uuid.UUID, date]:
    """The day each rep of these clients first logged any activity (one grouped query)."""
    return dict(session.execute(
        scoped_select(principal, Activity)
        .with_only_columns(Activity.rep_id, func.min(Activity.occurred_on))
        .where(Activity.client_id.in_([c.id for c in clients]))
        .group_by(Activity.rep_id)).all())


def _streak(weeks, kind: str) -> int:
    streak = 0
    for week in reversed(weeks):
        if kind not in week.below_target:
            break
        streak += 1
    return streak


def _since(weeks, streak: int) -> date:
    return weeks[-streak].starts_on
