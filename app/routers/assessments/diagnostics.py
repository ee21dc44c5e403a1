"""/api/v1/reps/{id}/diagnostics, /api/v1/diagnostics/{id} and
/api/v1/clients/{id}/bottom-performers: underperformers, diagnosed before acting."""

import uuid

from fastapi import APIRouter, status

from app.models.assessments.bottom_performers import BottomPerformers
from app.models.assessments.diagnostic import DiagnosticCreate, DiagnosticRead
from app.models.page import Page
from app.openapi import READ, Tag, problems
from app.routers.deps import AppRoute, AsOf, Idempotent, PageDep, PrincipalDep, SessionDep
from app.services.assessments import bottom_performers, diagnostics

router = APIRouter(route_class=AppRoute, tags=[Tag.diagnostics])
CREATE = problems(401, 403, 404, 422)


@router.post("/reps/{rep_id}/diagnostics", name="create", summary="Diagnose an underperformer",
             response_model=DiagnosticRead, status_code=status.HTTP_201_CREATED,
             dependencies=[Idempotent],
             responses=CREATE)
def create(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID,
           body: DiagnosticCreate):
    """Record the answers on motivation, competence and the interpersonal side, asked in that
    order, and get the recommendation (develop, move_seat, exit or insufficient_data) with
    the reasons. Managers only; a new diagnostic is a new record."""
    return diagnostics.create_diagnostic(session, principal, rep_id, body)


@router.get("/reps/{rep_id}/diagnostics", name="list", summary="A rep's diagnostics",
            response_model=Page[DiagnosticRead], responses=READ | problems(422))
def list_(session: SessionDep, principal: PrincipalDep, rep_id: uuid.UUID, page: PageDep):
    """Every diagnostic of the rep, newest first (managers and owners)."""
    return diagnostics.list_diagnostics(session, principal, rep_id, page)


@router.get("/diagnostics/{diagnostic_id}", name="get", summary="Get a diagnostic",
            response_model=DiagnosticRead, responses=READ)
def get(session: SessionDep, principal: PrincipalDep, diagnostic_id: uuid.UUID):
    """One diagnostic with its answers and recommendation."""
    return diagnostics.get_diagnostic(session, principal, diagnostic_id)


@router.get("/clients/{client_id}/bottom-performers", name="bottom_performers",
            summary="A client's bottom performers", response_model=BottomPerformers,
            responses=READ | problems(422))
def bottom(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
           as_of: AsOf = None):
    """The current reps in the bottom third of attainment for the last 2+ ended periods, or
    below an activity target for 3+ consecutive full weeks, with the figures and their
    latest diagnostic (managers and owners)."""
    return bottom_performers.bottom_performers(session, principal, client_id, as_of=as_of)
