"""/api/v1/alarms and /api/v1/portfolio: what needs attention, across the practice."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.models.insights.alarm import AlarmList, AlarmRead, Portfolio, SnoozeRequest
from app.openapi import LIST, READ, WRITE, Tag
from app.routers.deps import AppRoute, AsOf, PrincipalDep, SessionDep
from app.services.insights import alarms, portfolio

router = APIRouter(route_class=AppRoute, tags=[Tag.alarms])
AlarmKey = Annotated[str, Path(pattern=r"^[0-9a-f]{16}$", description="The alarm's key.")]


@router.get("/alarms", name="list", summary="Current alarms", response_model=AlarmList,
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID | None = None,
          rep_id: uuid.UUID | None = None, as_of: AsOf = None,
          include_snoozed: Annotated[bool, Query(
              description="Also list alarms snoozed until a later date.")] = False):
    """Every leading indicator below its floor, with its figures and the course correction;
    worst first. Owners see their company's, reps their own."""
    return AlarmList(items=alarms.list_alarms(session, principal, client_id=client_id,
                                              rep_id=rep_id, as_of=as_of,
                                              include_snoozed=include_snoozed))


@router.post("/alarms/{key}/ack", name="ack", summary="Acknowledge an alarm",
             response_model=AlarmRead, responses=READ)
def ack(session: SessionDep, principal: PrincipalDep, key: AlarmKey):
    """Mark the alarm seen, with who and when (managers)."""
    return alarms.acknowledge(session, principal, key)


@router.post("/alarms/{key}/snooze", name="snooze", summary="Snooze an alarm",
             response_model=AlarmRead, responses=WRITE)
def snooze(session: SessionDep, principal: PrincipalDep, key: AlarmKey, body: SnoozeRequest):
    """Hide the alarm until a date; it comes back earlier if it gets worse (managers)."""
    return alarms.snooze(session, principal, key, until=body.until)


@router.get("/portfolio", name="portfolio", summary="The manager's portfolio",
            response_model=Portfolio, responses=LIST)
def get_portfolio(session: SessionDep, principal: PrincipalDep, as_of: AsOf = None):
    """One row per client: health from its alarms, attainment, both coverages, alarms by
    severity and the worst alarm's message (managers)."""
    return portfolio.portfolio(session, principal, as_of=as_of)
