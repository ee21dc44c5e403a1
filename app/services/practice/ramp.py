"""The ramp of a new rep: what share of the full targets holds in a given week or period.

Activity (weekly): the ramp's weeks are split in thirds, at 50 %, 75 %, then 100 % (12 weeks:
weeks 1-4 at 50 %, 5-8 at 75 %, 9-12 at 100 %). Week 1 is the ISO week the ramp starts in.
Quota (monthly): 0 % in the month the ramp starts, then 25, 50, 75 %, and 100 % from the
fifth month; a quarter's quota takes the mean of its three months. A period before the ramp
starts has nothing to measure: 0 %. No ramp (no start, or 0 weeks): 100 % throughout."""

from datetime import date, timedelta
from decimal import Decimal

from app.core.periods import Period
from app.models import Rep

ACTIVITY_STEPS = (Decimal("0.5"), Decimal("0.75"), Decimal("1"))
QUOTA_STEPS = (Decimal("0"), Decimal("0.25"), Decimal("0.5"), Decimal("0.75"))
FULL = Decimal("1")


def ramps(rep: Rep) -> bool:
    return rep.ramp_starts_on is not None and rep.ramp_weeks > 0


def activity_share(rep: Rep, monday: date) -> Decimal:
    """The share of the full weekly targets that holds in the week starting `monday`."""
    if not ramps(rep):
        return FULL
    start = rep.ramp_starts_on
    first_monday = start - timedelta(days=start.weekday())
    week = (monday - first_monday).days // 7
    if week >= rep.ramp_weeks:
        return FULL
    return ACTIVITY_STEPS[max(week, 0) * len(ACTIVITY_STEPS) // rep.ramp_weeks]


def quota_share(rep: Rep, period: Period) -> Decimal:
    """The share of the full quota that holds for the period (the mean over its months)."""
    if not ramps(rep):
        return FULL
    start = rep.ramp_starts_on
    months = _months(period)
    shares = [_month_share((m.year - start.year) * 12 + m.month - start.month) for m in months]
    return sum(shares, Decimal(0)) / len(shares)


def _month_share(months_in: int) -> Decimal:
    if months_in < 0:
        return Decimal(0)
    return QUOTA_STEPS[months_in] if months_in < len(QUOTA_STEPS) else FULL


def _months(period: Period) -> list[date]:
    firsts, day = [], period.start.replace(day=1)
    while day <= period.end:
        firsts.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return firsts
