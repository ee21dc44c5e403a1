"""The application's one clock: "now" in UTC and "today" in a time zone.

Each unit of work carries a `Clock` (`session.info`, set where the session is made), and
services ask it instead of the wall clock, so that the demo seeder, the command line, tests
and benchmarks decide what time it is. This is the only module that reads the wall clock for
domain time (an architecture test keeps it so).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

CLOCK_KEY = "clock"


@dataclass(frozen=True)
class Clock:
    """The wall clock moved by `offset`, or a clock standing still at `frozen_at`."""

    offset: timedelta = timedelta(0)
    frozen_at: datetime | None = None

    @classmethod
    def system(cls, offset_seconds: float = 0.0) -> "Clock":
        """The wall clock, shifted by some seconds (0 in production)."""
        return cls(offset=timedelta(seconds=offset_seconds))

    @classmethod
    def starting_at(cls, instant: datetime) -> "Clock":
        """The wall clock moved so that it reads `instant` now, and runs on from there."""
        return cls(offset=instant.astimezone(UTC) - datetime.now(UTC))

    @classmethod
    def at(cls, instant: datetime) -> "Clock":
        """A clock that stands still at `instant` (timezone-aware)."""
        if instant.tzinfo is None:
            raise ValueError("a clock needs a timezone-aware instant")
        return cls(frozen_at=instant.astimezone(UTC))

    @classmethod
    def on(cls, day: date, at: time = time(17), timezone: str = "UTC") -> "Clock":
        """A clock standing still at a time of `day` in a time zone (default 17:00 UTC)."""
        return cls.at(datetime.combine(day, at, tzinfo=ZoneInfo(timezone)))

    def now(self) -> datetime:
        """Now, timezone-aware, in UTC."""
        if self.frozen_at is not None:
            return self.frozen_at
        return datetime.now(UTC) + self.offset

    def today(self, timezone: str = "UTC") -> date:
        """Today's date in a time zone (a client's `timezone`)."""
        return self.now().astimezone(ZoneInfo(timezone)).date()


def clock_of(session: Session) -> Clock:
    """The clock of a unit of work (every sessionmaker of the app sets one)."""
    clock = session.info.get(CLOCK_KEY)
    if clock is None:
        raise RuntimeError("this session has no clock; make it with app.db.make_sessionmaker")
    return clock


def now_of(session: Session) -> datetime:
    """Now, by the session's clock."""
    return clock_of(session).now()


def today_of(session: Session, timezone: str = "UTC") -> date:
    """Today in a time zone, by the session's clock."""
    return clock_of(session).today(timezone)
