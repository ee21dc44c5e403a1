"""Replaying the scenario teams week by week with the alarms as of each week's end, and
scoring them against each team's story: precision and recall per alarm code, how many weeks
before a revenue dip the first alarm came, health, and the alarm load per client."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import sessionmaker

from app.services.access.principal import system_principal_unscoped
from app.services.insights.alarms import clients_alarms
from app.services.insights.alarms.health import health_of
from bench.signals.simulate import WEEKS, Team, day_session, monday_of

FIRST_REPLAYED = 6  # weeks of history before the first replayed week


@dataclass
class Scores:
    raised: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    expected: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    found: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    leads: list[tuple[str, int]] = field(default_factory=list)
    rep_alarms: list[int] = field(default_factory=list)  # per client-week
    red_weeks: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    criticals: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    weeks: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    due_weeks: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    held_weeks: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    false: dict[tuple[str, str, str | None], list[int]] = field(
        default_factory=lambda: defaultdict(list))


def dip_week(team: Team) -> int | None:
    """For a team whose story has a dip: the first week whose trailing four weeks won under
    70 % of the team's usual (four weeks' worth of weeks 4-13)."""
    if not team.scenario.dips:
        return None
    weekly = [team.won.get(w, Decimal(0)) for w in range(WEEKS)]
    usual = sum(weekly[4:14]) / 10 * 4
    for week in range(14, WEEKS):
        if usual and sum(weekly[week - 3:week + 1]) < usual * Decimal("0.7"):
            return week
    return None


def replay(sessions: sessionmaker, teams: list[Team], *, today: date) -> Scores:
    scores = Scores()
    start = monday_of(today) - timedelta(weeks=WEEKS)
    seen: dict[tuple[str, str, str | None], list[int]] = defaultdict(list)
    for week in range(FIRST_REPLAYED, WEEKS):
        sunday = start + timedelta(weeks=week, days=6)
        with day_session(sessions, sunday + timedelta(days=1), hour=6) as session:
            principal = system_principal_unscoped(session)
            clients = [t.client for t in teams if week >= t.scenario.first_week]
            found = clients_alarms(session, principal, clients, as_of=sunday)
        for team in teams:
            if team.client.id not in found:
                continue
            _, raised = found[team.client.id]
            names = {rep.id: name for name, rep in team.reps.items()}
            slug = team.scenario.slug
            scores.weeks[slug] += 1
            scores.rep_alarms.append(sum(1 for r in raised if r.about_rep))
            if health_of(team.client, raised).health == "red":
                scores.red_weeks[slug] += 1
            for r in raised:
                code, who = r.alarm.code.value, names.get(r.alarm.rep_id)
                scores.raised[code] += 1
                scores.criticals[slug] += r.alarm.severity.value == "critical"
                if _holds(team, code, who, week):
                    scores.right[code] += 1
                else:
                    scores.false[(slug, code, who)].append(week)
                seen[(slug, code, who)].append(week)
    for team in teams:
        dip = dip_week(team)
        for code, who, since in team.scenario.expected:
            scores.expected[code] += 1
            weeks = [w for w in seen[(team.scenario.slug, code, who)] if w >= since - 1]
            due = range(max(since, FIRST_REPLAYED, team.scenario.first_week), WEEKS)
            scores.due_weeks[code] += len(due)
            scores.held_weeks[code] += sum(1 for w in due if w in weeks)
            if weeks:
                scores.found[code] += 1
                if dip is not None:
                    scores.leads.append((f"{team.scenario.slug}/{code}/{who or 'client'}",
                                         dip - weeks[0]))
    return scores


def _holds(team: Team, code: str, who: str | None, week: int) -> bool:
    """Whether the team's story says this alarm is right in this week."""
    return any(code == c and who == w and week >= since - 1
               for c, w, since in team.scenario.expected + team.scenario.acceptable)
