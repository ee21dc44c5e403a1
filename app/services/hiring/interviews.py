"""Interviews: who meets the candidate when, and the kit of questions they ask."""

import uuid

from sqlmodel import Session, col, select

from app.core.filters import where_equal
from app.core.pagination import Page, PageRequest, paginate
from app.core.versioning import apply_changes
from app.errors import Conflict, invalid_field
from app.models import Candidate, ClientManager, Interview, Question, Scorecard, User
from app.models.enums import CandidateStatus, Role
from app.models.hiring.interview import InterviewCreate, Kit, KitItem, KitRequest
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, scoped_select
from app.services.hiring.kits import KitError, Pools, build_kit

CLOSED = (CandidateStatus.hired, CandidateStatus.rejected, CandidateStatus.withdrawn)


def list_interviews(session: Session, principal: Principal, page: PageRequest, *,
                    candidate_id: uuid.UUID | None = None,
                    interviewer_id: uuid.UUID | None = None) -> Page[Interview]:
    """The interviews of the caller's clients, newest first."""
    authorize(principal, Resource.interviews, Action.list)
    stmt = where_equal(scoped_select(principal, Interview),
                       (Interview.candidate_id, candidate_id),
                       (Interview.interviewer_id, interviewer_id))
    return paginate(session, stmt, Interview, page)


def schedule_interview(session: Session, principal: Principal,
                       data: InterviewCreate) -> Interview:
    """An interview with a manager of the client or its owner as interviewer."""
    authorize(principal, Resource.interviews, Action.create)
    candidate = get_scoped(session, principal, Candidate, data.candidate_id,
                           resource=Resource.candidates, action=Action.read)
    if candidate.status in CLOSED:
        raise Conflict(f"The candidate is {candidate.status}; no more interviews.")
    if not _may_interview(session, principal, data.interviewer_id, candidate.client_id):
        raise invalid_field("interviewer_id",
                            "The interviewer must be an active manager of the client or "
                            "its owner.")
    interview = Interview(client_id=candidate.client_id, candidate_id=candidate.id,
                          interviewer_id=data.interviewer_id, scheduled_at=data.scheduled_at,
                          kind=data.kind)
    session.add(interview)
    session.flush()
    return interview


def get_interview(session: Session, principal: Principal, interview_id: uuid.UUID) -> Interview:
    """One interview of the caller's clients."""
    return get_scoped(session, principal, Interview, interview_id,
                      resource=Resource.interviews, action=Action.read)


def build_interview_kit(session: Session, principal: Principal, interview_id: uuid.UUID,
                        data: KitRequest) -> Kit:
    """Choose and order the interview's questions and keep them on the interview."""
    interview = get_scoped(session, principal, Interview, interview_id,
                           resource=Resource.interviews, action=Action.update, for_update=True)
    if session.exec(select(Scorecard.id).where(Scorecard.interview_id == interview.id,
                                               col(Scorecard.submitted_at).is_not(None))).first():
        raise Conflict("The interview's scorecard is submitted; its kit can't change.")
    bank = session.exec(
        scoped_select(principal, Question)
        .where((Question.client_id == interview.client_id) | (Question.client_id.is_(None)))
        .order_by(Question.client_id.is_(None), Question.created_at, Question.id)).all()
    asked = _asked_before(session, principal, interview)
    pools: Pools[Question] = Pools(fresh={}, asked={})
    for question in bank:
        target = pools.asked if question.id in asked else pools.fresh
        target.setdefault(question.competency, []).append(question)
    try:
        kit = build_kit(pools, [c.value for c in data.competencies], data.length)
    except KitError as exc:
        raise invalid_field("length", f"Can't build this kit: {exc}.") from None
    apply_changes(interview, {"kit": [q.id for q in kit]})
    session.flush()
    return Kit(items=[KitItem(question_id=q.id, competency=q.competency, text=q.text)
                      for q in kit])


def get_kit(session: Session, principal: Principal, interview_id: uuid.UUID) -> Kit:
    """The interview's kit in order (empty until built)."""
    interview = get_interview(session, principal, interview_id)
    ids = interview.kit
    questions = {q.id: q for q in session.exec(
        scoped_select(principal, Question).where(col(Question.id).in_(ids)))} if ids else {}
    return Kit(items=[KitItem(question_id=i, competency=questions[i].competency,
                              text=questions[i].text) for i in ids if i in questions])


def _asked_before(session: Session, principal: Principal,
                  interview: Interview) -> set[uuid.UUID]:
    kits = session.exec(scoped_select(principal, Interview).where(
        Interview.candidate_id == interview.candidate_id, Interview.id != interview.id)).all()
    return {question for other in kits for question in other.kit}


def _may_interview(session: Session, principal: Principal, user_id: uuid.UUID,
                   client_id: uuid.UUID) -> bool:
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        return False
    if user.role == Role.owner:
        return user.client_id == client_id
    if user.role == Role.manager:
        link = scoped_select(principal, ClientManager).where(
            ClientManager.client_id == client_id, ClientManager.user_id == user_id)
        return session.exec(link).first() is not None
    return False
