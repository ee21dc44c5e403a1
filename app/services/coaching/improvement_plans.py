"""Improvement plans of reps: the manager opens one (30, 60 or 90 days, goals, a weekly
check-in day), the rep's status becomes `on_plan`; closing it says how it ended (met or
move_seat: the rep is active again; exit: the rep is exited). One open plan per rep (409).
The owner reads their company's plans, a rep their own. Weekly progress comes from
insights.plan_progress (the alarms judge by the same figures)."""

import uuid
from datetime import date, timedelta

from sqlmodel import Session

from app.core.clock import now_of, today_of
from app.core.sql import serialize_on
from app.core.versioning import apply_changes
from app.errors import Conflict, invalid_field
from app.models import Client, ImprovementPlan, Rep
from app.models.coaching.improvement_plan import (
    PlanClose,
    PlanCreate,
    PlanOutcome,
    PlanRead,
)
from app.models.enums import RepStatus
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import get_parent, get_scoped, scoped_select
from app.services.insights.plan_progress import plans_progress

LISTED = 100
STATUS_AFTER = {PlanOutcome.met: RepStatus.active, PlanOutcome.move_seat: RepStatus.active,
                PlanOutcome.exit: RepStatus.exited}


def open_plan(session: Session, principal: Principal, rep_id: uuid.UUID,
              data: PlanCreate) -> PlanRead:
    """Open a plan for a current rep (managers); the rep goes on_plan."""
    rep = get_parent(session, principal, Rep, rep_id, resource=Resource.improvement_plans,
                     action=Action.create)
    if rep.archived_at is not None or rep.status == RepStatus.exited:
        raise invalid_field("rep_id", "That rep is archived or exited; no plan for them.",
                            location="path")
    client = session.get(Client, rep.client_id)
    ends_on = data.starts_on + timedelta(days=data.length_days - 1)
    if ends_on < today_of(session, client.timezone):
        raise invalid_field("starts_on", f"A plan starting then would have ended on {ends_on}; "
                                         "start it later.")
    serialize_on(session, f"improvement-plan:{rep.id}")  # two opens at once: one wins
    if _open_plan_of(session, principal, rep.id) is not None:
        raise Conflict(f"{rep.full_name} has an open improvement plan already; close it first.")
    plan = ImprovementPlan(
        client_id=rep.client_id, rep_id=rep.id, starts_on=data.starts_on,
        length_days=data.length_days, ends_on=ends_on,
        goals=[g.model_dump(mode="json") for g in data.goals],
        check_in_weekday=int(data.check_in_weekday), note=data.note,
        created_by=principal.user_id)
    session.add(plan)
    apply_changes(rep, {"status": RepStatus.on_plan})
    session.flush()
    return read_plans(session, principal, [plan])[0]


def close_plan(session: Session, principal: Principal, plan_id: uuid.UUID,
               data: PlanClose) -> PlanRead:
    """Close an open plan with its outcome (managers); the rep's status follows it."""
    plan = get_scoped(session, principal, ImprovementPlan, plan_id,
                      resource=Resource.improvement_plans, action=Action.update,
                      for_update=True)
    if plan.closed_at is not None:
        raise Conflict(f"This improvement plan was closed on {plan.closed_on} already.")
    client = session.get(Client, plan.client_id)
    apply_changes(plan, {"outcome": data.outcome.value, "close_note": data.note,
                         "closed_on": today_of(session, client.timezone),
                         "closed_at": now_of(session), "closed_by": principal.user_id})
    rep = session.get(Rep, plan.rep_id)
    apply_changes(rep, {"status": STATUS_AFTER[data.outcome]})
    session.flush()
    return read_plans(session, principal, [plan])[0]


def list_plans(session: Session, principal: Principal, rep_id: uuid.UUID) -> list[PlanRead]:
    """A rep's plans, the newest start first (the first 100)."""
    rep = get_parent(session, principal, Rep, rep_id, resource=Resource.improvement_plans,
                     action=Action.list)
    plans = session.exec(scoped_select(principal, ImprovementPlan)
                         .where(ImprovementPlan.rep_id == rep.id)
                         .order_by(ImprovementPlan.starts_on.desc(),
                                   ImprovementPlan.created_at.desc())
                         .limit(LISTED)).all()
    return read_plans(session, principal, list(plans))


def get_plan(session: Session, principal: Principal, plan_id: uuid.UUID) -> PlanRead:
    plan = get_scoped(session, principal, ImprovementPlan, plan_id,
                      resource=Resource.improvement_plans, action=Action.read)
    return read_plans(session, principal, [plan])[0]


def read_plans(session: Session, principal: Principal,
               plans: list[ImprovementPlan]) -> list[PlanRead]:
    """The plans with their progress as of today in each client's zone."""
    today = {c: today_of(session, session.get(Client, c).timezone)
             for c in {p.client_id for p in plans}}
    progress = plans_progress(session, principal, plans, today)
    return [PlanRead(
        id=p.id, client_id=p.client_id, rep_id=p.rep_id, starts_on=p.starts_on,
        length_days=p.length_days, ends_on=p.ends_on, goals=p.goals,
        check_in_weekday=p.check_in_weekday,
        next_check_in=_next_check_in(p, today[p.client_id]), note=p.note,
        open=p.closed_at is None, outcome=p.outcome, close_note=p.close_note,
        closed_on=p.closed_on, closed_at=p.closed_at, closed_by=p.closed_by,
        created_by=p.created_by, created_at=p.created_at, progress=progress[p.id])
        for p in plans]


def _open_plan_of(session: Session, principal: Principal,
                  rep_id: uuid.UUID) -> ImprovementPlan | None:
    return session.exec(scoped_select(principal, ImprovementPlan).where(
        ImprovementPlan.rep_id == rep_id, ImprovementPlan.closed_at.is_(None))).first()


def _next_check_in(plan: ImprovementPlan, today: date) -> date | None:
    """The first check-in weekday on or after today (or the start), within the plan."""
    if plan.closed_at is not None:
        return None
    day = max(today, plan.starts_on)
    day += timedelta(days=(plan.check_in_weekday - day.weekday()) % 7)
    return day if day <= plan.ends_on else None
