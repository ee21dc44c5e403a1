"""Client fit assessments (docs/domain.md, "Client fit"): nine criteria, a score and each risk in
words. The team criterion is checked against the reps on record: it is met only when the
answer says yes AND the client has at least 2 active reps (not archived, not exited)."""

import uuid

from sqlalchemy import func
from sqlmodel import Session

from app.core.clock import today_of
from app.core.pagination import Page, PageRequest, paginate
from app.errors import invalid_field
from app.models import Client, Rep
from app.models.assessments.fit_assessment import (
    FitAssessment,
    FitAssessmentCreate,
    FitAssessmentRead,
    FitCriterion,
    FitCriterionResult,
)
from app.models.enums import RepStatus
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import get_parent, get_scoped, scoped_select

C = FitCriterion
MIN_TEAM = 2
# In the order of docs/domain.md, "Client fit": the question, and the risk when it is not met.
CRITERIA: dict[FitCriterion, tuple[str, str]] = {
    C.willing_to_change: (
        "Willing to change, the owners too?",
        "Not willing to change (owners included): the same approach will bring the same "
        "results."),
    C.trusting_leadership: (
        "A trusting leadership style?",
        "Leadership style not trusting: the manager needs room to lead the team."),
    C.proven_sales_process: (
        "Proven sales success and a process to build on?",
        "Unproven sales process: startups are riskier."),
    C.team_of_two_or_more: (
        "A team of 2 or more reps?",
        "Fewer than 2 reps: there is no team to manage yet."),
    C.current_business_plan: (
        "A current business plan, or willing to write one?",
        "No current business plan and not willing to write one: no goal to manage to."),
    C.product_knowledge_provided: (
        "Product knowledge provided by the company?",
        "Product knowledge not provided by the company: the reps can't sell what they "
        "don't know."),
    C.owners_attend_sales_meetings: (
        "Owners attend some sales meetings?",
        "Owners don't attend sales meetings: the team won't see leadership behind the "
        "changes."),
    C.provides_technology_tools: (
        "Willing to provide the technology tools?",
        "Not willing to provide the technology tools (CRM, platforms) the team needs."),
    C.wants_long_term: (
        "Wants a long-term relationship?",
        "Doesn't want a long-term relationship: short engagements rarely change results."),
}


def create_fit_assessment(session: Session, principal: Principal, client_id: uuid.UUID,
                          data: FitAssessmentCreate) -> FitAssessmentRead:
    """Record a fit assessment of a client, with its active rep count (managers)."""
    client = get_parent(session, principal, Client, client_id,
                        resource=Resource.fit_assessments, action=Action.create)
    assessed_on = data.assessed_on or today_of(session, client.timezone)
    if assessed_on > today_of(session, client.timezone):
        raise invalid_field("assessed_on", "An assessment can't be dated in the future.")
    active = session.exec(scoped_select(principal, Rep).with_only_columns(func.count())
                          .where(Rep.client_id == client.id, Rep.archived_at.is_(None),
                                 Rep.status != RepStatus.exited)).one()
    assessment = FitAssessment(
        client_id=client.id, assessed_on=assessed_on,
        answers={c.value: getattr(data, c.value) for c in C},
        notes={c.value: text for c, text in data.notes.items() if text},
        note=data.note, active_reps=active, created_by=principal.user_id)
    session.add(assessment)
    session.flush()
    return read_fit(assessment)


def list_fit_assessments(session: Session, principal: Principal, client_id: uuid.UUID,
                         page: PageRequest) -> Page[FitAssessmentRead]:
    """A client's fit assessments, newest first."""
    client = get_parent(session, principal, Client, client_id,
                        resource=Resource.fit_assessments, action=Action.list)
    found = paginate(session, scoped_select(principal, FitAssessment)
                     .where(FitAssessment.client_id == client.id), FitAssessment, page)
    return Page(items=[read_fit(a) for a in found.items], next_cursor=found.next_cursor)


def get_fit_assessment(session: Session, principal: Principal,
                       assessment_id: uuid.UUID) -> FitAssessmentRead:
    """One fit assessment with its score and risks."""
    return read_fit(get_scoped(session, principal, FitAssessment, assessment_id,
                               resource=Resource.fit_assessments, action=Action.read))


def read_fit(assessment: FitAssessment) -> FitAssessmentRead:
    """Score (criteria met of 9, and as a percentage) and each unmet criterion's risk."""
    results, risks = [], []
    for criterion, (question, risk) in CRITERIA.items():
        answer = bool(assessment.answers.get(criterion.value))
        met = answer
        if criterion is C.team_of_two_or_more:
            met = answer and assessment.active_reps >= MIN_TEAM
            risk = _team_risk(answer, assessment.active_reps)
        results.append(FitCriterionResult(criterion=criterion, question=question, answer=answer,
                                          met=met,
                                          note=assessment.notes.get(criterion.value, "")))
        if not met:
            risks.append(risk)
    met = sum(r.met for r in results)
    return FitAssessmentRead(
        id=assessment.id, client_id=assessment.client_id, assessed_on=assessment.assessed_on,
        met=met, total=len(CRITERIA), score_pct=round(100 * met / len(CRITERIA), 1),
        active_reps=assessment.active_reps, criteria=results, risks=risks,
        note=assessment.note, created_by=assessment.created_by,
        created_at=assessment.created_at)


def _team_risk(answer: bool, active: int) -> str:
    reps = f"{active} active rep{'s' if active != 1 else ''} on record"
    if answer:
        return (f"Fewer than 2 reps: the answer says a team of 2 or more, but the client has "
                f"{reps}; add the reps or correct the answer.")
    if active >= MIN_TEAM:
        return (f"Fewer than 2 reps, says the answer, but the client has {reps}; correct "
                "the answer.")
    return f"Fewer than 2 reps: there is no team to manage yet ({reps})."
