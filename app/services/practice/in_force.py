"""Which target, quota and weekly activity targets hold for a period or a week: the figures
of a past `as_of` are measured against what held then.

- The client's revenue target for a period: the approved dated target with the latest
  start on or before the period's first day (the latest approval if two share it), else
  the client's standing period_revenue_target; where that is 0 too, the reps' quotas add
  up to it.
- A rep's quota for a period: their dated quota with the latest start on or before the
  period's first day, else their standing quota; then the ramp's share (ramp.quota_share).
- A rep's weekly activity target of a kind: their own, else their role's, else the
  client's; then the ramp's share of that week (ramp.activity_share)."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session, col, select

from app.core.periods import Period
from app.models import Client, Rep
from app.models.practice.activity_targets import KINDS
from app.models.practice.targets import RepQuota, RevenueTarget, TargetStatus
from app.services.practice.ramp import activity_share, quota_share

CENT = Decimal("0.01")
CLIENT_FIELDS = {"calls_meetings": "weekly_calls_target",
                 "proposals": "weekly_proposals_target",
                 "prospecting_hours": "weekly_prospecting_hours_target"}


@dataclass(frozen=True)
class WeekTarget:
    target: float  # ramped
    full: float
    source: str  # rep, role or client


@dataclass(frozen=True)
class InForce:
    targets: dict[uuid.UUID, list[RevenueTarget]]  # approved, oldest start first
    quotas: dict[uuid.UUID, list[RepQuota]]  # oldest start first

    def dated_target(self, client: Client, period: Period) -> RevenueTarget | None:
        return _latest(self.targets.get(client.id, []), period.start)

    def set_target(self, client: Client, period: Period) -> Decimal:
        """The client's own target for the period: dated, else standing (0: none set)."""
        dated = self.dated_target(client, period)
        return Decimal(dated.amount if dated is not None else client.period_revenue_target)

    def target(self, client: Client, period: Period, reps: Iterable[Rep]) -> Decimal:
        """The client's target for the period, else the sum of the reps' quotas for it."""
        return self.set_target(client, period) or self.quota_sum(reps, period)

    def full_quota(self, rep: Rep, period: Period) -> Decimal:
        dated = _latest(self.quotas.get(rep.id, []), period.start)
        return Decimal(dated.amount if dated is not None else rep.quota)

    def quota(self, rep: Rep, period: Period) -> Decimal:
        """The rep's quota for the period, ramped, to the cent."""
        return (self.full_quota(rep, period) * quota_share(rep, period)).quantize(
            CENT, ROUND_HALF_UP)

    def quota_sum(self, reps: Iterable[Rep], period: Period) -> Decimal:
        """The current reps' quotas for the period (archived and exited reps carry none)."""
        return sum((self.quota(r, period) for r in reps
                    if r.archived_at is None and r.status != "exited"), Decimal(0))


def in_force_unscoped(session: Session, clients: Iterable[uuid.UUID]) -> InForce:
    """The dated targets and quotas of these clients (two reads); the caller has already
    fetched the clients through its scope."""
    ids = list(clients)
    targets: dict[uuid.UUID, list[RevenueTarget]] = {}
    quotas: dict[uuid.UUID, list[RepQuota]] = {}
    if ids:
        for t in session.exec(select(RevenueTarget).where(
                col(RevenueTarget.client_id).in_(ids),
                RevenueTarget.status == TargetStatus.approved)
                .order_by(RevenueTarget.starts_on, RevenueTarget.decided_at)):
            targets.setdefault(t.client_id, []).append(t)
        for q in session.exec(select(RepQuota).where(col(RepQuota.client_id).in_(ids))
                              .order_by(RepQuota.starts_on)):
            quotas.setdefault(q.rep_id, []).append(q)
    return InForce(targets, quotas)


def week_targets(client: Client, rep: Rep | None, monday: date) -> dict[str, WeekTarget]:
    """The weekly activity targets of a rep for the week (the client's without a rep)."""
    own = (rep.activity_targets or {}) if rep else {}
    role = (client.role_activity_targets or {}).get(str(rep.sales_role), {}) if rep else {}
    share = activity_share(rep, monday) if rep else Decimal(1)
    out = {}
    for kind in KINDS:
        source, value = next(
            ((name, values[kind]) for name, values in (("rep", own), ("role", role))
             if values.get(kind) is not None),
            ("client", getattr(client, CLIENT_FIELDS[kind])))
        full = Decimal(str(value))
        out[kind] = WeekTarget(target=float(full * share), full=float(full), source=source)
    return out


def _latest(rows: list, day: date):
    found = None
    for row in rows:
        if row.starts_on <= day:
            found = row
    return found
