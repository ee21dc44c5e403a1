"""/api/v1/clients/{id}/comp-plans and /reps/{id}/earnings: variable compensation plans and
what a rep earns under theirs."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.models.practice.comp_plan import CompPlanCreate, CompPlanRead, CompPlanUpdate, Earnings
from app.openapi import READ, WRITE, Tag, problems
from app.routers.deps import AppRoute, Idempotent, IfMatch, PrincipalDep, SessionDep, with_etag
from app.services.practice import comp

router = APIRouter(route_class=AppRoute, tags=[Tag.compensation])


@router.post("/clients/{client_id}/comp-plans", name="plan_create",
             summary="Create a compensation plan", response_model=CompPlanRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def plan_create(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
                body: CompPlanCreate, response: Response):
    """Base and on-target variable pay per measurement period, the bands (threshold and
    accelerator), an optional gross-margin gate, effective dates and the reps on it (a rep
    is on one plan at a time: 409). Managers."""
    return with_etag(response, comp.create_plan(session, principal, client_id, body))


@router.get("/clients/{client_id}/comp-plans", name="plans_list",
            summary="A client's compensation plans", response_model=list[CompPlanRead],
            responses=READ)
def plans_list(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID):
    """The latest first. Managers and owners."""
    return comp.list_plans(session, principal, client_id)


@router.get("/comp-plans/{comp_plan_id}", name="plan_get", summary="Get a compensation plan",
            response_model=CompPlanRead, responses=READ)
def plan_get(session: SessionDep, principal: PrincipalDep, comp_plan_id: uuid.UUID,
             response: Response):
    """One plan, with its ETag."""
    return with_etag(response, comp.get_plan(session, principal, comp_plan_id))


@router.patch("/comp-plans/{comp_plan_id}", name="plan_update",
              summary="Rename or end a compensation plan", response_model=CompPlanRead,
              responses=WRITE)
def plan_update(session: SessionDep, principal: PrincipalDep, comp_plan_id: uuid.UUID,
                body: CompPlanUpdate, response: Response, if_match: IfMatch = None):
    """Its name, or the last day it is in effect (to start another)."""
    return with_etag(response, comp.update_plan(session, principal, comp_plan_id, body,
                                                if_match=if_match))


@router.get("/reps/{rep_id}/earnings", name="earnings", summary="A rep's earnings",
            response_model=Earnings, responses=READ | problems(409, 422))
def earnings(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID,
             period: Annotated[str | None, Query(max_length=16, description=(
                 "YYYY-MM or YYYY-Qn as the client measures; default: the current period."),
                 examples=["2026-12"])] = None):
    """The variable pay for the period under the rep's plan, from the deals won in it,
    exactly, with each deal's credit and contribution. A rep reads their own; the owner
    and the manager every rep's of the company."""
    return comp.earnings(session, principal, rep_id, period)
