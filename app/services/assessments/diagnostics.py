"""Underperformer diagnostics of a rep: recorded with the evidence the data gave
(diagnosis_evidence.py) and the recommendation the rules gave at the time (diagnosis.py);
append-only, newest first."""

import uuid

from sqlmodel import Session

from app.core.pagination import Page, PageRequest, paginate
from app.errors import invalid_field
from app.models import Rep
from app.models.assessments.diagnostic import Diagnostic, DiagnosticCreate
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import get_parent, get_scoped, scoped_select
from app.services.assessments.diagnosis import Answers, diagnose
from app.services.assessments.diagnosis_evidence import gather_evidence


def create_diagnostic(session: Session, principal: Principal, rep_id: uuid.UUID,
                      data: DiagnosticCreate) -> Diagnostic:
    """Record a diagnostic of a current rep and what it recommends (managers)."""
    rep = get_parent(session, principal, Rep, rep_id, resource=Resource.diagnostics,
                     action=Action.create)
    if rep.archived_at is not None:
        raise invalid_field("rep_id", "That rep is archived; restore them first.",
                            location="path")
    evidence = gather_evidence(session, principal, rep)
    recommendation, reasons = diagnose(Answers(data.motivators, data.competence,
                                               data.interpersonal_concern, evidence))
    diagnostic = Diagnostic(
        client_id=rep.client_id, rep_id=rep.id,
        motivators=[m.value for m in data.motivators],
        competence=None if data.competence is None else data.competence.model_dump(),
        interpersonal_concern=data.interpersonal_concern, note=data.note,
        recommendation=recommendation.value, reasons=reasons,
        evidence=evidence.model_dump(mode="json"), created_by=principal.user_id)
    session.add(diagnostic)
    session.flush()
    return diagnostic


def list_diagnostics(session: Session, principal: Principal, rep_id: uuid.UUID,
                     page: PageRequest) -> Page[Diagnostic]:
    """A rep's diagnostics, newest first."""
    rep = get_parent(session, principal, Rep, rep_id, resource=Resource.diagnostics,
                     action=Action.list)
    stmt = scoped_select(principal, Diagnostic).where(Diagnostic.rep_id == rep.id)
    return paginate(session, stmt, Diagnostic, page)


def get_diagnostic(session: Session, principal: Principal,
                   diagnostic_id: uuid.UUID) -> Diagnostic:
    """One diagnostic."""
    return get_scoped(session, principal, Diagnostic, diagnostic_id,
                      resource=Resource.diagnostics, action=Action.read)
