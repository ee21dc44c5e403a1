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

from sqlalchemy import literal, null, union_all
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
class Dated:
    """An approved dated target (of a client) or a dated quota (of a rep)."""

    id: uuid.UUID
    starts_on: date
    amount: Decimal


@dataclass(frozen=True)
class InForce:
    targets: dict[uuid.UUID, list[Dated]]  # approved, per client, oldest start first
    quotas: dict[uuid.UUID, list[Dated]]  # per rep, oldest start first

    def dated_target(self, client: Client, period: Period) -> Dated | None:
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
    """The dated targets and quotas of these clients, in one read; the caller has already
    fetched the clients through its scope."""
    ids = list(clients)
    targets: dict[uuid.UUID, list[Dated]] = {}
    quotas: dict[uuid.UUID, list[Dated]] = {}
    if ids:
        dated = union_all(
            select(literal(True).label("is_target"), RevenueTarget.id,
                   RevenueTarget.client_id.label("owner_id"), RevenueTarget.starts_on,
                   RevenueTarget.amount, RevenueTarget.decided_at)
            .where(col(RevenueTarget.client_id).in_(ids),
                   RevenueTarget.status == TargetStatus.approved),
            select(literal(False), RepQuota.id, RepQuota.rep_id, RepQuota.starts_on,
                   RepQuota.amount, null())
            .where(col(RepQuota.client_id).in_(ids))).subquery("dated")
        # A quota's start is unique per rep; two targets may share one (the later approval
        # holds).
        for row in session.execute(select(dated).order_by(dated.c.starts_on,
                                                            dated.c.decided_at)):
            held = targets if row.is_target else quotas
            held.setdefault(row.owner_id, []).append(Dated(row.id, row.starts_on, row.amount))
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
