"""/api/v1/clients/{id}/targets and /reps/{id}/quotas: revenue targets and quotas over time,
and what a rep is measured against."""

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from app.models.practice.targets import (
    QuotaRead,
    QuotaSet,
    RepTargets,
    TargetCreate,
    TargetDecision,
    TargetInForce,
    TargetRead,
    TargetStatus,
)
from app.openapi import READ, WRITE, Tag, problems
from app.routers.deps import AppRoute, AsOf, Idempotent, PrincipalDep, SessionDep, with_etag
from app.services.practice import targets

router = APIRouter(route_class=AppRoute, tags=[Tag.targets])

StartsOn = Annotated[date, Path(description=(
    "The first day of one of the client's measurement periods (a month's 1st, or a "
    "quarter's)."), examples=["2027-01-01"])]


@router.post("/clients/{client_id}/targets", name="target_propose",
             summary="Propose or set a revenue target", response_model=TargetRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def target_propose(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
                   body: TargetCreate):
    """The client's revenue target from a period on. The manager's is `proposed` until the
    owner approves it (approved at once where the client's `manager_sets_targets` is true);
    the owner's is approved at once. The answer warns when the reps' quotas for that period
    sum below it."""
    return targets.propose_target(session, principal, client_id, body)


@router.get("/clients/{client_id}/targets", name="targets_list",
            summary="A client's revenue targets over time", response_model=list[TargetRead],
            responses=READ | problems(422))
def targets_list(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
                 status: Annotated[TargetStatus | None, Query(
                     description="Only the targets in this state.")] = None):
    """Every dated target, proposed, approved, rejected or superseded, the latest period
    first, each with the reps' quota sum for its period. Managers and owners."""
    return targets.list_targets(session, principal, client_id, status=status)


@router.get("/clients/{client_id}/targets/in-force", name="target_in_force",
            summary="The target a period is measured against", response_model=TargetInForce,
            responses=READ | problems(422))
def target_in_force(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
                    as_of: AsOf = None):
    """For the period containing `as_of`: the approved dated target, else the client's
    standing `period_revenue_target`, else the sum of the reps' quotas; with that sum and a
    warning when it falls short."""
    return targets.target_in_force(session, principal, client_id, as_of=as_of)


@router.get("/targets/{target_id}", name="target_get", summary="Get a revenue target",
            response_model=TargetRead, responses=READ)
def target_get(session: SessionDep, principal: PrincipalDep, target_id: uuid.UUID):
    """One dated target, with the reps' quota sum for its period. Managers and owners."""
    return targets.get_target(session, principal, target_id)


@router.post("/targets/{target_id}/approve", name="target_approve",
             summary="Approve a proposed target", response_model=TargetRead,
             responses=WRITE)
def target_approve(session: SessionDep, principal: PrincipalDep, target_id: uuid.UUID,
                   body: TargetDecision | None = None):
    """The owner approves (the manager too where the client allows): the target holds from
    its period on and supersedes an earlier approval for the same period. 409 unless
    proposed."""
    return targets.decide_target(session, principal, target_id, approve=True,
                                 note=body.note if body else "")


@router.post("/targets/{target_id}/reject", name="target_reject",
             summary="Reject a proposed target", response_model=TargetRead, responses=WRITE)
def target_reject(session: SessionDep, principal: PrincipalDep, target_id: uuid.UUID,
                  body: TargetDecision | None = None):
    """The owner turns the proposal down, with a note; nothing changes in the figures."""
    return targets.decide_target(session, principal, target_id, approve=False,
                                 note=body.note if body else "")


@router.get("/reps/{rep_id}/quotas", name="quotas_list", summary="A rep's quotas over time",
            response_model=list[QuotaRead], responses=READ)
def quotas_list(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID):
    """The rep's dated quotas, the latest first; periods before the first use the standing
    `quota` of the rep. A rep reads their own."""
    return targets.list_quotas(session, principal, rep_id)


@router.put("/reps/{rep_id}/quotas/{starts_on}", name="quota_set",
            summary="Set a rep's quota from a period on", response_model=QuotaRead,
            responses=WRITE | {201: {"model": QuotaRead,
                                     "description": "A quota for a new period start."}})
def quota_set(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID,
              starts_on: StartsOn, body: QuotaSet, response: Response):
    """The quota from that period on, until a later one; the same start again replaces the
    amount (200), a new start adds one (201). Managers and owners."""
    quota, created = targets.set_quota(session, principal, rep_id, starts_on, body)
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return with_etag(response, quota)


@router.delete("/reps/{rep_id}/quotas/{starts_on}", name="quota_delete",
               summary="Remove a dated quota", status_code=status.HTTP_204_NO_CONTENT,
               response_class=Response, responses=READ)
def quota_delete(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID,
                 starts_on: StartsOn):
    """The period falls back to the quota before it (or the standing one)."""
    targets.delete_quota(session, principal, rep_id, starts_on)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/reps/{rep_id}/targets", name="rep_targets",
            summary="What a rep is measured against", response_model=RepTargets,
            responses=READ | problems(422))
def rep_targets(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID,
                as_of: AsOf = None):
    """On `as_of` (default today): the period's quota (dated or standing, then ramped: 0,
    25, 50, 75 % by month of the ramp) and the week's activity targets (the rep's own, else
    their role's, else the client's; 50 % then 75 % in the ramp's first two thirds). A rep
    reads their own."""
    return targets.rep_targets(session, principal, rep_id, as_of=as_of)
