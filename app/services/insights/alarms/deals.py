"""Alarms about a rep's deals: promises that don't land (commit reliability), commit and
best-case deals left past their close (overdue), and deals below the margin floor."""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from app.core.periods import period_containing
from app.models import Client, Rep
from app.models.enums import MeasurementPeriod, Stage
from app.models.insights.alarm import AlarmCode, Severity
from app.models.insights.alarm_rules import AlarmRules
from app.services.insights.alarms.base import Raised, Rule, first_match, raise_alarm
from app.services.insights.alarms.deal_facts import LATE_STAGES, ROLL_UP, DealFact, Push
from app.services.insights.engine.windows import Window

S = Severity


@dataclass(frozen=True)
class Reliability:
    won: int
    decided: int  # won, lost, past their expected close, or pushed in a way that counts

    @property
    def rate(self) -> float:
        return self.won / self.decided if self.decided else 1.0


COMMIT_RULES: tuple[Rule[Reliability], ...] = (
    Rule(S.critical, "commit deals land under the critical rate on enough deals",
         lambda f, r: f.decided >= r.commit_critical_deals
         and f.rate < r.commit_critical_pct / 100),
    Rule(S.warning, "commit deals land under the warning rate on enough deals",
         lambda f, r: f.decided >= r.commit_warning_deals
         and f.rate < r.commit_warning_pct / 100),
)


def counted_pushes(deal: DealFact, client: Client, w: Window) -> list[tuple[Push, bool]]:
    """Each push of the deal's close up to `as_of`, and whether it counts: it moved the close
    out of the period it was made in, or it is the deal's second push or later."""
    zone, kind = ZoneInfo(client.timezone), MeasurementPeriod(client.measurement_period)
    out = []
    for n, push in enumerate(p for p in deal.pushes if p.at <= w.state_at):
        made_on = push.at.astimezone(zone).date()
        out.append((push, n >= 1 or push.new > period_containing(made_on, kind).end))
    return out


def outcome(deal: DealFact, client: Client, w: Window, rules: AlarmRules) -> str | None:
    """What became of a deal that was in commit, over the rules' window: won, lost, past its
    expected close, pushed (a push that counts), or None while it is still on track."""
    since = w.as_of - timedelta(days=rules.commit_window_days)
    if not deal.was_commit:
        return None
    if deal.stage == Stage.closed_won.value:
        return "won" if deal.closed_on and deal.closed_on > since else None
    if deal.stage == Stage.closed_lost.value:
        return "lost" if deal.closed_on and deal.closed_on > since else None
    if deal.expected_close_on is not None and deal.expected_close_on < w.as_of:
        return "past_expected_close"
    window_start = w.state_at - timedelta(days=rules.commit_window_days)
    if any(counts and push.at > window_start for push, counts in counted_pushes(deal, client, w)):
        return "pushed"
    return None


def commit_alarm(client: Client, rep: Rep, deals: list[DealFact], w: Window) -> list[Raised]:
    """Commit reliability of one rep: commit deals won / commit deals decided or overdue."""
    rules = client.rules
    judged = [(d, o) for d in deals if (o := outcome(d, client, w, rules)) is not None]
    figures = Reliability(won=sum(o == "won" for _, o in judged), decided=len(judged))
    rule = first_match(COMMIT_RULES, figures, rules)
    if rule is None:
        return []
    missed = [(d, o) for d, o in judged if o != "won"]
    listed = [{"deal_id": str(d.deal_id), "name": d.name, "outcome": o,
               "pushes": [{"on": str(p.at.date()), "from": str(p.old), "to": str(p.new),
                           "counts": counts} for p, counts in counted_pushes(d, client, w)]}
              for d, o in judged]
    names = ", ".join(f"{d.name} ({o.replace('_', ' ')})" for d, o in missed[:5])
    return [raise_alarm(
        AlarmCode.commit_unreliable, rule.severity, client, rep.id,
        {"won": figures.won, "decided": figures.decided, "rate": round(figures.rate, 4),
         "window_days": rules.commit_window_days, "deals": listed, "rule": rule.says},
        f"{rep.full_name}'s commit deals landed {figures.won} of {figures.decided} in "
        f"{rules.commit_window_days} days ({figures.rate:.0%}): {names}. Review each commit "
        "in the next one-on-one.", 1 - figures.rate)]


def overdue_alarm(client: Client, rep: Rep, deals: list[DealFact], w: Window) -> list[Raised]:
    """Commit and best-case deals more than N days past their expected close: left out of
    the roll-ups and the near-term coverage until they are moved or closed."""
    cutoff = w.as_of - timedelta(days=client.rules.overdue_after_days)
    late = sorted((d for d in deals if d.is_open and d.forecast_category in ROLL_UP
                   and d.expected_close_on is not None and d.expected_close_on < cutoff),
                  key=lambda d: d.expected_close_on)
    if not late:
        return []
    listed = [{"deal_id": str(d.deal_id), "name": d.name, "amount": str(d.amount),
               "forecast_category": d.forecast_category,
               "expected_close_on": str(d.expected_close_on),
               "days_overdue": (w.as_of - d.expected_close_on).days} for d in late]
    return [raise_alarm(
        AlarmCode.deal_overdue, S.warning, client, rep.id,
        {"deals": listed, "after_days": client.rules.overdue_after_days},
        f"{rep.full_name} has {len(late)} {'deal' if len(late) == 1 else 'deals'} in commit or "
        f"best case more than {client.rules.overdue_after_days} days past the expected "
        f"close ({', '.join(d.name for d in late[:5])}): close them, or move the date; they "
        "count in no roll-up meanwhile.", float(len(late)))]


def margin_alarm(client: Client, rep: Rep, deals: list[DealFact], w: Window) -> list[Raised]:
    """Deals below the margin floor: open at proposal or later, or won this period."""
    floor = client.min_gross_margin_pct
    below = [d for d in deals if d.gross_margin_pct is not None and d.gross_margin_pct < floor
             and (d.stage in LATE_STAGES or (d.stage == Stage.closed_won.value
                                             and d.closed_on is not None
                                             and w.period.start <= d.closed_on <= w.as_of))]
    if not below:
        return []
    listed = [{"deal_id": str(d.deal_id), "name": d.name, "stage": d.stage,
               "gross_margin_pct": float(d.gross_margin_pct), "amount": str(d.amount)}
              for d in sorted(below, key=lambda d: d.gross_margin_pct)]
    return [raise_alarm(
        AlarmCode.deal_below_margin_floor, S.warning, client, rep.id,
        {"floor": float(floor), "deals": listed},
        f"{rep.full_name} has {len(below)} {'deal' if len(below) == 1 else 'deals'} under the "
        f"{float(floor):g}% margin floor ({', '.join(d['name'] for d in listed[:5])}): hold the "
        "price or get the manager's approval.", float(len(below)))]


def deal_alarms(client: Client, reps: dict[uuid.UUID, Rep], deals: list[DealFact],
                w: Window) -> list[Raised]:
    by_rep: dict[uuid.UUID, list[DealFact]] = {}
    for deal in deals:
        by_rep.setdefault(deal.rep_id, []).append(deal)
    out = []
    for rep_id, rep in reps.items():
        mine = by_rep.get(rep_id, [])
        out += commit_alarm(client, rep, mine, w)
        out += overdue_alarm(client, rep, mine, w)
        out += margin_alarm(client, rep, mine, w)
    return out
