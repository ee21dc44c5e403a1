"""/api/v1/clients/{id}/kpis and /api/v1/reps/{id}/kpis: the leading indicators."""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from app.models.kpis import ClientKpis, RepDashboard
from app.openapi import READ, Tag, problems
from app.routers.deps import PrincipalDep, SessionDep
from app.services import kpis

router = APIRouter(tags=[Tag.kpis])
AsOf = Annotated[date | None, Query(
    description="Reproduce the figures for a past day (deals as they stood then); default: "
                "today in the client's time zone.")]


@router.get("/clients/{client_id}/kpis", name="client", summary="A client's leading indicators",
            response_model=ClientKpis, responses=READ | problems(422))
def client(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
           as_of: AsOf = None):
    """Target, revenue won and attainment for the period containing `as_of`; open pipeline
    and its coverage (floor 3x); pipeline closing within 30 or 60 days and its coverage
    (floor 2x); win rate, proposal conversion, average won deal and median cycle over 90
    days (each with the deals it rests on); the forecast; gross margin against the floor;
    and one row per rep with their last 4 ISO weeks of activity against the targets."""
    return kpis.client_kpis(session, principal, client_id, as_of=as_of)


@router.get("/reps/{rep_id}/kpis", name="rep", summary="A rep's leading indicators",
            response_model=RepDashboard, responses=READ | problems(422))
def rep(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID, as_of: AsOf = None):
    """The rep's figures against their quota and their recent weekly activity (a rep: only
    their own)."""
    return kpis.rep_kpis(session, principal, rep_id, as_of=as_of)
