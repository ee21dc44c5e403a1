"""Compensation plans and what a rep earns under theirs in a period.

The variable pay of a period: the deals the rep won in it (closed_on in the period) are
credited at their amount, or at the plan's reduced rate when their gross margin is under
the plan's gate; attainment = credit / the rep's quota for the period (the dated quota in
force then, ramped); the payout rate is nothing under
the threshold (50 %), the attainment itself from there to 100 %, and above 100 % each
point pays `accelerator` points (1.5: 120 % pays 130 %). Exact in Decimal; each deal's
contribution is its share of the pay by credit, rounded so the shares add up to the cent."""

import uuid
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session, col, or_, select

from app.core.clock import today_of
from app.core.periods import Period, parse_period_field, period_containing, period_label
from app.core.versioning import apply_changes
from app.errors import Conflict, NotFound, invalid_field
from app.models import Client, CompPlan, CompPlanRep, Deal, Rep
from app.models.enums import MeasurementPeriod, Stage
from app.models.practice.comp_plan import CompPlanCreate, CompPlanUpdate, DealEarning, Earnings
from app.services.access.policy import Action, Resource, requested_changes
from app.services.access.principal import Principal
from app.services.access.scope import get_parent, get_scoped, scoped_select
from app.services.practice.in_force import in_force_unscoped

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def create_plan(session: Session, principal: Principal, client_id: uuid.UUID,
                data: CompPlanCreate) -> CompPlan:
    client = get_parent(session, principal, Client, client_id, resource=Resource.comp_plans,
                        action=Action.create)
    _check_reps(session, principal, client.id, data.rep_ids)
    _no_overlap(session, data.rep_ids, data.effective_from, data.effective_to)
    plan = CompPlan(client_id=client.id, **data.model_dump(exclude={"rep_ids"}))
    plan.rep_ids = data.rep_ids
    session.add(plan)
    session.flush()
    return plan


def list_plans(session: Session, principal: Principal, client_id: uuid.UUID) -> list[CompPlan]:
    client = get_parent(session, principal, Client, client_id, resource=Resource.comp_plans,
                        action=Action.list)
    return list(session.exec(scoped_select(principal, CompPlan)
                             .where(CompPlan.client_id == client.id)
                             .order_by(col(CompPlan.effective_from).desc(), CompPlan.id)))


def get_plan(session: Session, principal: Principal, plan_id: uuid.UUID) -> CompPlan:
    return get_scoped(session, principal, CompPlan, plan_id, resource=Resource.comp_plans,
                      action=Action.read)


def update_plan(session: Session, principal: Principal, plan_id: uuid.UUID,
                data: CompPlanUpdate, *, if_match: str | None) -> CompPlan:
    plan = get_scoped(session, principal, CompPlan, plan_id, resource=Resource.comp_plans,
                      action=Action.update, for_update=True)
    changes = requested_changes(principal, Resource.comp_plans, plan, data, if_match=if_match,
                                nullable=frozenset({"effective_to"}))
    end = changes.get("effective_to", plan.effective_to)
    if end is not None and end < plan.effective_from:
        raise invalid_field("effective_to", "effective_to must not be before effective_from.")
    apply_changes(plan, changes)
    session.flush()
    return plan


def earnings(session: Session, principal: Principal, rep_id: uuid.UUID,
             label: str | None) -> Earnings:
    """A rep's variable pay for a period (default: the current one), deal by deal."""
    rep = get_scoped(session, principal, Rep, rep_id, resource=Resource.earnings,
                     action=Action.read)
    client = session.get(Client, rep.client_id)
    period = _period(session, client, label)
    plan = _plan_of(session, rep, period)
    quota = in_force_unscoped(session, [client.id]).quota(rep, period)
    if quota <= 0:
        raise Conflict(f"{rep.full_name} has no quota for {period_label(period)} (none set, "
                       "or the first month of their ramp): earnings need one.")
    deals = session.exec(scoped_select(principal, Deal).where(
        Deal.rep_id == rep.id, Deal.stage == Stage.closed_won.value,
        Deal.closed_on >= period.start, Deal.closed_on <= period.end)
        .order_by(Deal.closed_on, Deal.created_at, Deal.id)).all()
    credits = [credit(d.amount, d.gross_margin_pct, plan) for d in deals]
    credited = sum(credits, Decimal(0))
    attainment = credited / quota
    rate = payout_rate(attainment, plan)
    variable = (Decimal(plan.on_target_variable) * rate).quantize(CENT, ROUND_HALF_UP)
    shares = split(variable, credits)
    return Earnings(
        rep_id=rep.id, period=period_label(period), period_start=period.start,
        period_end=period.end, comp_plan_id=plan.id, quota=quota, credited=credited,
        attainment=attainment.quantize(Decimal("0.0001"), ROUND_HALF_UP),
        payout_rate=rate.quantize(Decimal("0.0001"), ROUND_HALF_UP),
        on_target_variable=plan.on_target_variable, variable_pay=variable,
        base_pay=plan.base_pay,
        deals=[DealEarning(deal_id=d.id, name=d.name, closed_on=d.closed_on, amount=d.amount,
                           gross_margin_pct=d.gross_margin_pct, credited=c, contribution=s)
               for d, c, s in zip(deals, credits, shares, strict=True)])


