"""The client's revenue targets over time and each rep's quotas over time.

A dated target is proposed by the manager and holds once the owner approves it (at once
when the owner sets it, or when the client lets the manager set targets alone); approving
a second target for the same period supersedes the first. Each target shows the sum of the
current reps' quotas for its period and warns when they fall short of it. A rep's quota is
set per period start (PUT: the same start again replaces the amount)."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, col, select

from app.core.clock import now_of, today_of
from app.core.periods import Period, period_containing, period_label
from app.core.versioning import apply_changes
from app.errors import Conflict, NotFound, invalid_field
from app.models import Client, Rep
from app.models.enums import MeasurementPeriod, RepStatus
from app.models.practice.activity_targets import WeekTargets
from app.models.practice.targets import (
    QuotaSet,
    RepQuota,
    RepTargets,
    RevenueTarget,
    TargetCreate,
    TargetInForce,
    TargetRead,
    TargetStatus,
)
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.rules import approves_targets, check_target_approver
from app.services.access.scope import get_parent, get_scoped, scoped_select
from app.services.practice.in_force import InForce, in_force_unscoped, week_targets
from app.services.practice.ramp import activity_share, quota_share


def propose_target(session: Session, principal: Principal, client_id: uuid.UUID,
                   data: TargetCreate) -> TargetRead:
    client = get_parent(session, principal, Client, client_id, resource=Resource.targets,
                        action=Action.create)
    _check_period_start(client, data.starts_on, "starts_on")
    target = RevenueTarget(client_id=client.id, proposed_by=principal.user_id,
                           **data.model_dump())
    session.add(target)
    if approves_targets(principal, client):
        _approve(session, principal, target, data.note)
    session.flush()
    return _read(session, client, target)


def list_targets(session: Session, principal: Principal, client_id: uuid.UUID, *,
                 status: TargetStatus | None) -> list[TargetRead]:
    """Every dated target of the client, the latest period first."""
    client = get_parent(session, principal, Client, client_id, resource=Resource.targets,
                        action=Action.list)
    stmt = scoped_select(principal, RevenueTarget).where(RevenueTarget.client_id == client.id)
    if status is not None:
        stmt = stmt.where(RevenueTarget.status == status)
    rows = session.exec(stmt.order_by(col(RevenueTarget.starts_on).desc(),
                                      col(RevenueTarget.created_at).desc())).all()
    held, reps = in_force_unscoped(session, [client.id]), _reps(session, client)
    return [_read(session, client, t, held, reps) for t in rows]


def get_target(session: Session, principal: Principal, target_id: uuid.UUID) -> TargetRead:
    target = get_scoped(session, principal, RevenueTarget, target_id,
                        resource=Resource.targets, action=Action.read)
    return _read(session, session.get(Client, target.client_id), target)


def decide_target(session: Session, principal: Principal, target_id: uuid.UUID, *,
                  approve: bool, note: str) -> TargetRead:
    """Approve or reject a proposed target (the owner; the manager where allowed)."""
    target = get_scoped(session, principal, RevenueTarget, target_id,
                        resource=Resource.targets, action=Action.update, for_update=True)
    client = session.get(Client, target.client_id)
    check_target_approver(principal, client)
    if target.status != TargetStatus.proposed:
        raise Conflict(f"This target is already {target.status}; propose a new one instead.")
    if approve:
        _approve(session, principal, target, note)
    else:
        apply_changes(target, {"status": TargetStatus.rejected, "decided_by": principal.user_id,
                               "decided_at": now_of(session), "note": note or target.note})
    session.flush()
    return _read(session, client, target)


def target_in_force(session: Session, principal: Principal, client_id: uuid.UUID, *,
                    as_of: date | None) -> TargetInForce:
    """The target the period containing `as_of` (default today) is measured against."""
    client = get_parent(session, principal, Client, client_id, resource=Resource.targets,
                        action=Action.read)
    period = _period(client, as_of or today_of(session, client.timezone))
    held, reps = in_force_unscoped(session, [client.id]), _reps(session, client)
    dated = held.dated_target(client, period)
    amount = held.target(client, period, reps)
    source = ("approved" if dated is not None else
              "standing" if Decimal(client.period_revenue_target) else "quotas")
    quota_sum = held.quota_sum(reps, period)
    return TargetInForce(client_id=client.id, period=period_label(period),
                         period_start=period.start, period_end=period.end, target=amount,
                         source=source, target_id=dated.id if dated else None,
                         quota_sum=quota_sum, warning=_warning(period, amount, quota_sum))


def list_quotas(session: Session, principal: Principal, rep_id: uuid.UUID) -> list[RepQuota]:
    """A rep's dated quotas, the latest first (a rep: their own)."""
    rep = get_parent(session, principal, Rep, rep_id, resource=Resource.quotas,
                     action=Action.list)
    return list(session.exec(scoped_select(principal, RepQuota).where(RepQuota.rep_id == rep.id)
                             .order_by(col(RepQuota.starts_on).desc())))


