"""Moving the suite's clock: the test process travels (time-machine), and the servers that
tests start as processes get the same shift through CLOCK_OFFSET_SECONDS."""

import time
from datetime import UTC, datetime

import time_machine

_travel: time_machine.travel | None = None


def travel_to(instant: datetime) -> None:
    """From now on, this process's clock reads `instant` and runs on from there."""
    global _travel
    _travel = time_machine.travel(instant, tick=True)
    _travel.start()


def offset_env() -> dict[str, str]:
    """The environment that puts a server process's clock where this process's is."""
    if _travel is None:
        return {}
    offset = time.time() - time_machine.escape_hatch.time.time()
    return {"CLOCK_OFFSET_SECONDS": f"{offset:.3f}"}


def utcnow() -> datetime:
    """Now in UTC, as the app's clock reads it (the suite's app runs on the system clock)."""
    return datetime.now(UTC)
