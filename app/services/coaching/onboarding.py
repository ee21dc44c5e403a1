"""Onboarding of new reps: each client's template of tasks (or the default one), and a rep's
plan made from it once, its tasks action items due so many days after the start, ticked off
like any other action item; the plan answers its progress."""

import uuid
from datetime import date, timedelta

from sqlmodel import Session, col

from app.core.clock import today_of
from app.core.versioning import apply_changes, check_if_match
from app.errors import Conflict, NotFound
from app.models import ActionItem, Client, OnboardingPlan, OnboardingTemplate, Rep
from app.models.coaching.onboarding import (
    OnboardingPlanCreate,
    OnboardingPlanRead,
    OnboardingProgress,
    OnboardingTask,
    OnboardingTemplatePut,
    OnboardingTemplateRead,
)
from app.models.enums import Assignee
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.scope import get_parent, scoped_select
from app.services.coaching.action_items import read_items

A = Assignee
DEFAULT_TASKS = [OnboardingTask(title=title, due_day=day, assignee=who) for title, day, who in (
    ("Product training", 1, A.owner), ("CRM and tools set-up", 1, A.manager),
    ("Shadow two calls", 3, A.rep), ("First one-on-one", 5, A.manager),
    ("First joint call", 10, A.rep), ("30-day review", 30, A.manager))]


# --- templates --------------------------------------------------------------------------------

def get_template(session: Session, principal: Principal,
                 client_id: uuid.UUID) -> OnboardingTemplateRead:
    """The client's template, or the default while it has none of its own."""
    client = get_parent(session, principal, Client, client_id,
                        resource=Resource.onboarding_templates, action=Action.read)
    return _read_template(client.id, _stored(session, principal, client.id))


def put_template(session: Session, principal: Principal, client_id: uuid.UUID,
                 data: OnboardingTemplatePut, *, if_match: str | None) -> OnboardingTemplateRead:
    """Replace the client's template (the manager or the owner); plans made before keep
    their tasks."""
    client = get_parent(session, principal, Client, client_id,
                        resource=Resource.onboarding_templates, action=Action.update)
    stored = _stored(session, principal, client.id, for_update=True)
    tasks = [task.model_dump(mode="json") for task in data.tasks]
    if stored is None:
        stored = OnboardingTemplate(client_id=client.id, tasks=tasks,
                                    updated_by=principal.user_id)
        session.add(stored)
    else:
        check_if_match(stored, if_match)
        apply_changes(stored, {"tasks": tasks, "updated_by": principal.user_id})
    session.flush()
    return _read_template(client.id, stored)


def _stored(session: Session, principal: Principal, client_id: uuid.UUID, *,
            for_update: bool = False) -> OnboardingTemplate | None:
    stmt = scoped_select(principal, OnboardingTemplate).where(
        OnboardingTemplate.client_id == client_id)
    return session.exec(stmt.with_for_update() if for_update else stmt).first()


def _read_template(client_id: uuid.UUID,
                   stored: OnboardingTemplate | None) -> OnboardingTemplateRead:
    if stored is None:
        return OnboardingTemplateRead(client_id=client_id, tasks=DEFAULT_TASKS, is_default=True)
    return OnboardingTemplateRead(id=stored.id, client_id=client_id, tasks=stored.tasks,
                                  is_default=False, updated_at=stored.updated_at,
                                  version=stored.version)


# --- plans ------------------------------------------------------------------------------------

def create_plan(session: Session, principal: Principal, rep_id: uuid.UUID,
                data: OnboardingPlanCreate) -> OnboardingPlanRead:
    """A rep's plan from the client's template, once per rep (409 the second time)."""
    rep = get_parent(session, principal, Rep, rep_id, resource=Resource.onboarding_plans,
                     action=Action.create)
    plan = start_plan(session, principal, rep, starts_on=data.starts_on)
    return read_plan(session, principal, plan)


def start_plan(session: Session, principal: Principal, rep: Rep, *,
               starts_on: date | None = None) -> OnboardingPlan:
    """Make the rep's plan (also when a candidate is hired): day 0 is `starts_on`, else the
    rep's hire date, else today in the client's time zone."""
    authorize(principal, Resource.onboarding_plans, Action.create)
    if rep.archived_at is not None:
        raise Conflict("That rep is archived; restore them first.")
    if _plan_of(session, principal, rep.id, for_update=True) is not None:
        raise Conflict("That rep has an onboarding plan already.")
    client = session.get(Client, rep.client_id)
    start = starts_on or rep.hire_date or today_of(session, client.timezone)
    stored = _stored(session, principal, client.id)
    tasks = (DEFAULT_TASKS if stored is None
             else [OnboardingTask.model_validate(t) for t in stored.tasks])
    plan = OnboardingPlan(client_id=client.id, rep_id=rep.id, starts_on=start,
                          created_by=principal.user_id)
    session.add(plan)
    session.flush()
    session.add_all([ActionItem(client_id=client.id, rep_id=rep.id, onboarding_plan_id=plan.id,
                                title=task.title, assignee=task.assignee,
                                due_on=start + timedelta(days=task.due_day))
                     for task in tasks])
    session.flush()
    return plan


def get_plan(session: Session, principal: Principal, rep_id: uuid.UUID) -> OnboardingPlanRead:
    """The rep's plan with its tasks and progress (a rep: their own)."""
    rep = get_parent(session, principal, Rep, rep_id, resource=Resource.onboarding_plans,
                     action=Action.read)
    plan = _plan_of(session, principal, rep.id)
    if plan is None:
        raise NotFound(f"The rep {rep.id} has no onboarding plan.")
    return read_plan(session, principal, plan)


def read_plan(session: Session, principal: Principal, plan: OnboardingPlan) -> OnboardingPlanRead:
    """The plan, its tasks by due day, and how far along it is."""
    items = read_items(session, list(session.exec(
        scoped_select(principal, ActionItem).where(ActionItem.onboarding_plan_id == plan.id)
        .order_by(col(ActionItem.due_on), col(ActionItem.title), col(ActionItem.id))).all()))
    progress = OnboardingProgress(done=sum(i.done for i in items), total=len(items),
                                  overdue=sum(i.overdue for i in items))
    return OnboardingPlanRead(id=plan.id, client_id=plan.client_id, rep_id=plan.rep_id,
                              starts_on=plan.starts_on, created_by=plan.created_by,
                              created_at=plan.created_at, progress=progress, items=items)


def _plan_of(session: Session, principal: Principal, rep_id: uuid.UUID, *,
             for_update: bool = False) -> OnboardingPlan | None:
    stmt = scoped_select(principal, OnboardingPlan).where(OnboardingPlan.rep_id == rep_id)
    return session.exec(stmt.with_for_update() if for_update else stmt).first()
