"""/api/v1/tools: calculators for the conversation with an owner."""

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query

from app.models.assessments.engagement import CostComparison
from app.models.base import MAX_AMOUNT
from app.openapi import Tag, problems
from app.routers.deps import AppRoute, PrincipalDep
from app.services.assessments import cost_comparison as costs

router = APIRouter(route_class=AppRoute, prefix="/tools", tags=[Tag.tools])
Amount = Annotated[Decimal, Query(ge=0, le=MAX_AMOUNT, decimal_places=2)]


@router.get("/cost-comparison", name="cost_comparison",
            summary="Full-time against fractional VP of sales", response_model=CostComparison,
            responses=problems(401, 403, 422))
def cost_comparison(
        principal: PrincipalDep,
        full_time_salary: Annotated[Amount, Query(
            description="Yearly salary of a full-time VP of sales.")] = costs.DEFAULT_SALARY,
        benefits_pct: Annotated[Decimal, Query(
            ge=0, le=100, decimal_places=2,
            description="Benefits and payroll costs, percent of salary.")] =
        costs.DEFAULT_BENEFITS_PCT,
        fractional_monthly_fee: Annotated[Amount, Query(
            description="The fractional manager's monthly fee.")] = costs.DEFAULT_MONTHLY_FEE):
    """The yearly cost of each and the saving; defaults from the texts: a 300,000 salary
    (250,000-350,000), 25% benefits and 100,000 a year fractionally (managers and owners)."""
    return costs.cost_comparison(principal, full_time_salary=full_time_salary,
                                 benefits_pct=benefits_pct,
                                 fractional_monthly_fee=fractional_monthly_fee)
