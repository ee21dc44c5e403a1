"""/api/v1/alarms and the client's alarm digest: what needs attention, across the
practice."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.models.insights.alarm import (
    AcknowledgeRequest,
    AlarmCode,
    AlarmDigest,
    AlarmList,
    AlarmRead,
    Severity,
    SnoozeRequest,
)
from app.openapi import LIST, READ, WRITE, Tag
from app.routers.deps import AppRoute, AsOf, PageDep, PrincipalDep, SessionDep
from app.services.insights import alarms

router = APIRouter(route_class=AppRoute, tags=[Tag.alarms])
AlarmKey = Annotated[str, Path(pattern=r"^[0-9a-f]{16}$", description="The alarm's id.")]


@router.get("/alarms", name="list", summary="Current alarms", response_model=AlarmList,
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep,
          client_id: Annotated[uuid.UUID | None, Query(description="One client's.")] = None,
          rep_id: Annotated[uuid.UUID | None, Query(description="One rep's.")] = None,
          code: Annotated[AlarmCode | None, Query(description="One kind of alarm.")] = None,
          severity: Annotated[Severity | None, Query(description="One severity.")] = None,
          as_of: AsOf = None,
          include_snoozed: Annotated[bool, Query(
              description="Also list acknowledged alarms and those snoozed until a later "
                          "date (owners always see them).")] = False):
    """Every alarm standing, with its figures and the course correction; worst first, a page
    at a time. Owners see their company's (integrity alarms where the client allows), reps
    their own (never an integrity alarm)."""
    items, following = alarms.list_alarms(
        session, principal, client_id=client_id, rep_id=rep_id, code=code, severity=severity,
        as_of=as_of, include_snoozed=include_snoozed, limit=page.limit, cursor=page.cursor)
    return AlarmList(items=items, next_cursor=following)


@router.get("/clients/{client_id}/alarms/digest", name="digest",
            summary="The client's alarm digest", response_model=AlarmDigest, responses=READ)
def digest(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID):
    """For the manager's Monday: the client's health, why, and the three most urgent course
    corrections (managers and owners)."""
    return alarms.digest(session, principal, client_id)


@router.post("/alarms/{key}/ack", name="ack", summary="Acknowledge an alarm",
             response_model=AlarmRead, responses=WRITE)
def ack(session: SessionDep, principal: PrincipalDep, key: AlarmKey,
        body: AcknowledgeRequest | None = None):
    """Mark the alarm seen, with who, when and why (managers); it stops counting toward the
    client's health until it gets worse."""
    return alarms.acknowledge(session, principal, key, reason=body.reason if body else None)


@router.post("/alarms/{key}/snooze", name="snooze", summary="Snooze an alarm",
             response_model=AlarmRead, responses=WRITE)
def snooze(session: SessionDep, principal: PrincipalDep, key: AlarmKey, body: SnoozeRequest):
    """Hide the alarm until a date, with why; it comes back earlier if it gets worse
    (managers)."""
    return alarms.snooze(session, principal, key, until=body.until, reason=body.reason)
