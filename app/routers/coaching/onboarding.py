"""/api/v1/clients/{id}/onboarding-template and /api/v1/reps/{id}/onboarding: each client's
onboarding template and a new rep's plan (its tasks are action items)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from app.models.coaching.onboarding import (
    OnboardingPlanCreate,
    OnboardingPlanRead,
    OnboardingTemplatePut,
    OnboardingTemplateRead,
)
from app.openapi import READ, WRITE, Tag
from app.routers.deps import (
    AppRoute,
    Idempotent,
    IfMatch,
    PrincipalDep,
    SessionDep,
    with_etag,
)
from app.services.coaching import onboarding

router = APIRouter(route_class=AppRoute, tags=[Tag.onboarding])

ClientId = Annotated[uuid.UUID, Path(description="The client company's id.")]
RepId = Annotated[uuid.UUID, Path(description="The rep's id.")]


def _tagged(response: Response, template: OnboardingTemplateRead) -> OnboardingTemplateRead:
    return with_etag(response, template) if template.id is not None else template


@router.get("/clients/{client_id}/onboarding-template", name="template_get",
            summary="Get a client's onboarding template", response_model=OnboardingTemplateRead,
            responses=READ)
def get_template(session: SessionDep, principal: PrincipalDep, client_id: ClientId,
                 response: Response):
    """The client's tasks for a new rep (day after the start, who does it), or the default
    (`is_default: true`) until it has its own; with its ETag once stored (reps: 403)."""
    return _tagged(response, onboarding.get_template(session, principal, client_id))


@router.put("/clients/{client_id}/onboarding-template", name="template_put",
            summary="Replace a client's onboarding template",
            response_model=OnboardingTemplateRead, responses=WRITE)
def put_template(session: SessionDep, principal: PrincipalDep, client_id: ClientId,
                 body: OnboardingTemplatePut, response: Response, if_match: IfMatch = None):
    """The whole list of tasks (1-50; `due_day` 0-365; assignee rep, manager or owner), by
    the manager or the owner. Plans made before keep their tasks."""
    return _tagged(response, onboarding.put_template(session, principal, client_id, body,
                                                     if_match=if_match))


@router.post("/reps/{rep_id}/onboarding", name="plan_create",
             summary="Start a rep's onboarding plan", response_model=OnboardingPlanRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def create_plan(session: SessionDep, principal: PrincipalDep, rep_id: RepId,
                body: OnboardingPlanCreate):
    """The client's template as the rep's action items, each due `due_day` days after
    `starts_on` (default: the hire date, else today); once per rep (409)."""
    return onboarding.create_plan(session, principal, rep_id, body)


@router.get("/reps/{rep_id}/onboarding", name="plan_get", summary="Get a rep's onboarding plan",
            response_model=OnboardingPlanRead, responses=READ)
def get_plan(session: SessionDep, principal: PrincipalDep, rep_id: RepId):
    """The plan's tasks by due day and its progress (done of total, overdue); a rep reads
    their own. Tick tasks off with PATCH /action-items/{id}."""
    return onboarding.get_plan(session, principal, rep_id)
