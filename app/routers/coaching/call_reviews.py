"""/api/v1/reps/{id}/call-reviews and /skills: the manager's reviews of a rep's calls and
the trend of each selling skill."""

import uuid

from fastapi import APIRouter, status

from app.models.coaching.call_review import CallReviewCreate, CallReviewRead, SkillsTrend
from app.openapi import READ, WRITE, Tag
from app.routers.deps import AppRoute, Idempotent, PrincipalDep, SessionDep
from app.services.coaching import call_reviews

router = APIRouter(route_class=AppRoute, tags=[Tag.one_on_ones])


@router.post("/reps/{rep_id}/call-reviews", name="call_review_create",
             summary="Review a rep's call", response_model=CallReviewRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def create(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID,
           body: CallReviewCreate):
    """A ride-along, a recording or a joint call, before, on or after the call, with the
    skills seen rated 1-5 and notes; optionally on one of the rep's deals. Managers."""
    return call_reviews.record_review(session, principal, rep_id, body)


@router.get("/reps/{rep_id}/call-reviews", name="call_reviews_list",
            summary="A rep's call reviews", response_model=list[CallReviewRead],
            responses=READ)
def list_(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID):
    """The latest 200, the latest first. A rep reads their own; the owner the company's."""
    return call_reviews.list_reviews(session, principal, rep_id)


@router.get("/reps/{rep_id}/skills", name="skills", summary="A rep's skills trend",
            response_model=SkillsTrend, responses=READ)
def skills(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID):
    """Per skill rated in the rep's call reviews: how often, the average, and the last 3
    ratings against the 3 before (improving or declining by more than half a point)."""
    return call_reviews.skills_trend(session, principal, rep_id)
