"""The history an imported deal would have had: opened on `created_on` (09:00 in the
client's zone), sent a proposal on `proposal_sent_on` (12:00), closed on `closed_on`
(17:00). So replays of any past day see it as it stood: not yet there, open, or closed.
The stages in between are not known and not invented: an open deal is opened at its stage
(or moves to it with the proposal), a closed one is opened at prospecting."""

import uuid
from datetime import UTC, date, datetime, time
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from app.core.changes import as_text
from app.models.enums import PROPOSAL_OR_LATER, ForecastCategory, Stage
from app.models.pipeline.deal_change import TRACKED_FIELDS

OPENED, PROPOSED, CLOSED = time(9), time(12), time(17)


def plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def at(day: date, hour: time, zone: str) -> datetime:
    return datetime.combine(day, hour, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def deal_and_history(values: dict[str, Any], created_on: date | None, *, client_id: uuid.UUID,
                     zone: str, changed_by: uuid.UUID | None, now: datetime
                     ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The deals row to insert and its deal_changes rows."""
    stage = Stage(values["stage"])
    proposed = values.get("proposal_sent_on")
    closed_on = values.get("closed_on")
    opened_on = created_on or (closed_on if stage.is_closed else None)
    deal_id = uuid.uuid4()
    if opened_on is None:  # no date given: opened now, as a deal created by hand
        events = [(now, _fields(values, stage))]
    else:
        first = Stage.prospecting if stage.is_closed else stage
        path_via_proposal = proposed is not None and proposed > opened_on and (
            stage.is_closed or stage in PROPOSAL_OR_LATER)
        if path_via_proposal and not stage.is_closed:
            first = Stage.prospecting
        category = (ForecastCategory.pipeline if stage.is_closed
                    else ForecastCategory(plain(values["forecast_category"])))
        events = [(at(opened_on, OPENED, zone), _fields(values, first, category))]
        if path_via_proposal:
            moved = Stage.proposal if stage.is_closed else stage
            events.append((at(proposed, PROPOSED, zone), {"stage": moved.value}))
        if stage.is_closed:
            events.append((at(closed_on, CLOSED, zone),
                           {"stage": stage.value, "forecast_category": "closed"}))
    state: dict[str, str | None] = {}
    changes = []
    for when, fields in events:
        for field, value in fields.items():
            old, new = state.get(field), _text(value)
            if new != old:
                changes.append({"id": uuid.uuid4(), "deal_id": deal_id, "client_id": client_id,
                                "field": field, "old": old, "new": new,
                                "changed_by": changed_by, "changed_at": when})
                state[field] = new
    row = {name: plain(value) for name, value in values.items()}
    row |= {"id": deal_id, "client_id": client_id, "slip_count": 0, "version": 1,
            "created_at": events[0][0], "updated_at": events[-1][0]}
    return row, changes


def _text(value: Any) -> str | None:
    """A value as the history stores it (core.changes.as_text, for the few types a deal's
    tracked fields hold, without its general checks: this runs for every imported row)."""
    if value is None or type(value) is str:
        return value
    return as_text(value) if isinstance(value, dict | list | bool) else str(plain(value))


def _fields(values: dict[str, Any], stage: Stage,
            category: ForecastCategory | None = None) -> dict[str, Any]:
    out = {name: plain(values.get(name)) for name in TRACKED_FIELDS}
    out["stage"] = stage.value
    if category is not None:
        out["forecast_category"] = category.value
    return {k: v for k, v in out.items() if v is not None}
