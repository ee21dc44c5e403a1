"""The demo's meetings with the owners and the decisions asked of them: a meeting three
weeks ago per client with an item for each side, one decision answered and one open. At
Intelligence the owner's item is three weeks late (with 1 of 13 sales meetings attended,
the owner_disengaged alarm the manager sees there)."""

from datetime import date, timedelta

from sqlmodel import Session, select

from app.models import Client, OwnerMeeting, User
from app.models.coaching.decision_request import DecisionAnswer, DecisionRequestCreate
from app.models.coaching.owner_meeting import OwnerItemCreate, OwnerMeetingCreate
from app.models.enums import Assignee
from app.services.access.principal import principal_for_user
from app.services.coaching import owner

LATE = {"intelligence"}


def seed_owner_unscoped(session: Session, client: Client, manager: User, owner_user: User, *,
                        slug: str, today: date) -> int:
    """The meeting and two decision requests, once per client; how many records."""
    if session.exec(select(OwnerMeeting.id).where(OwnerMeeting.client_id == client.id)).first():
        return 0
    boss = principal_for_user(session, manager)
    held = today - timedelta(days=24)
    due = held + timedelta(days=3) if slug in LATE else today + timedelta(days=5)
    owner.create_meeting(session, boss, client.id, OwnerMeetingCreate(
        held_on=held, notes="Last period's report; hiring; pricing.",
        decisions=["Keep list prices until the new year"],
        action_items=[OwnerItemCreate(title="Approve the SDR job ad", assignee=Assignee.owner,
                                      due_on=due),
                      OwnerItemCreate(title="Send the SDR scorecard",
                                      assignee=Assignee.manager, due_on=held + timedelta(2))]))
    asked = owner.request_decision(session, boss, client.id, DecisionRequestCreate(
        question="Offer a 24-month term at 5 % off?", options=["Yes", "No"],
        needed_by=held + timedelta(days=7)))
    owner.answer(session, principal_for_user(session, owner_user), asked.id,
                 DecisionAnswer(choice="Yes", note="For new customers only."), if_match=None)
    owner.request_decision(session, boss, client.id, DecisionRequestCreate(
        question="Hire a second SDR for the new territory?",
        options=["Hire now", "Hire next quarter", "Not this year"],
        needed_by=today + timedelta(days=10)))
    return 3
