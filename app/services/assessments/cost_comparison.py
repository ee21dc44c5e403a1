"""A full-time VP of sales against a fractional one, per year (docs/domain.md, "Cost and
return": a senior full-time VP of sales earns 250,000-350,000 a year; a fractional one
costs from about 100,000).

Defaults: salary 300,000 (the middle of the range); benefits 25% on top (the texts are
silent: benefits and payroll taxes commonly add 20-30%); a fractional fee of 8,333.33 a
month (100,000 a year, rounded to the cent). Exact in Decimal, rounded half up to cents."""

from decimal import ROUND_HALF_UP, Decimal

from app.models.assessments.engagement import CostComparison
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal

DEFAULT_SALARY = Decimal("300000.00")
DEFAULT_BENEFITS_PCT = Decimal("25.00")
DEFAULT_MONTHLY_FEE = (Decimal("100000") / 12).quantize(Decimal("0.01"), ROUND_HALF_UP)
CENT = Decimal("0.01")
ASSUMPTIONS = [
    "A high-level VP of sales costs 250,000-350,000 a year in salary; the default is the "
    "middle, 300,000.",
    "Benefits and payroll costs add a percentage on top of the salary; the default is 25%.",
    "The same person fractionally costs 100,000+ a year; the default fee is 100,000 / 12 a "
    "month.",
]


def cost_comparison(principal: Principal, *, full_time_salary: Decimal = DEFAULT_SALARY,
                    benefits_pct: Decimal = DEFAULT_BENEFITS_PCT,
                    fractional_monthly_fee: Decimal = DEFAULT_MONTHLY_FEE) -> CostComparison:
    """The yearly cost of each and the saving (managers and owners)."""
    authorize(principal, Resource.cost_comparison, Action.read)
    full_time = (full_time_salary * (1 + benefits_pct / 100)).quantize(CENT, ROUND_HALF_UP)
    fractional = (fractional_monthly_fee * 12).quantize(CENT, ROUND_HALF_UP)
    saving = full_time - fractional
    return CostComparison(
        full_time_salary=full_time_salary.quantize(CENT), benefits_pct=benefits_pct.quantize(CENT),
        full_time_yearly=full_time, fractional_monthly_fee=fractional_monthly_fee.quantize(CENT),
        fractional_yearly=fractional, saving=saving,
        saving_pct=round(float(saving / full_time * 100), 2) if full_time else None,
        assumptions=ASSUMPTIONS)
