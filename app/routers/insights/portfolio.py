"""/api/v1/portfolio: every client of the manager on one screen, worst first."""

from fastapi import APIRouter

from app.models.insights.alarm import Portfolio
from app.openapi import LIST, Tag
from app.routers.deps import AppRoute, AsOf, PrincipalDep, SessionDep
from app.services.insights import portfolio

router = APIRouter(route_class=AppRoute, tags=[Tag.portfolio])


@router.get("/portfolio", name="get", summary="The manager's portfolio",
            response_model=Portfolio, responses=LIST)
def get_portfolio(session: SessionDep, principal: PrincipalDep, as_of: AsOf = None):
    """One row per client: health and why, attainment, both coverages, the forecast and the
    share of the period gone, standing alarms by severity and the worst one's message
    (managers)."""
    return portfolio.portfolio(session, principal, as_of=as_of)
