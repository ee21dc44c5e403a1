"""/api/v1/candidates: applicants, their status, checks, scorecards and summary."""

import uuid

from fastapi import APIRouter, Response, status

from app.models.enums import CandidateStatus
from app.models.hiring.candidate import (
    CandidateCreate,
    CandidateMoved,
    CandidateRead,
    CandidateUpdate,
    SocialMediaCheck,
)
from app.models.hiring.scorecard import ScorecardRead
from app.models.hiring.summary import CandidateSummary
from app.models.page import Page
from app.openapi import LIST, READ, WRITE, Tag
from app.routers.deps import (
    AppRoute,
    Idempotent,
    IfMatch,
    NoStore,
    PageDep,
    PrincipalDep,
    SessionDep,
    UTCTime,
    with_etag,
)
from app.services.hiring import candidates, scorecards
from app.services.hiring import summary as hiring_summary

router = APIRouter(route_class=AppRoute, prefix="/candidates", tags=[Tag.candidates])


@router.get("", name="list", summary="List candidates", response_model=Page[CandidateRead],
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep,
          client_id: uuid.UUID | None = None, status: CandidateStatus | None = None,
          updated_since: UTCTime | None = None):
    """The candidates of the caller's clients, newest first (reps: 403)."""
    return candidates.list_candidates(session, principal, page, client_id=client_id,
                                      status=status, updated_since=updated_since)


@router.post("", name="create", summary="Add a candidate", response_model=CandidateRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def create(session: SessionDep, principal: PrincipalDep, body: CandidateCreate,
           response: Response):
    """A new applicant for one of the caller's clients."""
    return with_etag(response, candidates.create_candidate(session, principal, body))


@router.get("/{candidate_id}", name="get", summary="Get a candidate",
            response_model=CandidateRead, responses=READ)
def get(session: SessionDep, principal: PrincipalDep, candidate_id: uuid.UUID,
        response: Response):
    """One candidate, with its ETag."""
    return with_etag(response, candidates.get_candidate(session, principal, candidate_id))


@router.patch("/{candidate_id}", name="update", summary="Update or move a candidate",
              response_model=CandidateMoved, responses=WRITE, dependencies=[NoStore])
def update(session: SessionDep, principal: PrincipalDep, candidate_id: uuid.UUID,
           body: CandidateUpdate, response: Response, if_match: IfMatch = None):
    """Edit, or move along applied → screening → interviewing → offer → hired (or rejected /
    withdrawn). Offer needs two interviewers' submitted scorecards, a social media check and
    no integrity red flag, unless a manager gives `override_reason`. Hired with
    `create_rep`: the rep, their onboarding plan and an invitation to their login (its token
    only in this answer)."""
    return with_etag(response, candidates.update_candidate(session, principal, candidate_id,
                                                           body, if_match=if_match))


@router.post("/{candidate_id}/social-media-check", name="social_media_check",
             summary="Record the social media check", response_model=CandidateRead,
             responses=WRITE)
def social_media_check(session: SessionDep, principal: PrincipalDep, candidate_id: uuid.UUID,
                       body: SocialMediaCheck, response: Response):
    """Mark the check done now, by the caller, with any concern and a note."""
    return with_etag(response, candidates.record_social_check(session, principal,
                                                              candidate_id, body))


@router.get("/{candidate_id}/scorecards", name="scorecards", summary="A candidate's scorecards",
            response_model=list[ScorecardRead], responses=READ)
def candidate_scorecards(session: SessionDep, principal: PrincipalDep, candidate_id: uuid.UUID):
    """Your own scorecard, and the others' submitted ones once yours is submitted."""
    return scorecards.list_for_candidate(session, principal, candidate_id)


@router.get("/{candidate_id}/summary", name="summary", summary="A candidate's hiring summary",
            response_model=CandidateSummary, responses=READ)
def summary(session: SessionDep, principal: PrincipalDep, candidate_id: uuid.UUID):
    """Ratings per competency across interviewers, integrity red flags, the social media
    check and the offer gate (403 while you still owe your own scorecard)."""
    candidate = candidates.get_candidate(session, principal, candidate_id)
    return hiring_summary.candidate_summary(session, principal, candidate)
