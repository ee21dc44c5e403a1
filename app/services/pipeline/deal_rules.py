"""What a stage change implies for a deal: close dates, forecast category, lost reason,
proposal date and slips. Pure functions over plain values, so each rule is easy to read."""

from datetime import date, timedelta
from typing import Any

from app.errors import invalid_field
from app.models.enums import PROPOSAL_OR_LATER, ForecastCategory, Stage


def settle(current: dict[str, Any], changes: dict[str, Any], *, today: date) -> dict[str, Any]:
    """The full set of changes to store, given the deal's current values (defaults for a new
    deal) and the changes asked for; 422 when they contradict each other."""
    out = dict(changes)
    for field in ("closed_on", "proposal_sent_on"):
        if out.get(field) and out[field] > today + timedelta(days=1):
            raise invalid_field(field, f"{field} can't be more than a day ahead of today.")
    stage = Stage(out.get("stage", current["stage"]))
    was_closed = current.get("id") is not None and Stage(current["stage"]).is_closed
    if stage.is_closed:
        _closing(current, out, stage, today=today)
    else:
        _open(current, out, reopening=was_closed)
    if stage in PROPOSAL_OR_LATER and not out.get("proposal_sent_on", current["proposal_sent_on"]):
        out["proposal_sent_on"] = out.get("closed_on") or today
    old_close, new_close = current["expected_close_on"], out.get("expected_close_on")
    if current.get("id") is not None and old_close and new_close and new_close > old_close:
        out["slip_count"] = current["slip_count"] + 1
    return out


def _closing(current: dict[str, Any], out: dict[str, Any], stage: Stage, *, today: date) -> None:
    category = out.get("forecast_category")
    if category not in (None, ForecastCategory.closed):
        raise invalid_field("forecast_category", "A closed deal's forecast category is 'closed'.")
    out["forecast_category"] = ForecastCategory.closed
    if not out.get("closed_on", current["closed_on"]):
        out["closed_on"] = today
    reason = out.get("lost_reason", current["lost_reason"])
    if stage is Stage.closed_lost and reason is None:
        raise invalid_field("lost_reason", "A lost deal needs a lost_reason.")
    if stage is Stage.closed_won:
        if out.get("lost_reason") is not None:
            raise invalid_field("lost_reason", "Only a lost deal has a lost_reason.")
        if current["lost_reason"] is not None:
            out["lost_reason"] = None


def _open(current: dict[str, Any], out: dict[str, Any], *, reopening: bool) -> None:
    if out.get("forecast_category") == ForecastCategory.closed:
        raise invalid_field("forecast_category", "An open deal's category cannot be 'closed'.")
    if out.get("closed_on") is not None:
        raise invalid_field("closed_on", "Only a closed deal has a closed_on date.")
    if out.get("lost_reason") is not None:
        raise invalid_field("lost_reason", "Only a lost deal has a lost_reason.")
    if reopening:
        out["closed_on"] = None
        out["lost_reason"] = None
        out.setdefault("forecast_category", ForecastCategory.pipeline)
    elif current["forecast_category"] == ForecastCategory.closed and "forecast_category" not in out:
        out["forecast_category"] = ForecastCategory.pipeline
