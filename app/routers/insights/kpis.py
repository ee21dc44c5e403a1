"""/api/v1/clients/{id}/kpis, its weekly series, and /api/v1/reps/{id}/kpis: the leading
indicators."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.models.insights.kpi_weekly import KpiWeekly
from app.models.insights.kpis import ClientKpis, RepDashboard
from app.openapi import READ, Tag, problems
from app.routers.deps import AppRoute, AsOf, PrincipalDep, SessionDep
from app.services.insights import dashboards
from app.services.insights import weekly as weekly_series

router = APIRouter(route_class=AppRoute, tags=[Tag.kpis])


@router.get("/clients/{client_id}/kpis", name="client", summary="A client's leading indicators",
            response_model=ClientKpis, responses=READ | problems(422))
def client(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
           as_of: AsOf = None):
    """Target, revenue won and attainment for the period containing `as_of`; open pipeline
    and its coverage (floor 3x); pipeline closing within 30 or 60 days and its coverage
    (floor 2x); win rate, proposal conversion, average won deal and median cycle over 90
    days (each with the deals it rests on); the forecast; gross margin against the floor;
    and one row per rep with their last 4 ISO weeks of activity against the targets."""
    return dashboards.client_kpis(session, principal, client_id, as_of=as_of)


@router.get("/clients/{client_id}/kpis/weekly", name="weekly",
            summary="A client's leading indicators week by week",
            response_model=KpiWeekly, responses=READ | problems(422))
def weekly(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
           weeks: Annotated[int, Query(ge=1, le=52, description="How many ISO weeks.")] = 12,
           as_of: AsOf = None):
    """A series for charts, one item per ISO week in the client's time zone, oldest first,
    the last being the week of `as_of`: the team's activity per kind, new pipeline created,
    revenue won, and open pipeline and its coverage at the week's end (deals as they stood
    then)."""
    return weekly_series.client_kpis_weekly(session, principal, client_id, weeks=weeks,
                                         as_of=as_of)


@router.get("/reps/{rep_id}/kpis", name="rep", summary="A rep's leading indicators",
            response_model=RepDashboard, responses=READ | problems(422))
def rep(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID, as_of: AsOf = None):
    """The rep's figures against their quota and their recent weekly activity (a rep: only
    their own)."""
    return dashboards.rep_kpis(session, principal, rep_id, as_of=as_of)
