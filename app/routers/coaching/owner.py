"""/api/v1/clients/{id}/owner-meetings and /decision-requests: the manager's meetings with
the owner, and the decisions asked of the owner."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.models.coaching.decision_request import (
    DecisionAnswer,
    DecisionRequestCreate,
    DecisionRequestRead,
)
from app.models.coaching.owner_meeting import OwnerMeetingCreate, OwnerMeetingRead
from app.openapi import READ, WRITE, Tag
from app.routers.deps import AppRoute, Idempotent, IfMatch, PrincipalDep, SessionDep
from app.services.coaching import owner

router = APIRouter(route_class=AppRoute, tags=[Tag.owner])


@router.post("/clients/{client_id}/owner-meetings", name="meeting_create",
             summary="Record a meeting with the owner", response_model=OwnerMeetingRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent],
             responses=WRITE)
def meeting_create(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
                   body: OwnerMeetingCreate):
    """Notes, decisions taken, and action items for the owner or the manager (listed with
    the other action items; the owner ticks off their own). Sent to `owner_meeting.created`
    subscribers. Managers."""
    return owner.create_meeting(session, principal, client_id, body)


@router.get("/clients/{client_id}/owner-meetings", name="meetings_list",
            summary="A client's meetings with the owner",
            response_model=list[OwnerMeetingRead], responses=READ)
def meetings_list(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID):
    """The latest 200, the latest first, each with its action items. Managers and owners."""
    return owner.list_meetings(session, principal, client_id)


@router.get("/owner-meetings/{owner_meeting_id}", name="meeting_get",
            summary="Get a meeting with the owner", response_model=OwnerMeetingRead,
            responses=READ)
def meeting_get(session: SessionDep, principal: PrincipalDep, owner_meeting_id: uuid.UUID):
    """One meeting with its action items."""
    return owner.get_meeting(session, principal, owner_meeting_id)


@router.post("/clients/{client_id}/decision-requests", name="decision_create",
             summary="Ask the owner for a decision", response_model=DecisionRequestRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent],
             responses=WRITE)
def decision_create(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
                    body: DecisionRequestCreate, response: Response):
    """The question, 2 to 10 options and the day it is needed by; open and overdue requests
    show in the report, and one unanswered 14 days past its day raises `owner_disengaged`.
    Sent to `decision.requested` subscribers. Managers."""
    return owner.request_decision(session, principal, client_id, body)


@router.get("/clients/{client_id}/decision-requests", name="decisions_list",
            summary="A client's decision requests", response_model=list[DecisionRequestRead],
            responses=READ)
def decisions_list(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
                   open: Annotated[bool, Query(description=(
                       "Only those not answered yet."))] = False):
    """By the day each is needed; the latest 200. Managers and owners."""
    return owner.list_requests(session, principal, client_id, open_only=open)


@router.post("/decision-requests/{decision_request_id}/answer", name="decision_answer",
             summary="Answer a decision request", response_model=DecisionRequestRead,
             responses=WRITE)
def decision_answer(session: SessionDep, principal: PrincipalDep,
                    decision_request_id: uuid.UUID, body: DecisionAnswer,
                    if_match: IfMatch = None):
    """The owner's choice, one of the options, with a note; once (409 after). Sent to
    `decision.answered` subscribers."""
    return owner.answer(session, principal, decision_request_id, body, if_match=if_match)
