"""Set-up shared by the forecast tests. Company A (tests.conftest): monthly, UTC, target
100,000; default stage probabilities (prospecting 10 %, discovery 20 %, proposal 50 %,
negotiation 75 %); rates need 10 closed deals, so its own conversion falls back to them."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from app.core.periods import period_containing, period_label, periods_before
from app.models.enums import MeasurementPeriod
from tests.support.alarm_helpers import TODAY

MONTH = period_containing(TODAY, MeasurementPeriod.month)
PERIOD = period_label(MONTH)
MONTH_END = MONTH.end
NEXT_MONTH_DAY = MONTH_END + timedelta(days=5)
LAST_MONTH, TWO_AGO, THREE_AGO = periods_before(MONTH, 3)


def forecast(caller, client, **params) -> dict:
    response = caller.get(f"/api/v1/clients/{client.id}/forecast",
                          params={k: str(v) for k, v in params.items()})
    assert response.status_code == 200, response.text
    return response.json()


def call(caller, client, commit, best_case, note="", period=PERIOD):
    return caller.put(f"/api/v1/clients/{client.id}/forecast-calls/{period}",
                      json={"commit": str(commit), "best_case": str(best_case), "note": note})


def money(value) -> str:
    return f"{Decimal(value).quantize(Decimal('0.01'))}"


def run_rate(won_90_days, won_in_period, as_of: date = TODAY) -> str:
    """won + the 90-day daily rate times the days left, as the product rounds it."""
    daily = Decimal(won_90_days).quantize(Decimal("0.01")) / 90
    left = (period_containing(as_of, MeasurementPeriod.month).end - as_of).days
    return money(Decimal(won_in_period) + (daily * left).quantize(Decimal("0.01")))


def at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)
