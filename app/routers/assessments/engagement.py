"""/api/v1/clients/{id}/engagement: the engagement's return."""

import uuid

from fastapi import APIRouter

from app.models.assessments.engagement import EngagementReturn
from app.openapi import READ, Tag, problems
from app.routers.deps import AppRoute, AsOf, PrincipalDep, SessionDep
from app.services.assessments import engagement

router = APIRouter(route_class=AppRoute, tags=[Tag.engagement])


@router.get("/clients/{client_id}/engagement", name="return",
            summary="An engagement's return", response_model=EngagementReturn,
            responses=READ | problems(422))
def engagement_return(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
                      as_of: AsOf = None):
    """Revenue won in the 12 months before the engagement started and since (annualised),
    fees to date, growth against the same span at the old pace, and the return on fees.
    Without a start date the figures are null and `reason` says why (managers and owners)."""
    return engagement.engagement_return(session, principal, client_id, as_of=as_of)
