"""The demo's onboarding (Acme only): its own template (the default and a prospect list on
day 14), the newest rep's plan started twelve days ago with every task due so far done, and
a pending invitation of a co-owner (its token is thrown away)."""

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from app.core.clock import now_of
from app.models import (
    ActionItem,
    Client,
    Invitation,
    OnboardingPlan,
    OnboardingTemplate,
    Rep,
    User,
)
from app.models.enums import Assignee, Role
from app.security import new_opaque_token, token_digest
from app.services.coaching.onboarding import DEFAULT_TASKS
from app.services.identity.invitations import EXPIRES_AFTER

PLAN_STARTED_DAYS_AGO = 12
CO_OWNER = "partner@acme.demo.example"
EXTRA_TASK = {"title": "Build a 30-day prospect list", "due_day": 14, "assignee": "rep"}


def seed_onboarding_unscoped(session: Session, client: Client, reps: list[Rep], manager: User,
                             owner: User, *, slug: str, today: date) -> int:
    """The template, the plan and the invitation, each unless there already; how many made."""
    if slug != "acme" or not reps:
        return 0
    made = 0
    template = session.exec(select(OnboardingTemplate)
                            .where(OnboardingTemplate.client_id == client.id)).first()
    if template is None:
        tasks = [t.model_dump(mode="json") for t in DEFAULT_TASKS] + [EXTRA_TASK]
        template = OnboardingTemplate(client_id=client.id, tasks=tasks, updated_by=manager.id)
        session.add(template)
        made += 1
    newest = max(reps, key=lambda r: (r.hire_date or date.min, r.full_name))
    if session.exec(select(OnboardingPlan.id).where(OnboardingPlan.rep_id == newest.id)).first():
        return made + _invite(session, client, manager)
    start = today - timedelta(days=PLAN_STARTED_DAYS_AGO)
    plan = OnboardingPlan(client_id=client.id, rep_id=newest.id, starts_on=start,
                          created_by=manager.id)
    session.add(plan)
    session.flush()
    doers = {Assignee.rep: newest.user_id, Assignee.manager: manager.id,
             Assignee.owner: owner.id}
    for task in template.tasks:
        due = start + timedelta(days=task["due_day"])
        done = due < today
        session.add(ActionItem(
            client_id=client.id, rep_id=newest.id, onboarding_plan_id=plan.id,
            title=task["title"], assignee=task["assignee"], due_on=due, done=done,
            done_at=datetime.combine(due, time(17), tzinfo=UTC) if done else None,
            done_by=doers[Assignee(task["assignee"])] if done else None))
    session.flush()
    return made + 1 + _invite(session, client, manager)


def _invite(session: Session, client: Client, manager: User) -> int:
    if session.exec(select(Invitation.id).where(Invitation.email == CO_OWNER)).first():
        return 0
    session.add(Invitation(email=CO_OWNER, role=Role.owner, client_id=client.id,
                           full_name="Paula Partner", token_hash=token_digest(new_opaque_token()),
                           expires_at=now_of(session) + EXPIRES_AFTER, invited_by=manager.id))
    session.flush()
    return 1
