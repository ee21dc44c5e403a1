"""CSV exports of what the caller may see, streamed row by row."""

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from app.models import Activity, Deal, Rep
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.pipeline.activities import ActivityFilters, filtered_activities
from app.services.pipeline.deals import DealFilters, filtered_deals

DEAL_EXPORT = ["id", "rep_email", "name", "account_name", "amount", "gross_margin_pct", "kind",
               "stage", "forecast_category", "expected_close_on", "proposal_sent_on",
               "closed_on", "lost_reason", "next_step", "next_step_due_on", "decision_maker",
               "account_id", "process_stage", "external_id", "source", "slip_count",
               "created_at", "updated_at"]
ACTIVITY_EXPORT = ["id", "rep_email", "occurred_on", "kind", "quantity", "deal_id", "note",
                   "created_at", "updated_at"]


def deals_csv(session: Session, principal: Principal, filters: DealFilters) -> Iterator[str]:
    """The filtered deals as CSV text, a chunk at a time."""
    authorize(principal, Resource.deals, Action.list)
    stmt = (filtered_deals(principal, filters).add_columns(Rep.email)
            .join(Rep, Rep.id == Deal.rep_id).order_by(Deal.created_at, Deal.id))
    return _stream(session, DEAL_EXPORT, stmt)


def activities_csv(session: Session, principal: Principal,
                   filters: ActivityFilters) -> Iterator[str]:
    """The filtered activities as CSV text, a chunk at a time."""
    authorize(principal, Resource.activities, Action.list)
    stmt = (filtered_activities(principal, filters).add_columns(Rep.email)
            .join(Rep, Rep.id == Activity.rep_id)
            .order_by(Activity.occurred_on, Activity.id))
    return _stream(session, ACTIVITY_EXPORT, stmt)


def _stream(session: Session, columns: list[str], stmt) -> Iterator[str]:
    # The query runs only once the response starts streaming: authorization has already
    # happened, and the request's own transaction has already committed.
    yield from _csv(columns, session.execute(stmt.execution_options(yield_per=500)))


def _csv(columns: list[str], rows: Iterable[tuple[Any, str | None]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for count, (record, email) in enumerate(rows, start=1):
        values = {"rep_email": email or ""}
        writer.writerow([_cell(values[c] if c in values else getattr(record, c))
                         for c in columns])
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    # Keep spreadsheet formulas inert (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(text) \
        else text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
