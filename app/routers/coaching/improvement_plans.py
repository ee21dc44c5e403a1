"""/api/v1/reps/{id}/improvement-plans and /api/v1/improvement-plans/{id}: a rep's
improvement plan with its weekly progress, and how it ended."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, status

from app.models.coaching.improvement_plan import PlanClose, PlanCreate, PlanRead
from app.openapi import READ, WRITE, Tag, problems
from app.routers.deps import AppRoute, Idempotent, PrincipalDep, SessionDep
from app.services.coaching import improvement_plans

router = APIRouter(route_class=AppRoute, tags=[Tag.one_on_ones])
RepId = Annotated[uuid.UUID, Path(description="The rep the plan is for.")]
PlanId = Annotated[uuid.UUID, Path(description="The improvement plan.")]


@router.post("/reps/{rep_id}/improvement-plans", name="improvement_plan_create",
             summary="Put a rep on an improvement plan", response_model=PlanRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def create(session: SessionDep, principal: PrincipalDep, rep_id: RepId, body: PlanCreate):
    """30, 60 or 90 days from `starts_on`, goals per week (calls_meetings, proposals,
    prospecting_hours) or over the plan (revenue_won), and the weekly check-in day (0 =
    Monday). The rep's status becomes `on_plan`; one open plan per rep (409). Managers only.
    While the plan runs, the rep's activity alarms roll up into `improvement_plan_behind`."""
    return improvement_plans.open_plan(session, principal, rep_id, body)


@router.get("/reps/{rep_id}/improvement-plans", name="improvement_plans_list",
            summary="A rep's improvement plans", response_model=list[PlanRead],
            responses=READ | problems(422))
def list_(session: SessionDep, principal: PrincipalDep, rep_id: RepId):
    """Every plan of the rep, the latest start first (the first 100), each with its weekly
    progress. Managers and owners; a rep their own."""
    return improvement_plans.list_plans(session, principal, rep_id)


@router.get("/improvement-plans/{plan_id}", name="improvement_plan_get",
            summary="Get an improvement plan with its progress", response_model=PlanRead,
            responses=READ | problems(422))
def get(session: SessionDep, principal: PrincipalDep, plan_id: PlanId):
    """The plan and, for each week so far, each goal's actual against its target, the weeks
    met per goal and whether the plan is on track."""
    return improvement_plans.get_plan(session, principal, plan_id)


@router.post("/improvement-plans/{plan_id}/close", name="improvement_plan_close",
             summary="Close an improvement plan", response_model=PlanRead, responses=WRITE)
def close(session: SessionDep, principal: PrincipalDep, plan_id: PlanId, body: PlanClose):
    """How it ended: met or move_seat (the rep is active again) or exit (the rep is
    exited). Once (409). Managers only."""
    return improvement_plans.close_plan(session, principal, plan_id, body)