def set_quota(session: Session, principal: Principal, rep_id: uuid.UUID, starts_on: date,
              data: QuotaSet) -> tuple[RepQuota, bool]:
    """The rep's quota from a period start on; (quota, created)."""
    rep = get_parent(session, principal, Rep, rep_id, resource=Resource.quotas,
                     action=Action.create)
    client = session.get(Client, rep.client_id)
    _check_period_start(client, starts_on, "starts_on", location="path")
    quota = session.exec(select(RepQuota).where(RepQuota.rep_id == rep.id,
                                                RepQuota.starts_on == starts_on)
                         .with_for_update()).first()
    if quota is not None:
        apply_changes(quota, {"amount": data.amount, "set_by": principal.user_id})
        session.flush()
        return quota, False
    quota = RepQuota(client_id=rep.client_id, rep_id=rep.id, starts_on=starts_on,
                     amount=data.amount, set_by=principal.user_id)
    session.add(quota)
    session.flush()
    return quota, True


def delete_quota(session: Session, principal: Principal, rep_id: uuid.UUID,
                 starts_on: date) -> None:
    rep = get_parent(session, principal, Rep, rep_id, resource=Resource.quotas,
                     action=Action.delete)
    quota = session.exec(select(RepQuota).where(RepQuota.rep_id == rep.id,
                                                RepQuota.starts_on == starts_on)).first()
    if quota is None:
        raise NotFound(f"{rep.full_name} has no quota starting {starts_on}.")
    session.delete(quota)
    session.flush()


def rep_targets(session: Session, principal: Principal, rep_id: uuid.UUID, *,
                as_of: date | None) -> RepTargets:
    """What a rep is measured against on a day: the period's quota (dated or standing,
    ramped) and the weekly activity targets of that week (own, role's or client's, ramped)."""
    rep = get_parent(session, principal, Rep, rep_id, resource=Resource.quotas,
                     action=Action.read)
    client = session.get(Client, rep.client_id)
    day = as_of or today_of(session, client.timezone)
    period = _period(client, day)
    held = in_force_unscoped(session, [client.id])
    full = held.full_quota(rep, period)
    quota = held.quota(rep, period)
    monday = day - timedelta(days=day.weekday())
    week = week_targets(client, rep, monday)
    return RepTargets(
        rep_id=rep.id, as_of=day, period=period_label(period), period_start=period.start,
        period_end=period.end, full_quota=full, quota=quota,
        quota_share=round(float(quota / full), 4) if full else 1.0,
        sales_role=rep.sales_role, week_starts_on=monday,
        activity=WeekTargets.model_validate({
            k: {"target": t.target, "full_target": t.full, "source": t.source}
            for k, t in week.items()}),
        in_ramp=quota_share(rep, period) < 1 or activity_share(rep, monday) < 1)


def _approve(session: Session, principal: Principal, target: RevenueTarget, note: str) -> None:
    for earlier in session.exec(select(RevenueTarget).where(
            RevenueTarget.client_id == target.client_id,
            RevenueTarget.starts_on == target.starts_on,
            RevenueTarget.status == TargetStatus.approved)):
        apply_changes(earlier, {"status": TargetStatus.superseded})
    apply_changes(target, {"status": TargetStatus.approved, "decided_by": principal.user_id,
                           "decided_at": now_of(session), "note": note or target.note})


def _read(session: Session, client: Client, target: RevenueTarget,
          held: InForce | None = None, reps: list[Rep] | None = None) -> TargetRead:
    held = held or in_force_unscoped(session, [client.id])
    reps = reps if reps is not None else _reps(session, client)
    period = _period(client, target.starts_on)
    quota_sum = held.quota_sum(reps, period)
    fields = {name: getattr(target, name) for name in RevenueTarget.model_fields}
    return TargetRead.model_validate(fields | {
        "quota_sum": quota_sum, "warning": _warning(period, Decimal(target.amount), quota_sum)})


def _reps(session: Session, client: Client) -> list[Rep]:
    return list(session.exec(select(Rep).where(
        Rep.client_id == client.id, col(Rep.archived_at).is_(None),
        Rep.status != RepStatus.exited)))


def _warning(period: Period, target: Decimal, quota_sum: Decimal) -> str | None:
    if quota_sum >= target:
        return None
    return (f"The reps' quotas for {period_label(period)} sum to {quota_sum:.2f}, below the "
            f"target {target:.2f}.")


def _period(client: Client, day: date) -> Period:
    return period_containing(day, MeasurementPeriod(client.measurement_period))


def _check_period_start(client: Client, day: date, field: str, *,
                        location: str = "body") -> None:
    period = _period(client, day)
    if period.start != day:
        raise invalid_field(field, f"{field} must be the first day of one of the client's "
                                   f"{client.measurement_period}s, e.g. {period.start}.",
                            location=location)
