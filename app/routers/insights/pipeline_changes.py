"""/api/v1/clients/{id}/pipeline-changes: the waterfall of the open pipeline."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.models.base import Day
from app.models.insights.pipeline_changes import PipelineChanges
from app.openapi import READ, Tag, problems
from app.routers.deps import AppRoute, PrincipalDep, SessionDep
from app.services.insights import pipeline_changes as service

router = APIRouter(route_class=AppRoute, tags=[Tag.kpis])


@router.get("/clients/{client_id}/pipeline-changes", name="pipeline_changes",
            summary="How a client's open pipeline moved between two days",
            response_model=PipelineChanges, responses=READ | problems(422))
def pipeline_changes(
    session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
    date_from: Annotated[Day | None, Query(
        alias="from", description="Default: 30 days before `to`.")] = None,
    date_to: Annotated[Day | None, Query(
        alias="to", description="Default: today in the client's time zone; at most 366 days "
                                "after `from`.")] = None,
):
    """The open pipeline at the end of `from` and of `to` (deals as they stood then, days
    ending in the client's time zone) and the movements between: new, reopened, amount up
    and down, won and lost, which add up exactly to the difference; plus the deals whose
    expected close was pulled in or pushed out."""
    return service.pipeline_changes(session, principal, client_id, date_from=date_from,
                                    date_to=date_to)
