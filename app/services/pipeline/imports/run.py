"""One pass over an import file: every row checked, and (when writing) what is valid
written as it goes; the caller commits or rolls back the whole. `progress` hears of the rows
read every so often (a job's progress)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from sqlmodel import Session

from app.core.clock import now_of, today_of
from app.models import Client
from app.models.pipeline.import_job import ImportKind
from app.models.pipeline.imports import RowError
from app.services.access.principal import Principal
from app.services.pipeline.imports import activity_rows, deal_rows
from app.services.pipeline.imports.presets import Naming
from app.services.pipeline.imports.source import read_rows
from app.services.pipeline.imports.writer import ActivityWriter, DealWriter

EVERY = 500  # rows between two progress reports
MAX_ERRORS = 5000  # kept and shown; counting goes on


@dataclass
class Outcome:
    rows: int = 0
    valid: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_lines: int = 0
    items: list[dict[str, Any]] = field(default_factory=list)


def run(session: Session, principal: Principal, client: Client, kind: ImportKind,
        stream: BinaryIO, naming: Naming, *, upsert: bool, write: bool, keep_items: bool,
        progress: Callable[[int, int], None] | None = None) -> Outcome:
    out = Outcome()
    reps, names = deal_rows.reps_of(session, principal, client)
    today = today_of(session, client.timezone)
    if kind is ImportKind.deals:
        matcher = deal_rows.Matcher(session, principal, client)
        deals = DealWriter(session, principal, client)
        rows = read_rows(stream, naming, required={"name"}, allowed=deal_rows.COLUMNS)
    else:
        logged = activity_rows.Logged(session)
        activities = ActivityWriter(session, principal, client)
        rows = read_rows(stream, naming, required={"occurred_on", "kind", "quantity"},
                         allowed=activity_rows.COLUMNS)
    now = now_of(session)
    for line, raw in rows:
        out.rows += 1
        if kind is ImportKind.deals:
            plan = deal_rows.plan_row(session, client, reps, names, matcher, naming, line, raw,
                                      upsert=upsert, today=today)
        else:
            plan = activity_rows.plan_activity(session, reps, names, logged, naming, line, raw,
                                               upsert=upsert, latest=today + timedelta(days=1))
        if isinstance(plan, list):
            out.error_lines += 1
            out.errors += plan[:max(MAX_ERRORS - len(out.errors), 0)]
        else:
            out.valid += 1
            if write and not out.error_lines:
                if kind is ImportKind.deals:
                    deals.add(plan)
                else:
                    values, existing = plan
                    activities.add(values, _entered(values["occurred_on"], client, now),
                                   existing)
            if keep_items:
                out.items.append(_item(line, plan))
        if progress is not None and out.rows % EVERY == 0:
            progress(out.rows, out.valid)
    writer = deals if kind is ImportKind.deals else activities
    writer.flush()
    out.created, out.updated, out.unchanged = writer.created, writer.updated, writer.unchanged
    return out


def _entered(day, client: Client, now: datetime) -> datetime:
    """An imported activity reads as entered that evening (never later than now)."""
    evening = datetime.combine(day, time(18), tzinfo=ZoneInfo(client.timezone)).astimezone(UTC)
    return min(evening, now)


def _item(line: int, plan) -> dict[str, Any]:
    if isinstance(plan, deal_rows.Create):
        return {"line": line, "action": "create",
                **{k: _json(v) for k, v in plan.values.items() if k != "id"},
                "created_on": _json(plan.created_on)}
    if isinstance(plan, deal_rows.Update):
        return {"line": line, "action": "update" if plan.changes else "unchanged",
                "id": str(plan.deal.id), "name": plan.deal.name,
                "changes": {k: _json(v) for k, v in plan.changes.items()}}
    values, existing = plan
    return {"line": line, "action": "update" if existing else "create",
            **{k: _json(v) for k, v in values.items()}}


def _json(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    return getattr(value, "value", None) or str(value)
