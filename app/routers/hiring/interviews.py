"""/api/v1/interviews: interviews, their question kits and scorecards."""

import uuid

from fastapi import APIRouter, Response, status

from app.models.hiring.interview import InterviewCreate, InterviewRead, Kit, KitRequest
from app.models.hiring.scorecard import AmendmentCreate, ScorecardDraft, ScorecardRead
from app.models.page import Page
from app.openapi import LIST, READ, WRITE, Tag
from app.routers.deps import AppRoute, Idempotent, PageDep, PrincipalDep, SessionDep, with_etag
from app.services.hiring import interviews, scorecards

router = APIRouter(route_class=AppRoute, prefix="/interviews", tags=[Tag.interviews])


@router.get("", name="list", summary="List interviews", response_model=Page[InterviewRead],
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep,
          candidate_id: uuid.UUID | None = None, interviewer_id: uuid.UUID | None = None):
    """The interviews of the caller's clients, newest first."""
    return interviews.list_interviews(session, principal, page, candidate_id=candidate_id,
                                      interviewer_id=interviewer_id)


@router.post("", name="create", summary="Schedule an interview", response_model=InterviewRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def create(session: SessionDep, principal: PrincipalDep, body: InterviewCreate,
           response: Response):
    """An interview of a candidate by a manager of the client or its owner."""
    return with_etag(response, interviews.schedule_interview(session, principal, body))


@router.get("/{interview_id}", name="get", summary="Get an interview",
            response_model=InterviewRead, responses=READ)
def get(session: SessionDep, principal: PrincipalDep, interview_id: uuid.UUID,
        response: Response):
    """One interview."""
    return with_etag(response, interviews.get_interview(session, principal, interview_id))


@router.post("/{interview_id}/kit", name="kit_build", summary="Build the question kit",
             response_model=Kit, responses=WRITE)
def kit_build(session: SessionDep, principal: PrincipalDep, interview_id: uuid.UUID,
              body: KitRequest):
    """Questions for the chosen competencies in interview order, integrity questions
    sprinkled through (never first, never two in a row, evenly apart), none repeated from
    the candidate's earlier interviews while the bank has others."""
    return interviews.build_interview_kit(session, principal, interview_id, body)


@router.get("/{interview_id}/kit", name="kit_get", summary="Get the question kit",
            response_model=Kit, responses=READ)
def kit_get(session: SessionDep, principal: PrincipalDep, interview_id: uuid.UUID):
    """The interview's questions in order (empty until built)."""
    return interviews.get_kit(session, principal, interview_id)


@router.get("/{interview_id}/scorecard", name="scorecard_get", summary="Get the scorecard",
            response_model=ScorecardRead, responses=READ)
def scorecard_get(session: SessionDep, principal: PrincipalDep, interview_id: uuid.UUID):
    """The interview's scorecard: your own draft, or a submitted one you may read."""
    return scorecards.get_own_scorecard(session, principal, interview_id)


@router.put("/{interview_id}/scorecard", name="scorecard_save", summary="Save the draft",
            response_model=ScorecardRead, responses=WRITE)
def scorecard_save(session: SessionDep, principal: PrincipalDep, interview_id: uuid.UUID,
                   body: ScorecardDraft):
    """The interviewer's draft: ratings per competency, notes and red flags per question,
    and a recommendation. Frozen once submitted (409)."""
    return scorecards.save_draft(session, principal, interview_id, body)


@router.post("/{interview_id}/scorecard/submit", name="scorecard_submit",
             summary="Submit the scorecard", response_model=ScorecardRead, responses=WRITE)
def scorecard_submit(session: SessionDep, principal: PrincipalDep, interview_id: uuid.UUID):
    """Submit after reassessing; the scorecard can't change afterwards."""
    return scorecards.submit(session, principal, interview_id)


@router.post("/{interview_id}/scorecard/amendments", name="scorecard_amend",
             summary="Amend a submitted scorecard", response_model=ScorecardRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def scorecard_amend(session: SessionDep, principal: PrincipalDep, interview_id: uuid.UUID,
                    body: AmendmentCreate):
    """Append a note, with who and when; the scorecard itself stays as submitted."""
    return scorecards.amend(session, principal, interview_id, body)
