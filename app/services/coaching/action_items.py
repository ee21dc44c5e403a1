"""Action items of one-on-ones, of owner meetings and of onboarding plans: listed across
meetings overdue first, ticked off by whom they are assigned to (a rep, the owner) or the
manager."""

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_
from sqlmodel import Session, col, func

from app.core.clock import now_of, today_of
from app.core.filters import where_equal
from app.core.pagination import BY_DATE, Page, PageRequest, SortKey, paginate
from app.core.versioning import apply_changes
from app.errors import Conflict, invalid_field
from app.models import ActionItem, Client, OneOnOne
from app.models.coaching.action_item import ActionItemCreate, ActionItemRead, ActionItemUpdate
from app.models.coaching.coaching_change import Subject
from app.models.enums import Assignee
from app.services.access.policy import Action, Resource, authorize, requested_changes
from app.services.access.principal import Principal
from app.services.access.rules import check_action_item_ticker
from app.services.access.scope import get_scoped, scoped_select
from app.services.coaching.history import record_changes

MAX_PER_ONE_ON_ONE = 50
LOGGED = ("title", "assignee", "due_on", "done")
# Ascending due dates put the overdue items first; items without a date come last.
BY_DUE = SortKey("due_on", descending=False, null_as=date(9999, 12, 31), **BY_DATE)


@dataclass(frozen=True)
class ActionItemFilters:
    client_id: uuid.UUID | None = None
    rep_id: uuid.UUID | None = None
    one_on_one_id: uuid.UUID | None = None
    assignee: Assignee | None = None
    done: bool | None = False


def list_action_items(session: Session, principal: Principal, page: PageRequest, *,
                      filters: ActionItemFilters) -> Page[ActionItemRead]:
    """The items the caller may see (a rep: their own) of one-on-ones not archived, open
    ones unless asked otherwise, overdue first."""
    authorize(principal, Resource.action_items, Action.list)
    f = filters
    stmt = where_equal(current_items(principal), (ActionItem.client_id, f.client_id),
                       (ActionItem.rep_id, f.rep_id),
                       (ActionItem.one_on_one_id, f.one_on_one_id),
                       (ActionItem.assignee, f.assignee), (ActionItem.done, f.done))
    found = paginate(session, stmt, ActionItem, page, BY_DUE)
    return Page(items=read_items(session, found.items), next_cursor=found.next_cursor)


def current_items(principal: Principal):
    """The scoped SELECT of the action items of owner meetings, of onboarding plans and of
    one-on-ones that are not archived."""
    live = (scoped_select(principal, OneOnOne).with_only_columns(OneOnOne.id)
            .where(col(OneOnOne.archived_at).is_(None)))
    return scoped_select(principal, ActionItem).where(or_(
        col(ActionItem.one_on_one_id).in_(live), col(ActionItem.owner_meeting_id).is_not(None),
        col(ActionItem.onboarding_plan_id).is_not(None)))


def get_action_item(session: Session, principal: Principal,
                    item_id: uuid.UUID) -> ActionItemRead:
    """One action item the caller may see."""
    item = get_scoped(session, principal, ActionItem, item_id, resource=Resource.action_items,
                      action=Action.read)
    return read_items(session, [item])[0]


def add_action_items(session: Session, principal: Principal, meeting: OneOnOne,
                     data: list[ActionItemCreate]) -> list[ActionItem]:
    """New items of a one-on-one the caller may change (at most 50 per meeting)."""
    authorize(principal, Resource.action_items, Action.create)
    if any(entry.assignee is Assignee.owner for entry in data):
        raise invalid_field("assignee", "A one-on-one's item goes to its rep or its manager; "
                                        "the owner's come from owner meetings.")
    if meeting.archived_at is not None:
        raise Conflict("This one-on-one is archived; restore it first.")
    count = session.exec(scoped_select(principal, ActionItem).with_only_columns(func.count())
                         .where(ActionItem.one_on_one_id == meeting.id)).one()
    if count + len(data) > MAX_PER_ONE_ON_ONE:
        raise invalid_field("action_items", f"A one-on-one holds at most {MAX_PER_ONE_ON_ONE} "
                            f"action items; it has {count}.")
    items = [ActionItem(client_id=meeting.client_id, rep_id=meeting.rep_id,
                        one_on_one_id=meeting.id, **entry.model_dump()) for entry in data]
    session.add_all(items)
    session.flush()
    for item in items:
        _log(session, principal, item, {}, at=item.created_at)
    return items


def update_action_item(session: Session, principal: Principal, item_id: uuid.UUID,
                       data: ActionItemUpdate, *, if_match: str | None) -> ActionItemRead:
    """Tick off or edit an item: a rep only `done`, on items assigned to the rep."""
    item = get_scoped(session, principal, ActionItem, item_id, resource=Resource.action_items,
                      action=Action.update, for_update=True)
    changes = requested_changes(principal, Resource.action_items, item, data,
                                if_match=if_match, nullable=frozenset({"due_on"}))
    check_action_item_ticker(principal, item)
    if item.onboarding_plan_id is None and (changes.get("assignee") is Assignee.owner or (
            item.owner_meeting_id is not None and changes.get("assignee") is Assignee.rep)):
        raise invalid_field("assignee", "An owner meeting's item goes to the owner or the "
                                        "manager, a one-on-one's to its rep or its manager.")
    meeting = item.one_on_one_id and session.get(OneOnOne, item.one_on_one_id)
    if meeting and meeting.archived_at is not None:
        raise Conflict("This action item's one-on-one is archived; restore it first.")
    if "done" in changes and changes["done"] != item.done:
        done = changes["done"]
        changes |= {"done_at": now_of(session) if done else None,
                    "done_by": principal.user_id if done else None}
    before = {f: getattr(item, f) for f in LOGGED}
    apply_changes(item, changes)
    session.flush()
    _log(session, principal, item, before, at=item.updated_at)
    return read_items(session, [item])[0]


def read_items(session: Session, items: list[ActionItem]) -> list[ActionItemRead]:
    """The items as read, each marked overdue when open past its due day (client's zone)."""
    today: dict[uuid.UUID, date] = {}
    out = []
    for item in items:
        if item.client_id not in today:
            today[item.client_id] = today_of(session, session.get(Client, item.client_id).timezone)
        overdue = (not item.done and item.due_on is not None
                   and item.due_on < today[item.client_id])
        out.append(ActionItemRead.model_validate(item, update={"overdue": overdue}))
    return out


def _log(session: Session, principal: Principal, item: ActionItem, before: dict, *,
         at) -> None:
    record_changes(session, principal, client_id=item.client_id, rep_id=item.rep_id,
                   subject=Subject.action_item, subject_id=item.id,
                   one_on_one_id=item.one_on_one_id, before=before,
                   after={f: getattr(item, f) for f in LOGGED}, at=at)
