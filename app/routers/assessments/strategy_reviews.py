"""/api/v1/clients/{id}/strategy-reviews and /api/v1/strategy-reviews: the six-monthly
assessment of a client's sales strategy and execution."""

import uuid

from fastapi import APIRouter, status

from app.models.assessments.strategy_review import (
    QuestionList,
    StrategyReviewCreate,
    StrategyReviewRead,
)
from app.models.page import Page
from app.openapi import READ, Tag, problems
from app.routers.deps import AppRoute, Idempotent, PageDep, PrincipalDep, SessionDep
from app.services.assessments import strategy_reviews

router = APIRouter(route_class=AppRoute, tags=[Tag.strategy_reviews])


@router.get("/strategy-reviews/questions", name="questions", summary="The review's questions",
            response_model=QuestionList, responses=problems(401, 403))
def questions(principal: PrincipalDep):
    """The fixed questions, by section: execution (3), supporting people and systems (6),
    strategy (3); answer each with its code and a score from 1 to 5."""
    return strategy_reviews.question_list(principal)


@router.post("/clients/{client_id}/strategy-reviews", name="create",
             summary="Record a strategy review", response_model=StrategyReviewRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent],
             responses=problems(401, 403, 404, 409, 422))
def create(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
           body: StrategyReviewCreate):
    """Scores 1-5 per question (each at most once); answers the section averages, the overall
    score and the change since the client's previous review. One review per client and day
    (409 for a second); managers only."""
    return strategy_reviews.create_review(session, principal, client_id, body)


@router.get("/clients/{client_id}/strategy-reviews", name="list",
            summary="A client's strategy reviews", response_model=Page[StrategyReviewRead],
            responses=READ | problems(422))
def list_(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID, page: PageDep):
    """The client's reviews, the latest held first, each with its change since the one before
    (managers and owners)."""
    return strategy_reviews.list_reviews(session, principal, client_id, page)


@router.get("/strategy-reviews/{review_id}", name="get", summary="Get a strategy review",
            response_model=StrategyReviewRead, responses=READ)
def get(session: SessionDep, principal: PrincipalDep, review_id: uuid.UUID):
    """One review with its scores and the change since the review before it."""
    return strategy_reviews.get_review(session, principal, review_id)
