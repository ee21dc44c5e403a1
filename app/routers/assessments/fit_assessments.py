"""/api/v1/clients/{id}/fit-assessments and /api/v1/fit-assessments/{id}: is a fractional
manager right for this company?"""

import uuid

from fastapi import APIRouter, status

from app.models.assessments.fit_assessment import FitAssessmentCreate, FitAssessmentRead
from app.models.page import Page
from app.openapi import READ, Tag, problems
from app.routers.deps import AppRoute, Idempotent, PageDep, PrincipalDep, SessionDep
from app.services.assessments import fit_assessments

router = APIRouter(route_class=AppRoute, tags=[Tag.fit_assessments])


@router.post("/clients/{client_id}/fit-assessments", name="create",
             summary="Assess a client's fit", response_model=FitAssessmentRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent],
             responses=problems(401, 403, 404, 422))
def create(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
           body: FitAssessmentCreate):
    """Answer the nine criteria yes or no; get the score (met of 9) and each risk in words.
    A team of 2 or more counts only when the client also has 2 active reps on record."""
    return fit_assessments.create_fit_assessment(session, principal, client_id, body)


@router.get("/clients/{client_id}/fit-assessments", name="list",
            summary="A client's fit assessments", response_model=Page[FitAssessmentRead],
            responses=READ | problems(422))
def list_(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID, page: PageDep):
    """Every fit assessment of the client, newest first (managers and owners)."""
    return fit_assessments.list_fit_assessments(session, principal, client_id, page)


@router.get("/fit-assessments/{assessment_id}", name="get", summary="Get a fit assessment",
            response_model=FitAssessmentRead, responses=READ)
def get(session: SessionDep, principal: PrincipalDep, assessment_id: uuid.UUID):
    """One fit assessment with its score and risks."""
    return fit_assessments.get_fit_assessment(session, principal, assessment_id)
