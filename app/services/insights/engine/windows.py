"""The dates each client's figures are measured over, as of a day in the client's time zone,
and the same dates as a small SQL table, so one grouped query serves one client or fifty."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import (
    Date,
    Numeric,
    Uuid,
    literal,
)
from sqlalchemy.sql import ColumnElement, FromClause

from app.core.periods import (
    Period,
    end_of_day_utc,
    full_weeks_before,
    near_term_days,
    period_containing,
)
from app.core.sql import not_by_its_index, rows_table
from app.models import Client
from app.models.base import UTCDateTime
from app.models.enums import OPEN_STAGES, MeasurementPeriod

RATE_WINDOW_DAYS = 90
CONVERSION_DAYS = 365  # the closed deals a client's own stage conversion is learned from
FORECAST_DAYS = (30, 60, 90)
ACTIVITY_WEEKS = 4
SLIP_WINDOW_DAYS = 30  # commit deals that slipped or were lost this recently


@dataclass(frozen=True)
class Window:
    client: Client
    as_of: date
    period: Period
    near_term_end: date
    rate_start: date  # exclusive
    state_at: datetime  # the end of `as_of` in the client's zone, in UTC
    mondays: tuple[date, ...]  # the complete ISO weeks of activity shown, oldest first

    @property
    def last_week(self) -> tuple[datetime, datetime]:
        """The last complete ISO week, as UTC instants: after the first, up to the second."""
        monday = self.mondays[-1]
        return (end_of_day_utc(monday - timedelta(days=1), self.client.timezone),
                end_of_day_utc(monday + timedelta(days=6), self.client.timezone))

    @property
    def slips_from(self) -> datetime:
        """Commit deals count as slipping for changes after this instant."""
        return end_of_day_utc(self.as_of - timedelta(days=SLIP_WINDOW_DAYS), self.client.timezone)

    @property
    def overdue_before(self) -> date:
        """A commit or best-case deal expected to close before this day is overdue: it
        counts in no roll-up and not in the near-term coverage."""
        return self.as_of - timedelta(days=self.client.rules.overdue_after_days)

    @property
    def conversion_from(self) -> datetime:
        """Deals closed after this instant teach the client's own stage conversion."""
        return end_of_day_utc(self.as_of - timedelta(days=CONVERSION_DAYS), self.client.timezone)

    @property
    def counts_since(self) -> date:
        """Exclusive: a deal closed on or before this day counts in no figure of the window."""
        return min(self.rate_start, self.period.start - timedelta(days=1))


def window_for(client: Client, as_of: date, *, weeks: int | None = None) -> Window:
    """The client's dates as of a day; `weeks` complete weeks of activity (default: the
    dashboard's, or the client's alarm weeks if more)."""
    kind = MeasurementPeriod(client.measurement_period)
    weeks = weeks or max(ACTIVITY_WEEKS, client.activity_alarm_weeks)
    return Window(client=client, as_of=as_of, period=period_containing(as_of, kind),
                  near_term_end=as_of + timedelta(days=near_term_days(kind)),
                  rate_start=as_of - timedelta(days=RATE_WINDOW_DAYS),
                  state_at=end_of_day_utc(as_of, client.timezone),
                  mondays=tuple(full_weeks_before(as_of, weeks)))


def windows_table(windows: list[Window], dialect: str) -> FromClause:
    """One row per client: its id and every date its figures need (ISO dates compare as
    text on SQLite, as dates on PostgreSQL)."""
    rows = []
    for w in windows:
        columns = {
            "client_id": literal(w.client.id, Uuid()),
            "as_of": literal(w.as_of, Date()),
            "period_start": literal(w.period.start, Date()),
            "period_end": literal(w.period.end, Date()),
            "near_term_end": literal(w.near_term_end, Date()),
            "overdue_before": literal(w.overdue_before, Date()),
            "rate_start": literal(w.rate_start, Date()),
            "state_at": literal(w.state_at, UTCDateTime()),
            "first_monday": literal(w.mondays[0], Date()),
            "weeks_end": literal(w.mondays[-1] + timedelta(days=7), Date()),
            "slips_from_at": literal(w.slips_from, UTCDateTime()),
            "conversion_from_at": literal(w.conversion_from, UTCDateTime()),
            "last_week_from_at": literal(w.last_week[0], UTCDateTime()),
            "last_week_to_at": literal(w.last_week[1], UTCDateTime()),
        }
        for days in FORECAST_DAYS:
            columns[f"forecast_end_{days}"] = literal(w.as_of + timedelta(days=days), Date())
        for stage in OPEN_STAGES:  # the chance that an open deal in this stage closes
            columns[f"chance_{stage.value}"] = literal(
                Decimal(w.client.stage_probabilities.get(stage.value, 0)) / 100, Numeric(6, 4))
        rows.append(columns)
    return rows_table("windows", rows, dialect)


def of_its_client(table: FromClause, client_id: ColumnElement, dialect: str) -> ColumnElement:
    """The join condition of a row to its client's window. On SQLite the row's side is
    wrapped (`|| ''`) so the planner doesn't search the deals by client id alone, and takes
    the indexes of the rows' own conditions instead (open, closed or proposed lately)."""
    return table.c.client_id == not_by_its_index(client_id, dialect)

