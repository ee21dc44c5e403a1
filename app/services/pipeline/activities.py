"""Weekly activity logs: calls, meetings, proposals and prospecting hours per rep and day."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from app.core.changes import Change, as_read, record
from app.core.clock import now_of, today_of
from app.core.filters import where_equal, where_updated_since
from app.core.pagination import BY_DATE, Page, PageRequest, SortKey, paginate
from app.core.versioning import apply_changes
from app.errors import AppError, Conflict, Unprocessable, invalid_field
from app.models import Activity, Client, Deal, Rep
from app.models.enums import ActivityKind
from app.models.pipeline.activity import (
    ActivityCreate,
    ActivityRead,
    ActivityUpdate,
    check_quantity,
)
from app.services.access.policy import Action, Resource, authorize, requested_changes
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, resolve_rep, scoped_select
from app.services.pipeline.expand import expanded_activities

BY_DAY = SortKey("occurred_on", **BY_DATE)


@dataclass(frozen=True)
class ActivityFilters:
    client_id: uuid.UUID | None = None
    rep_id: uuid.UUID | None = None
    kind: ActivityKind | None = None
    date_from: date | None = None
    date_to: date | None = None
    updated_since: datetime | None = None


def filtered_activities(principal: Principal, filters: ActivityFilters):
    """The scoped SELECT of activities matching the filters (lists and exports share it)."""
    f = filters
    stmt = where_equal(scoped_select(principal, Activity), (Activity.client_id, f.client_id),
                       (Activity.rep_id, f.rep_id), (Activity.kind, f.kind))
    if f.date_from:
        stmt = stmt.where(Activity.occurred_on >= f.date_from)
    if f.date_to:
        stmt = stmt.where(Activity.occurred_on <= f.date_to)
    return where_updated_since(stmt, Activity, f.updated_since)


def list_activities(session: Session, principal: Principal, page: PageRequest, *,
                    filters: ActivityFilters, expand: frozenset[str] = frozenset(),
                    ) -> Page[Activity] | Page[ActivityRead]:
    """The activities the caller may see, latest day first; with `expand`, the names beside
    the ids."""
    authorize(principal, Resource.activities, Action.list)
    found = paginate(session, filtered_activities(principal, filters), Activity, page, BY_DAY)
    if not expand:
        return found
    return Page(expanded_activities(session, principal, found.items, expand),
                found.next_cursor)


def log_activity(session: Session, principal: Principal, data: ActivityCreate, *,
                 rep: Rep | None = None, client: Client | None = None) -> Activity:
    """Log one rep's activity for one day and kind (imports pass the rep and client they
    already resolved through the caller's scope)."""
    activity = _prepare(session, principal, data, taken=set(), rep=rep, client=client)
    session.add(activity)
    session.flush()
    _logged(session, activity)
    return activity


def log_batch(session: Session, principal: Principal,
              items: list[ActivityCreate]) -> list[Activity]:
    """Log many rows, all or nothing: any invalid row fails the batch, naming every bad row."""
    authorize(principal, Resource.activities, Action.create)
    prepared, errors, taken = [], [], set()
    for row, item in enumerate(items):
        try:
            prepared.append(_prepare(session, principal, item, taken=taken))
        except AppError as exc:
            fields = exc.extensions.get("errors") or [{"field": "", "message": exc.detail}]
            for error in fields:
                name = error["field"].removeprefix("body.")
                errors.append({"row": row, "status": exc.status,
                               "field": f"body.items.{row}" + (f".{name}" if name else ""),
                               "loc": ["body", "items", str(row)] + ([name] if name else []),
                               "message": exc.detail, "type": exc.slug})
    if errors:
        rows = sorted({e["row"] for e in errors})
        raise Unprocessable(f"{len(rows)} row(s) are invalid; nothing was logged: rows "
                            + ", ".join(map(str, rows[:20])), errors=errors)
    session.add_all(prepared)
    session.flush()
    for activity in prepared:
        _logged(session, activity)
    return prepared