def credit(amount: Decimal, margin_pct: Decimal | None, plan: CompPlan) -> Decimal:
    """What a won deal counts toward attainment: all of it, unless the plan gates on margin
    and the deal's is known and under the floor."""
    floor = plan.margin_floor_pct
    if floor is None or margin_pct is None or Decimal(margin_pct) >= Decimal(floor):
        return Decimal(amount)
    return (Decimal(amount) * Decimal(plan.below_margin_rate_pct) / HUNDRED).quantize(
        CENT, ROUND_HALF_UP)


def payout_rate(attainment: Decimal, plan: CompPlan) -> Decimal:
    if attainment * HUNDRED < Decimal(plan.threshold_pct):
        return Decimal(0)
    if attainment <= 1:
        return attainment
    return 1 + Decimal(plan.accelerator) * (attainment - 1)


def split(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`total` in cents, pro rata to `weights`, the leftover cents to the largest
    remainders: the parts add up to `total` exactly."""
    whole = sum(weights, Decimal(0))
    if not weights or whole == 0:
        return [Decimal("0.00")] * len(weights)
    cents = int(total / CENT)
    exact = [Decimal(cents) * w / whole for w in weights]
    parts = [int(e) for e in exact]
    order = sorted(range(len(weights)), key=lambda i: (exact[i] - parts[i], -i), reverse=True)
    for i in order[:cents - sum(parts)]:
        parts[i] += 1
    return [Decimal(p) * CENT for p in parts]


def _period(session: Session, client: Client, label: str | None) -> Period:
    kind = MeasurementPeriod(client.measurement_period)
    if label is None:
        return period_containing(today_of(session, client.timezone), kind)
    return parse_period_field(label, kind, location="query")


def _plan_of(session: Session, rep: Rep, period: Period) -> CompPlan:
    """The plan the rep is on at the period's start (or, if none then, the first one that
    begins within it)."""
    plans = session.exec(_effective(select(CompPlan).join(CompPlanRep).where(
        CompPlanRep.rep_id == rep.id), period.start, period.end)
        .order_by(CompPlan.effective_from)).all()
    if not plans:
        raise NotFound(f"{rep.full_name} is on no compensation plan in {period_label(period)}.")
    started = [p for p in plans if p.effective_from <= period.start]
    return started[-1] if started else plans[0]


def _effective(stmt, start: date, end: date | None):
    """Plans in effect some time from `start` to `end` (open: from `start` on)."""
    stmt = stmt.where(or_(col(CompPlan.effective_to).is_(None), CompPlan.effective_to >= start))
    return stmt if end is None else stmt.where(CompPlan.effective_from <= end)


def _check_reps(session: Session, principal: Principal, client_id: uuid.UUID,
                rep_ids: list[uuid.UUID]) -> None:
    found = set(session.exec(scoped_select(principal, Rep).with_only_columns(Rep.id)
                             .where(col(Rep.id).in_(rep_ids), Rep.client_id == client_id)))
    missing = [str(r) for r in rep_ids if r not in found]
    if missing:
        raise invalid_field("rep_ids", "Not reps of this client: " + ", ".join(missing) + ".")


def _no_overlap(session: Session, rep_ids: list[uuid.UUID], start: date,
                end: date | None) -> None:
    """A rep is on one plan at a time."""
    if not rep_ids:
        return
    clash = session.exec(_effective(select(CompPlanRep.rep_id).join(CompPlan).where(
        col(CompPlanRep.rep_id).in_(rep_ids)), start, end)).first()
    if clash is not None:
        raise Conflict(f"Rep {clash} is on another plan in effect in those dates: end that "
                       "plan first (effective_to).")
