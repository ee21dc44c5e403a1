"""Candidates and their moves through the hiring process (docs/domain.md, "Hiring"); a hire can
become a rep with an onboarding plan and an invitation to a login in the same step."""

import uuid
from dataclasses import dataclass
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
from app.models.enums import Role
from app.models.hiring.candidate import (
    CandidateCreate,
    CandidateMoved,
    CandidateRead,
    CandidateUpdate,
    SocialMediaCheck,
)
from app.models.identity.invitation import InvitationCreate
from app.models.practice.rep import RepCreate
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, require_client_in_scope, scoped_select
from app.services.coaching import onboarding
from app.services.hiring.summary import has_pending_scorecard, offer_blockers
from app.services.identity import invitations
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


@dataclass(frozen=True)
class Hire:
    """What a hire with create_rep made besides the rep's record."""

    plan_id: uuid.UUID
    invitation: invitations.Sent | None


def update_candidate(session: Session, principal: Principal, candidate_id: uuid.UUID,
                     data: CandidateUpdate, *, if_match: str | None) -> CandidateMoved:
    """Edit a candidate or move them on; the offer gate applies (a manager may override it
    with a written reason, which is kept); hiring can create the rep in the same step, with
    the client's onboarding plan and, when the candidate has an email, an invitation to the
    rep's login (its token in this answer only)."""
    candidate = get_scoped(session, principal, Candidate, candidate_id,
                           resource=Resource.candidates, action=Action.update, for_update=True)
    changes = data.model_dump(exclude_unset=True, exclude={"override_reason", "create_rep"})
    refuse_nulls(changes, nullable=frozenset({"email"}))
    check_if_match(candidate, if_match)
    target = changes.get("status")
    hire = None
    if target is not None and target != candidate.status:
        if target not in MOVES[S(candidate.status)]:
            raise Conflict(f"A candidate can't move from {candidate.status} to {target}.",
                           allowed=sorted(MOVES[S(candidate.status)]))
        if target is S.offer:
            _pass_offer_gate(session, principal, candidate, data.override_reason, changes)
        elif data.override_reason is not None:
            raise invalid_field("override_reason", "An override reason goes with status 'offer'.")
        if target is S.hired and data.create_rep:
            rep = _create_rep(session, principal, candidate)
            changes["hired_rep_id"] = rep.id
            hire = _onboard(session, principal, rep)
    elif data.override_reason is not None:
        raise invalid_field("override_reason", "An override reason goes with status 'offer'.")
    before = as_read(candidate, CandidateRead)
    apply_changes(candidate, changes)
    session.flush()
    record(session, Change("candidate", candidate.client_id, None,
                           as_read(candidate, CandidateRead), before))
    return CandidateMoved.model_validate(candidate, update=_hire_fields(hire))


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
    """The hire becomes a rep starting today, in ramp from today."""
    client = session.get(Client, candidate.client_id)
    today = today_of(session, client.timezone)
    return reps.create_rep(session, principal, RepCreate(
        client_id=candidate.client_id, full_name=candidate.full_name, email=candidate.email,
        title=candidate.position, hire_date=today, ramp_starts_on=today))


def _hire_fields(hire: Hire | None) -> dict:
    """What a hire with create_rep adds to the answer (null in any other answer)."""
    if hire is None:
        return {}
    sent = hire.invitation
    return {"onboarding_plan_id": hire.plan_id,
            "invitation_id": sent.invitation.id if sent else None,
            "invitation_token": sent.token if sent else None,
            "invitation_accept_url": sent.accept_url if sent else None}


def _onboard(session: Session, principal: Principal, rep: Rep) -> Hire:
    """The new rep's onboarding plan, and an invitation to a login when their email has
    neither a login nor a pending invitation."""
    plan = onboarding.start_plan(session, principal, rep)
    sent = None
    if rep.email and invitations.email_is_free(session, rep.email):
        sent = invitations.invite(session, principal, InvitationCreate(
            email=rep.email, role=Role.rep, client_id=rep.client_id, rep_id=rep.id,
            full_name=rep.full_name))
    return Hire(plan.id, sent)
