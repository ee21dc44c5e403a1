"""The manager and the owner: meetings to stay in sync (with the owner's and the manager's
action items) and the decisions the manager asks of the owner. The owner reads both, ticks
off their own items and answers the requests; reps see none of it."""

import uuid

from sqlmodel import Session, col, select

from app.core.changes import Change, record
from app.core.clock import now_of, today_of
from app.core.versioning import apply_changes, check_if_match
from app.errors import Conflict, invalid_field
from app.models import ActionItem, Client, DecisionRequest, OwnerMeeting
from app.models.coaching.decision_request import (
    DecisionAnswer,
    DecisionRequestCreate,
    DecisionRequestRead,
)
from app.models.coaching.owner_meeting import OwnerMeetingCreate, OwnerMeetingRead
from app.models.enums import Assignee
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.rules import check_decision_answerer
from app.services.access.scope import get_parent, get_scoped, scoped_select
from app.services.coaching.action_items import read_items

LISTED = 200  # the latest meetings or requests a list shows


def create_meeting(session: Session, principal: Principal, client_id: uuid.UUID,
                   data: OwnerMeetingCreate) -> OwnerMeetingRead:
    client = get_parent(session, principal, Client, client_id,
                        resource=Resource.owner_meetings, action=Action.create)
    if any(item.assignee is Assignee.rep for item in data.action_items):
        raise invalid_field("action_items", "An owner meeting's items go to the owner or the "
                                            "manager.")
    meeting = OwnerMeeting(client_id=client.id, held_on=data.held_on, notes=data.notes,
                           decisions=data.decisions, created_by=principal.user_id)
    session.add(meeting)
    session.flush()
    session.add_all([ActionItem(client_id=client.id, owner_meeting_id=meeting.id,
                                **item.model_dump()) for item in data.action_items])
    session.flush()
    read = read_meeting(session, meeting)
    record(session, Change("owner_meeting", client.id, None, read.model_dump(mode="json")))
    return read


def list_meetings(session: Session, principal: Principal,
                  client_id: uuid.UUID) -> list[OwnerMeetingRead]:
    client = get_parent(session, principal, Client, client_id,
                        resource=Resource.owner_meetings, action=Action.list)
    found = session.exec(scoped_select(principal, OwnerMeeting)
                         .where(OwnerMeeting.client_id == client.id)
                         .order_by(col(OwnerMeeting.held_on).desc(), OwnerMeeting.id)
                         .limit(LISTED)).all()
    return [read_meeting(session, m) for m in found]


def get_meeting(session: Session, principal: Principal,
                meeting_id: uuid.UUID) -> OwnerMeetingRead:
    meeting = get_scoped(session, principal, OwnerMeeting, meeting_id,
                         resource=Resource.owner_meetings, action=Action.read)
    return read_meeting(session, meeting)


def read_meeting(session: Session, meeting: OwnerMeeting) -> OwnerMeetingRead:
    """The meeting with its items (read through the meeting, which the caller may see)."""
    items = session.exec(select(ActionItem).where(ActionItem.owner_meeting_id == meeting.id)
                         .order_by(ActionItem.created_at, ActionItem.id)).all()
    return OwnerMeetingRead(**meeting.model_dump(), action_items=read_items(session,
                                                                            list(items)))


def request_decision(session: Session, principal: Principal, client_id: uuid.UUID,
                     data: DecisionRequestCreate) -> DecisionRequestRead:
    client = get_parent(session, principal, Client, client_id,
                        resource=Resource.decision_requests, action=Action.create)
    request = DecisionRequest(client_id=client.id, created_by=principal.user_id,
                              **data.model_dump())
    session.add(request)
    session.flush()
    read = read_request(session, request)
    record(session, Change("decision_request", client.id, None, read.model_dump(mode="json")))
    return read


def list_requests(session: Session, principal: Principal, client_id: uuid.UUID, *,
                  open_only: bool) -> list[DecisionRequestRead]:
    client = get_parent(session, principal, Client, client_id,
                        resource=Resource.decision_requests, action=Action.list)
    stmt = scoped_select(principal, DecisionRequest).where(
        DecisionRequest.client_id == client.id)
    if open_only:
        stmt = stmt.where(col(DecisionRequest.answered_at).is_(None))
    found = session.exec(stmt.order_by(DecisionRequest.needed_by, DecisionRequest.id)
                         .limit(LISTED)).all()
    return [read_request(session, r) for r in found]


def answer(session: Session, principal: Principal, request_id: uuid.UUID,
           data: DecisionAnswer, *, if_match: str | None) -> DecisionRequestRead:
    """The owner's choice among the options, once."""
    request = get_scoped(session, principal, DecisionRequest, request_id,
                         resource=Resource.decision_requests, action=Action.update,
                         for_update=True)
    check_decision_answerer(principal)
    check_if_match(request, if_match)
    if request.answered_at is not None:
        raise Conflict("This decision is answered already.")
    if data.choice not in request.options:
        raise invalid_field("choice", "The choice must be one of the options: "
                                      + ", ".join(request.options) + ".")
    before = read_request(session, request).model_dump(mode="json")
    apply_changes(request, {"choice": data.choice, "note": data.note,
                            "answered_at": now_of(session), "answered_by": principal.user_id})
    session.flush()
    read = read_request(session, request)
    record(session, Change("decision_request", request.client_id, None,
                           read.model_dump(mode="json"), before=before))
    return read


def read_request(session: Session, request: DecisionRequest) -> DecisionRequestRead:
    today = today_of(session, session.get(Client, request.client_id).timezone)
    return DecisionRequestRead(**request.model_dump(),
                               overdue=request.answered_at is None and request.needed_by < today)
