"""Do the numbers add up (the integrity red flags a manager checks the reports for), over the
last complete weeks: proposals logged against the deals that reached proposal, and activity
entered long after the day it describes. For managers, and the owner where the client
allows; never for the rep concerned."""

import math
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select, union
from sqlmodel import Session

from app.core.periods import end_of_day_utc
from app.models import Activity, Client, Deal, DealChange, Rep
from app.models.enums import ActivityKind, Stage
from app.models.insights.alarm import AlarmCode, Severity
from app.models.insights.kpis import RepKpis
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.alarms.base import Raised, Rule, first_match, raise_alarm
from app.services.insights.engine.windows import Window

S = Severity


@dataclass(frozen=True)
class Span:
    """The last complete weeks the integrity alarms look at, for one client."""

    first_day: date
    last_day: date
    from_at: datetime  # exclusive, UTC
    to_at: datetime  # inclusive, UTC


def span_of(client: Client, w: Window) -> Span:
    weeks = min(client.rules.integrity_weeks, len(w.mondays))
    first, last = w.mondays[-weeks], w.mondays[-1] + timedelta(days=6)
    return Span(first, last, end_of_day_utc(first - timedelta(days=1), client.timezone),
                end_of_day_utc(last, client.timezone))


@dataclass(frozen=True)
class Tally:
    logged: float  # proposals logged as activity
    explained: int  # deals that reached proposal, or that a proposal row names

    @property
    def ratio(self) -> float:
        return self.logged / self.explained if self.explained else math.inf


PROPOSAL_RULES: tuple[Rule[Tally], ...] = (
    Rule(S.critical, "proposals logged over the critical multiple of the deals behind them",
         lambda t, r: t.logged >= r.proposals_min_logged
         and t.ratio > float(r.proposals_ratio_critical)),
    Rule(S.warning, "proposals logged over the warning multiple of the deals behind them",
         lambda t, r: t.logged >= r.proposals_min_logged
         and t.ratio > float(r.proposals_ratio_warning)),
)


@dataclass(frozen=True)
class Lateness:
    late: int
    entries: int

    @property
    def share(self) -> float:
        return self.late / self.entries if self.entries else 0.0


LATE_RULES: tuple[Rule[Lateness], ...] = (
    Rule(S.warning, "more than the allowed share of entries made late",
         lambda f, r: f.entries > 0 and f.share > r.late_share_pct / 100),
)


def explained_deals(session: Session, principal: Principal,
                    spans: dict[uuid.UUID, Span]) -> dict[tuple[uuid.UUID, uuid.UUID], int]:
    """Per client and rep: the deals that reached proposal in the span, or that a proposal
    row of the span names (one query for every client)."""
    if not spans:
        return {}
    moved = (scoped_select(principal, DealChange)
             .with_only_columns(DealChange.client_id.label("client_id"),
                                Deal.rep_id.label("rep_id"), DealChange.deal_id.label("deal_id"))
             .join(Deal, Deal.id == DealChange.deal_id)
             .where(DealChange.field == "stage", DealChange.new == Stage.proposal.value,
                    or_(*[and_(DealChange.client_id == c, DealChange.changed_at > s.from_at,
                               DealChange.changed_at <= s.to_at) for c, s in spans.items()])))
    named = (scoped_select(principal, Activity)
             .with_only_columns(Activity.client_id.label("client_id"),
                                Activity.rep_id.label("rep_id"),
                                Activity.deal_id.label("deal_id"))
             .where(Activity.kind == ActivityKind.proposal, Activity.deal_id.is_not(None),
                    or_(*[and_(Activity.client_id == c, Activity.occurred_on >= s.first_day,
                               Activity.occurred_on <= s.last_day) for c, s in spans.items()])))
    both = union(moved, named).subquery()
    counts: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
    for client_id, rep_id, _ in session.execute(select(both)):
        counts[client_id, rep_id] = counts.get((client_id, rep_id), 0) + 1
    return counts


def entry_times(session: Session, principal: Principal, spans: dict[uuid.UUID, Span]
                ) -> dict[tuple[uuid.UUID, uuid.UUID], list[tuple[date, datetime]]]:
    """Per client and rep: each activity row of the span, its day and when it was entered
    (or its quantity last raised)."""
    if not spans:
        return {}
    stmt = (scoped_select(principal, Activity)
            .with_only_columns(Activity.client_id, Activity.rep_id, Activity.occurred_on,
                               Activity.created_at, Activity.raised_at)
            .where(or_(*[and_(Activity.client_id == c, Activity.occurred_on >= s.first_day,
                              Activity.occurred_on <= s.last_day)
                         for c, s in spans.items()])))
    out: dict[tuple[uuid.UUID, uuid.UUID], list[tuple[date, datetime]]] = {}
    for client_id, rep_id, day, created, raised in session.execute(stmt):
        out.setdefault((client_id, rep_id), []).append((day, max(created, raised or created)))
    return out


def proposals_alarm(client: Client, rep: Rep, row: RepKpis, span: Span,
                    explained: int) -> list[Raised]:
    weeks = [w for w in row.activity if span.first_day <= w.starts_on <= span.last_day]
    tally = Tally(logged=sum(w.proposals for w in weeks), explained=explained)
    rule = first_match(PROPOSAL_RULES, tally, client.rules)
    if rule is None:
        return []
    ratio = None if math.isinf(tally.ratio) else round(tally.ratio, 2)
    return [raise_alarm(
        AlarmCode.numbers_dont_add_up, rule.severity, client, rep.id,
        {"proposals_logged": tally.logged, "deals_behind_them": tally.explained,
         "ratio": ratio, "from": str(span.first_day), "to": str(span.last_day),
         "rule": rule.says},
        f"{rep.full_name} logged {tally.logged:g} proposals from {span.first_day} to "
        f"{span.last_day}, but only {tally.explained} deals reached proposal or were named on "
        "them: go through the reports with the rep, with an open mind.",
        tally.logged - tally.explained)]


def late_entries_alarm(client: Client, rep: Rep, span: Span,
                       entries: list[tuple[date, datetime]]) -> list[Raised]:
    zone, days = ZoneInfo(client.timezone), client.rules.late_after_days
    late = sum((at.astimezone(zone).date() - day).days > days for day, at in entries)
    figures = Lateness(late=late, entries=len(entries))
    rule = first_match(LATE_RULES, figures, client.rules)
    if rule is None:
        return []
    return [raise_alarm(
        AlarmCode.activity_backdated, rule.severity, client, rep.id,
        {"late": figures.late, "entries": figures.entries, "share": round(figures.share, 4),
         "after_days": days, "from": str(span.first_day), "to": str(span.last_day),
         "rule": rule.says},
        f"{figures.late} of {rep.full_name}'s {figures.entries} activity entries from "
        f"{span.first_day} to {span.last_day} were made more than {days} days after the day "
        "they describe: ask how the week is logged.", figures.share)]
