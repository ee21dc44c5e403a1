"""Measurement periods and ISO weeks in a client's time zone (docs/domain.md, "Leading
indicators": measured per rep and per client, per ISO week unless said otherwise)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.errors import invalid_field
from app.models.enums import MeasurementPeriod


@dataclass(frozen=True)
class Period:
    kind: MeasurementPeriod
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period_containing(day: date, kind: MeasurementPeriod) -> Period:
    """The calendar month or quarter that contains `day`."""
    if kind is MeasurementPeriod.month:
        start = day.replace(day=1)
        months = 1
    else:
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        months = 3
    year, month = divmod(start.month - 1 + months, 12)
    return Period(kind, start, date(start.year + year, month + 1, 1) - timedelta(days=1))


def near_term_days(kind: MeasurementPeriod) -> int:
    """The mid-funnel window: 30 days for monthly clients, 60 for quarterly ones."""
    return 30 if kind is MeasurementPeriod.month else 60


def end_of_day_utc(day: date, timezone: str) -> datetime:
    """The last instant of `day` in the client's zone, in UTC (history up to it counts)."""
    local = datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(timezone))
    return (local - timedelta(microseconds=1)).astimezone(UTC)


def iso_week(day: date) -> str:
    """e.g. '2026-W47'."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def full_weeks_before(day: date, count: int) -> list[date]:
    """Mondays of the `count` complete ISO weeks before the week of `day`, oldest first."""
    this_monday = day - timedelta(days=day.weekday())
    return [this_monday - timedelta(weeks=n) for n in range(count, 0, -1)]


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (or earlier), clamped to the month's end
    (31 August + 6 months = 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    first_of_next = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return date(year, month + 1, min(day.day, (first_of_next - timedelta(days=1)).day))


def period_label(period: Period) -> str:
    """'2026-12' for a month, '2026-Q4' for a quarter."""
    if period.kind is MeasurementPeriod.month:
        return f"{period.start.year}-{period.start.month:02d}"
    return f"{period.start.year}-Q{(period.start.month - 1) // 3 + 1}"


def parse_period(label: str, kind: MeasurementPeriod) -> Period:
    """The period a label names, of the client's kind; ValueError with the reason."""
    text = label.strip().upper()
    if kind is MeasurementPeriod.month:
        if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit():
            raise ValueError("must be a month as YYYY-MM (the client measures by month)")
        year, month = int(text[:4]), int(text[5:])
        if not 1 <= month <= 12:
            raise ValueError("must be a month as YYYY-MM (the client measures by month)")
    else:
        if len(text) != 7 or text[4:6] != "-Q" or not text[:4].isdigit() or text[6] not in "1234":
            raise ValueError("must be a quarter as YYYY-Qn (the client measures by quarter)")
        year, month = int(text[:4]), 3 * (int(text[6]) - 1) + 1
    if not 1900 <= year <= 2100:
        raise ValueError("is out of range")
    return period_containing(date(year, month, 1), kind)


def parse_period_field(label: str, kind: MeasurementPeriod, *, location: str) -> Period:
    """parse_period for a request's `period`: a 422 naming the field when it is wrong."""
    try:
        return parse_period(label, kind)
    except ValueError as exc:
        raise invalid_field("period", f"period {exc}.", location=location) from None


def periods_before(period: Period, count: int) -> list[Period]:
    """The `count` periods that ended before `period`, latest first."""
    out, current = [], period
    for _ in range(count):
        current = period_containing(current.start - timedelta(days=1), current.kind)
        out.append(current)
    return out
