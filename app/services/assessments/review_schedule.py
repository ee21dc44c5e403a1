"""When a client's strategy review is due (docs/domain.md, "Strategy reviews": assess the
client's sales strategy and execution at least every 6 months), and the alarm when it is
overdue: the last review is more than 6 calendar months old, or there is none while the
engagement started more than 6 months ago. No alarm for an engagement that has ended or has
no start date and no review."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.core.periods import add_months
from app.models import Client
from app.models.insights.alarm import Severity

REVIEW_EVERY_MONTHS = 6
CRITICAL_AFTER_DAYS = 90  # past the due day


@dataclass(frozen=True)
class Overdue:
    severity: Severity
    figures: dict[str, Any]
    message: str
    badness: float


def overdue_review(client: Client, *, as_of: date, last: date | None) -> Overdue | None:
    """The client's overdue review at `as_of`, given the day of its last review (if any)."""
    ended = client.engagement_ended_on
    if ended is not None and ended < as_of:
        return None
    since = last or client.engagement_started_on
    if since is None or since > as_of:  # an engagement not started yet has nothing due
        return None
    due = add_months(since, REVIEW_EVERY_MONTHS)
    if as_of <= due:
        return None
    late = (as_of - due).days
    if last is None:
        what = f"there has been no review since the engagement started on {since}"
    else:
        what = f"the last review was on {last}"
    return Overdue(
        Severity.critical if late > CRITICAL_AFTER_DAYS else Severity.warning,
        {"last_review_on": last and last.isoformat(),
         "engagement_started_on": client.engagement_started_on and
         client.engagement_started_on.isoformat(),
         "due_on": due.isoformat(), "days_overdue": late,
         "every_months": REVIEW_EVERY_MONTHS},
        f"Assess strategy and execution: {what}; a review is due every "
        f"{REVIEW_EVERY_MONTHS} months and is {late} day{'s' if late != 1 else ''} overdue "
        f"(due {due}).",
        float(late))
