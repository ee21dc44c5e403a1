"""Candidates and their moves through the hiring process (DOMAIN.md, "Hiring")."""

import uuid
from datetime import datetime

from sqlmodel import Session

from app.core.changes import Change, as_read, record
from app.core.clock import now_of, today_of
from app.core.filters import where_equal, where_updated_since
from app.core.pagination import Page, PageRequest, paginate
from app.core.versioning import apply_changes, check_if_match, refuse_nulls
from app.errors import Conflict, Forbidden, invalid_field
from app.models import Candidate, Client, Rep
from app.models.enums import CandidateStatus as S
from app.models.hiring.candidate import (
    CandidateCreate,
    CandidateRead,
    CandidateUpdate,
    SocialMediaCheck,
)
from app.models.practice.rep import RepCreate
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, require_client_in_scope, scoped_select
from app.services.hiring.summary import has_pending_scorecard, offer_blockers
from app.services.practice import reps

# The allowed moves; rejected and withdrawn are open from every stage before hired.
MOVES: dict[S, set[S]] = {
    S.applied: {S.screening, S.rejected, S.withdrawn},
    S.screening: {S.interviewing, S.rejected, S.withdrawn},
    S.interviewing: {S.offer, S.rejected, S.withdrawn},
    S.offer: {S.hired, S.rejected, S.withdrawn},
    S.hired: set(), S.rejected: set(), S.withdrawn: set(),
}


def list_candidates(session: Session, principal: Principal, page: PageRequest, *,
                    client_id: uuid.UUID | None = None, status: S | None = None,
                    updated_since: datetime | None = None) -> Page[Candidate]:
    """The candidates of the caller's clients, newest first."""
    authorize(principal, Resource.candidates, Action.list)
    stmt = where_equal(scoped_select(principal, Candidate), (Candidate.client_id, client_id),
                       (Candidate.status, status))
    stmt = where_updated_since(stmt, Candidate, updated_since)
    return paginate(session, stmt, Candidate, page)


def create_candidate(session: Session, principal: Principal, data: CandidateCreate) -> Candidate:
    """A new applicant for a client."""
    authorize(principal, Resource.candidates, Action.create)
    require_client_in_scope(principal, data.client_id)
    candidate = Candidate.model_validate(data)
    session.add(candidate)
    session.flush()
    return candidate


def get_candidate(session: Session, principal: Principal, candidate_id: uuid.UUID) -> Candidate:
    """One candidate of the caller's clients."""
    return get_scoped(session, principal, Candidate, candidate_id,
                      resource=Resource.candidates, action=Action.read)


def update_candidate(session: Session, principal: Principal, candidate_id: uuid.UUID,
                     data: CandidateUpdate, *, if_match: str | None) -> Candidate:
    """Edit a candidate or move them on; the offer gate applies (a manager may override it
    with a written reason, which is kept); hiring can create the rep in the same step."""
    candidate = get_scoped(session, principal, Candidate, candidate_id,
                           resource=Resource.candidates, action=Action.update, for_update=True)
    changes = data.model_dump(exclude_unset=True, exclude={"override_reason", "create_rep"})
    refuse_nulls(changes, nullable=frozenset({"email"}))
    check_if_match(candidate, if_match)
    target = changes.get("status")
    if target is not None and target != candidate.status:
        if target not in MOVES[S(candidate.status)]:
            raise Conflict(f"A candidate can't move from {candidate.status} to {target}.",
                           allowed=sorted(MOVES[S(candidate.status)]))
        if target is S.offer:
            _pass_offer_gate(session, principal, candidate, data.override_reason, changes)
        elif data.override_reason is not None:
            raise invalid_field("override_reason", "An override reason goes with status 'offer'.")
        if target is S.hired and data.create_rep:
            changes["hired_rep_id"] = _create_rep(session, principal, candidate).id
    elif data.override_reason is not None:
        raise invalid_field("override_reason", "An override reason goes with status 'offer'.")
    before = as_read(candidate, CandidateRead)
    apply_changes(candidate, changes)
    session.flush()
    record(session, Change("candidate", candidate.client_id, None,
                           as_read(candidate, CandidateRead), before))
    return candidate


def record_social_check(session: Session, principal: Principal, candidate_id: uuid.UUID,
                        data: SocialMediaCheck) -> Candidate:
    """Record the social media check: when, by whom, any concern and a note."""
    candidate = get_scoped(session, principal, Candidate, candidate_id,
                           resource=Resource.candidates, action=Action.update, for_update=True)
    apply_changes(candidate, {"social_check_at": now_of(session),
                              "social_check_by": principal.user_id,
                              "social_check_concern": data.concern,
                              "social_check_note": data.note})
    session.flush()
    return candidate


def _pass_offer_gate(session: Session, principal: Principal, candidate: Candidate,
                     reason: str | None, changes: dict) -> None:
    if has_pending_scorecard(session, principal, candidate.id):
        # The blockers would tell what the other scorecards say (blind rule).
        raise Forbidden("Submit your own scorecard before moving the candidate to offer.")
    if reason is not None:
        authorize(principal, Resource.candidates, Action.override)
    blockers = offer_blockers(session, principal, candidate)
    if not blockers:
        return
    if reason is None:
        raise Conflict("The candidate can't move to offer yet: " + "; ".join(blockers) + ".",
                       blockers=blockers)
    changes.update(offer_override_reason=reason, offer_override_by=principal.user_id,
                   offer_override_at=now_of(session))


def _create_rep(session: Session, principal: Principal, candidate: Candidate) -> Rep:
    client = session.get(Client, candidate.client_id)
    return reps.create_rep(session, principal, RepCreate(
        client_id=candidate.client_id, full_name=candidate.full_name, email=candidate.email,
        title=candidate.position, hire_date=today_of(session, client.timezone)))
