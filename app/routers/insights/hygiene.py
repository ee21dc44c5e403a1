"""/api/v1/clients/{id}/hygiene and /api/v1/clients/{id}/funnel."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.models.base import Day
from app.models.insights.hygiene import Funnel, Hygiene
from app.openapi import READ, Tag, problems
from app.routers.deps import AppRoute, PrincipalDep, SessionDep
from app.services.insights import funnel as funnel_service
from app.services.insights import hygiene as hygiene_service

router = APIRouter(route_class=AppRoute, tags=[Tag.kpis])


@router.get("/clients/{client_id}/hygiene", name="hygiene", summary="CRM hygiene per rep",
            response_model=Hygiene, responses=READ)
def hygiene(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID):
    """Per rep, the open deals with no next step, a next step overdue, an expected close
    gone by, no change for 14 days, or on an account another rep works too; the score is
    the share of clean open deals (`crm_hygiene_low` under the client's floor, 80 %).
    Managers and owners."""
    return hygiene_service.hygiene(session, principal, client_id)


@router.get("/clients/{client_id}/funnel", name="funnel", summary="The funnel of a cohort",
            response_model=Funnel, response_model_by_alias=True,
            responses=READ | problems(422))
def funnel(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
           from_: Annotated[Day | None, Query(alias="from", description=(
               "First day deals were opened (default: 180 days before `to`)."))] = None,
           to: Annotated[Day | None, Query(description="Last day (default: today).")] = None):
    """Of the deals opened between `from` and `to`, as they stand now: phase-to-phase
    conversion (and negotiation to won), median days in each phase, time to quote (opened
    to proposal sent), loss reasons by count and value, and win rate and average won deal by
    kind and by lead source. Managers and owners."""
    return funnel_service.funnel(session, principal, client_id, start=from_, end=to)
