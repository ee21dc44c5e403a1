"""One row of an activity import, checked whole. A row is the rep's activity of one day
and kind: it creates that entry, or (mode=upsert) changes the one already logged."""

import uuid
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from app.models import Activity, Deal, Rep
from app.models.pipeline.activity import ActivityCreate
from app.models.pipeline.imports import RowError
from app.services.pipeline.imports.presets import Naming, parse_day

COLUMNS = {"rep_email", "rep_name", "occurred_on", "kind", "quantity", "deal_id", "note",
           "id", "created_at", "updated_at", "version", "client_id", "rep_id"}
READ_ONLY = {"id", "created_at", "updated_at", "version", "client_id", "rep_id"}
Planned = tuple[dict[str, Any], Activity | None]  # the row's values, the entry it changes


class Logged:
    """The activity already logged, read a rep and month at a time."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.months: dict[tuple[uuid.UUID, int, int], dict[tuple[date, str], Activity]] = {}
        self.seen: dict[tuple[uuid.UUID, date, str], int] = {}

    def get(self, rep_id: uuid.UUID, day: date, kind: str) -> Activity | None:
        key = (rep_id, day.year, day.month)
        if key not in self.months:
            start = day.replace(day=1)
            end = date(day.year + day.month // 12, day.month % 12 + 1, 1)
            self.months[key] = {(a.occurred_on, a.kind): a for a in self.session.exec(
                select(Activity).where(Activity.rep_id == rep_id, Activity.occurred_on >= start,
                                       Activity.occurred_on < end))}
        return self.months[key].get((day, kind))


def plan_activity(session: Session, reps: dict[str, Rep], names: dict[str, Rep],
                  logged: Logged, naming: Naming, line: int, raw: dict[str, str], *,
                  upsert: bool, latest: date) -> Planned | list[RowError]:
    """(the row's values with rep_id, the entry it changes) or the line's errors."""
    errors: list[RowError] = []
    values = {k: v for k, v in raw.items() if k not in READ_ONLY}
    rep = _rep(values, reps, names, line, errors)
    if "occurred_on" in values:
        day = parse_day(values["occurred_on"], naming.date_formats)
        if day is None:
            errors.append(RowError(line=line, field="occurred_on",
                                   message=f"{values['occurred_on']!r} is not a date."))
            del values["occurred_on"]
        else:
            values["occurred_on"] = day.isoformat()
    try:
        data = ActivityCreate.model_validate(values)
    except ValidationError as exc:
        return errors + [RowError(line=line, field=".".join(map(str, e["loc"])) or None,
                                  message=e["msg"]) for e in exc.errors()]
    if data.occurred_on > latest:
        errors.append(RowError(line=line, field="occurred_on",
                               message="Activity can't be logged more than a day ahead."))
    if rep is None or errors:
        return errors
    if data.deal_id is not None and session.exec(select(Deal.id).where(
            Deal.id == data.deal_id, col(Deal.rep_id) == rep.id,
            col(Deal.archived_at).is_(None))).first() is None:
        return [RowError(line=line, field="deal_id",
                         message="The deal must be one of the same rep's deals.")]
    key = (rep.id, data.occurred_on, data.kind.value)
    if key in logged.seen:
        return [RowError(line=line, field="kind", message=(
            f"Line {logged.seen[key]} has the same rep, day and kind."))]
    logged.seen[key] = line
    existing = logged.get(rep.id, data.occurred_on, data.kind.value)
    if existing is not None and not upsert:
        return [RowError(line=line, field="kind", message=(
            f"{data.kind.value} for this rep on {data.occurred_on} is already logged; import "
            "with mode=upsert to change it."))]
    return data.model_dump(exclude={"rep_id"}) | {"rep_id": rep.id}, existing


def _rep(values: dict[str, str], reps: dict[str, Rep], names: dict[str, Rep], line: int,
         errors: list[RowError]) -> Rep | None:
    email, name = values.pop("rep_email", "").lower(), values.pop("rep_name", "")
    found = reps.get(email) if email else names.get(name.strip().lower()) if name else None
    if found is None:
        what = (f"No rep of this client has email {email!r}." if email else
                f"No rep of this client is named {name!r}." if name else
                "Each row needs rep_email or rep_name.")
        errors.append(RowError(line=line, field="rep_name" if name and not email else "rep_email",
                               message=what))
    return found