def _logged(session: Session, activity: Activity) -> None:
    record(session, Change("activity", activity.client_id, activity.rep_id,
                           as_read(activity, ActivityRead)))


def get_activity(session: Session, principal: Principal, activity_id: uuid.UUID) -> Activity:
    """One activity the caller may see."""
    return get_scoped(session, principal, Activity, activity_id, resource=Resource.activities,
                      action=Action.read)


def get_activity_read(session: Session, principal: Principal, activity_id: uuid.UUID,
                      expand: frozenset[str]) -> tuple[Activity, Activity | ActivityRead]:
    """One activity and its read (with `expand`, the names beside the ids)."""
    activity = get_activity(session, principal, activity_id)
    if not expand:
        return activity, activity
    return activity, expanded_activities(session, principal, [activity], expand)[0]


def update_activity(session: Session, principal: Principal, activity_id: uuid.UUID,
                    data: ActivityUpdate, *, if_match: str | None) -> Activity:
    """Correct an activity's quantity, note or deal."""
    activity = get_scoped(session, principal, Activity, activity_id,
                          resource=Resource.activities, action=Action.update, for_update=True)
    changes = requested_changes(principal, Resource.activities, activity, data,
                                if_match=if_match, nullable=frozenset({"deal_id"}))
    if "quantity" in changes:
        try:
            check_quantity(ActivityKind(activity.kind), changes["quantity"])
        except ValueError as exc:
            raise invalid_field("quantity", str(exc)) from None
    if changes.get("deal_id"):
        _check_deal(session, principal, changes["deal_id"], activity.rep_id)
    if "quantity" in changes and changes["quantity"] > activity.quantity:
        changes["raised_at"] = now_of(session)  # a raise entered late counts as a late entry
    apply_changes(activity, changes)
    session.flush()
    return activity


def delete_activity(session: Session, principal: Principal, activity_id: uuid.UUID) -> None:
    """Remove an activity logged by mistake."""
    activity = get_scoped(session, principal, Activity, activity_id,
                          resource=Resource.activities, action=Action.delete, for_update=True)
    session.delete(activity)
    session.flush()


def _prepare(session: Session, principal: Principal, data: ActivityCreate, *,
             taken: set[tuple], rep: Rep | None = None, client: Client | None = None) -> Activity:
    authorize(principal, Resource.activities, Action.create)
    rep = rep or resolve_rep(session, principal, data.rep_id)
    check_loggable(session, client or session.get(Client, rep.client_id), data.occurred_on)
    if data.deal_id is not None:
        _check_deal(session, principal, data.deal_id, rep.id)
    key = (rep.id, data.occurred_on, data.kind)
    existing = session.exec(select(Activity.id).where(
        Activity.rep_id == rep.id, Activity.occurred_on == data.occurred_on,
        Activity.kind == data.kind)).first()
    if existing or key in taken:
        raise Conflict(f"{data.kind} for this rep on {data.occurred_on} is already logged; "
                       "change that entry instead.", existing_id=str(existing or ""))
    taken.add(key)
    return Activity.model_validate(data.model_dump(exclude={"rep_id"})
                                   | {"rep_id": rep.id, "client_id": rep.client_id})


def check_loggable(session: Session, client: Client, occurred_on: date) -> None:
    """Refuse dates more than a day ahead of today in the client's time zone."""
    if occurred_on > today_of(session, client.timezone) + timedelta(days=1):
        raise invalid_field("occurred_on", "Activity can't be logged more than a day ahead.")


def _check_deal(session: Session, principal: Principal, deal_id: uuid.UUID,
                rep_id: uuid.UUID) -> None:
    deal = session.exec(scoped_select(principal, Deal).where(Deal.id == deal_id)).first()
    if deal is None or deal.rep_id != rep_id:
        raise invalid_field("deal_id", "The deal must be one of the same rep's deals.")

