"""One-on-ones (docs/domain.md, "Coaching: one-on-ones and sales meetings"): a manager records
them for the reps of their clients; the rep reads their own and adds agenda items before the
meeting; the owner reads their company's. Private notes stay with their author."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col

from app.core.changes import PRIVATE_FIELDS, Change, record
from app.core.clock import now_of, today_of
from app.core.filters import where_equal
from app.core.pagination import BY_DATE, Page, PageRequest, SortKey, paginate
from app.core.versioning import apply_changes
from app.errors import Conflict, invalid_field
from app.models import Client, Deal, OneOnOne, Rep
from app.models.coaching.action_item import ActionItemCreate, ActionItemRead
from app.models.coaching.coaching_change import CoachingChange, Subject
from app.models.coaching.one_on_one import (
    MAX_AGENDA,
    AgendaItemCreate,
    OneOnOneCreate,
    OneOnOneRead,
    OneOnOneUpdate,
)
from app.services.access.policy import Action, Resource, authorize, requested_changes
from app.services.access.principal import Principal
from app.services.access.rules import check_agenda_open, check_private_notes_author
from app.services.access.scope import get_scoped, resolve_rep, scoped_select
from app.services.coaching import action_items
from app.services.coaching.history import list_changes, record_changes
from app.services.coaching.one_on_one_reads import read_one_on_ones
from app.services.coaching.snapshots import snapshot_day, take_snapshot

LOGGED = ("held_on", "agenda", "shared_notes", "private_notes", "focus", "deal_ids",
          "archived_at")
BY_HELD = SortKey("held_on", **BY_DATE)


@dataclass(frozen=True)
class OneOnOneFilters:
    client_id: uuid.UUID | None = None
    rep_id: uuid.UUID | None = None
    held_from: date | None = None
    held_to: date | None = None
    archived: bool | None = False


def list_one_on_ones(session: Session, principal: Principal, page: PageRequest, *,
                     filters: OneOnOneFilters) -> Page[OneOnOneRead]:
    """The one-on-ones the caller may see (a rep: their own), latest meeting first."""
    authorize(principal, Resource.one_on_ones, Action.list)
    f = filters
    stmt = where_equal(scoped_select(principal, OneOnOne), (OneOnOne.client_id, f.client_id),
                       (OneOnOne.rep_id, f.rep_id))
    if f.held_from:
        stmt = stmt.where(OneOnOne.held_on >= f.held_from)
    if f.held_to:
        stmt = stmt.where(OneOnOne.held_on <= f.held_to)
    if f.archived is not None:
        archived = col(OneOnOne.archived_at)
        stmt = stmt.where(archived.is_not(None) if f.archived else archived.is_(None))
    found = paginate(session, stmt, OneOnOne, page, BY_HELD)
    return Page(items=read_one_on_ones(session, principal, found.items),
                next_cursor=found.next_cursor)


def create_one_on_one(session: Session, principal: Principal,
                      data: OneOnOneCreate) -> OneOnOneRead:
    """Record a one-on-one with a rep of one of the caller's clients, its action items and
    the rep's KPIs as of the meeting day."""
    authorize(principal, Resource.one_on_ones, Action.create)
    rep = resolve_rep(session, principal, data.rep_id)
    _check_deals(session, principal, rep, data.deal_ids)
    client = session.get(Client, rep.client_id)
    now = now_of(session)
    meeting = OneOnOne(
        client_id=rep.client_id, rep_id=rep.id, manager_id=principal.user_id,
        held_on=data.held_on, shared_notes=data.shared_notes, private_notes=data.private_notes,
        agenda=[_agenda_entry(text, principal, now) for text in data.agenda],
        focus=[f.value for f in data.focus],
        kpi_snapshot=_snapshot(session, principal, rep.id, data.held_on, client),
        created_at=now, updated_at=now)
    meeting.deal_ids = data.deal_ids
    session.add(meeting)
    session.flush()
    _log(session, principal, meeting, {})
    if data.action_items:
        action_items.add_action_items(session, principal, meeting, data.action_items)
    read = read_one_on_ones(session, principal, [meeting])[0]
    record(session, Change("one_on_one", read.client_id, read.rep_id,
                           read.model_dump(mode="json", exclude=PRIVATE_FIELDS)))
    return read


def get_one_on_one(session: Session, principal: Principal, meeting_id: uuid.UUID) -> OneOnOneRead:
    """One one-on-one as the caller may read it."""
    meeting = get_scoped(session, principal, OneOnOne, meeting_id,
                         resource=Resource.one_on_ones, action=Action.read)
    return read_one_on_ones(session, principal, [meeting])[0]


def update_one_on_one(session: Session, principal: Principal, meeting_id: uuid.UUID,
                      data: OneOnOneUpdate, *, if_match: str | None) -> OneOnOneRead:
    """Change a one-on-one (managers; private notes only their author). The KPI snapshot
    follows the meeting day: taken again when held_on moves or the day has come since."""
    meeting = _writable(session, principal, meeting_id, Action.update)
    changes = requested_changes(principal, Resource.one_on_ones, meeting, data,
                                if_match=if_match)
    if "private_notes" in changes:
        check_private_notes_author(principal, meeting)
    rep = session.get(Rep, meeting.rep_id)
    if "deal_ids" in changes:
        _check_deals(session, principal, rep, changes["deal_ids"])
    if "focus" in changes:
        changes["focus"] = [f.value for f in changes["focus"]]
    if "agenda" in changes:
        changes["agenda"] = _merged_agenda(meeting.agenda, changes["agenda"], principal,
                                           now=now_of(session))
    client = session.get(Client, meeting.client_id)
    held_on = changes.get("held_on", meeting.held_on)
    due = snapshot_day(held_on, today_of(session, client.timezone))
    if meeting.kpi_snapshot is None or meeting.kpi_snapshot.get("as_of") != due.isoformat():
        changes["kpi_snapshot"] = _snapshot(session, principal, rep.id, held_on, client)
    before = _logged(meeting)
    apply_changes(meeting, changes)
    session.flush()
    _log(session, principal, meeting, before)
    return read_one_on_ones(session, principal, [meeting])[0]


def add_agenda_item(session: Session, principal: Principal, meeting_id: uuid.UUID,
                    data: AgendaItemCreate) -> OneOnOneRead:
    """Append an agenda item: the manager any time, the rep until the meeting day."""
    meeting = _writable(session, principal, meeting_id, Action.add_agenda)
    check_agenda_open(principal, meeting,
                      today=today_of(session, session.get(Client, meeting.client_id).timezone))
    if len(meeting.agenda) >= MAX_AGENDA:
        raise invalid_field("text", f"The agenda holds at most {MAX_AGENDA} items.")
    before = _logged(meeting)
    apply_changes(meeting, {"agenda": [*meeting.agenda,
                                       _agenda_entry(data.text, principal, now_of(session))]})
    session.flush()
    _log(session, principal, meeting, before)
    return read_one_on_ones(session, principal, [meeting])[0]


def add_action_item(session: Session, principal: Principal, meeting_id: uuid.UUID,
                    data: ActionItemCreate) -> ActionItemRead:
    """A new action item of a one-on-one (managers)."""
    meeting = get_scoped(session, principal, OneOnOne, meeting_id,
                         resource=Resource.one_on_ones, action=Action.read, for_update=True)
    items = action_items.add_action_items(session, principal, meeting, [data])
    return action_items.read_items(session, items)[0]


def set_archived(session: Session, principal: Principal, meeting_id: uuid.UUID, *,
                 archived: bool) -> OneOnOneRead:
    """Archive (or restore) a one-on-one: out of lists, agendas and figures; history kept."""
    meeting = get_scoped(session, principal, OneOnOne, meeting_id,
                         resource=Resource.one_on_ones, action=Action.archive, for_update=True)
    if (meeting.archived_at is not None) != archived:
        before = _logged(meeting)
        apply_changes(meeting, {"archived_at": now_of(session) if archived else None})
        session.flush()
        _log(session, principal, meeting, before)
    return read_one_on_ones(session, principal, [meeting])[0]


def one_on_one_history(session: Session, principal: Principal, meeting_id: uuid.UUID,
                       page: PageRequest) -> Page[CoachingChange]:
    """Every change of the one-on-one and its action items, newest first."""
    get_scoped(session, principal, OneOnOne, meeting_id, resource=Resource.one_on_ones,
               action=Action.history)
    return list_changes(session, principal, page, one_on_one_id=meeting_id)


def _writable(session: Session, principal: Principal, meeting_id: uuid.UUID,
              action: Action) -> OneOnOne:
    meeting = get_scoped(session, principal, OneOnOne, meeting_id,
                         resource=Resource.one_on_ones, action=action, for_update=True)
    if meeting.archived_at is not None:
        raise Conflict("This one-on-one is archived; restore it first.")
    return meeting


def _check_deals(session: Session, principal: Principal, rep: Rep,
                 deal_ids: list[uuid.UUID]) -> None:
    """Deals reviewed must be the rep's own (a deal out of scope is no different: 422)."""
    if not deal_ids:
        return
    found = set(session.exec(scoped_select(principal, Deal).with_only_columns(Deal.id).where(
        col(Deal.id).in_(deal_ids), Deal.rep_id == rep.id)).all())
    strays = [str(d) for d in deal_ids if d not in found]
    if strays:
        raise invalid_field("deal_ids", "These are not deals of this rep: " + ", ".join(strays))


def _snapshot(session: Session, principal: Principal, rep_id: uuid.UUID, held_on: date,
              client: Client) -> dict:
    day = snapshot_day(held_on, today_of(session, client.timezone))
    return take_snapshot(session, principal, rep_id, as_of=day).model_dump(mode="json")


def _agenda_entry(text: str, principal: Principal, at) -> dict:
    return {"text": text, "added_by": str(principal.user_id), "added_at": at.isoformat()}


def _merged_agenda(current: list[dict], texts: list[str], principal: Principal, *,
                   now: datetime) -> list[dict]:
    """The new agenda; an item whose text was already there keeps who added it and when."""
    pool = list(current)
    merged = []
    for text in texts:
        kept = next((entry for entry in pool if entry["text"] == text), None)
        if kept is not None:
            pool.remove(kept)
        merged.append(kept or _agenda_entry(text, principal, now))
    return merged


def _logged(meeting: OneOnOne) -> dict:
    values = {f: getattr(meeting, f) for f in LOGGED}
    values["agenda"] = [entry["text"] for entry in meeting.agenda]
    return values


def _log(session: Session, principal: Principal, meeting: OneOnOne, before: dict) -> None:
    record_changes(session, principal, client_id=meeting.client_id, rep_id=meeting.rep_id,
                   subject=Subject.one_on_one, subject_id=meeting.id, one_on_one_id=meeting.id,
                   before=before, after=_logged(meeting), at=meeting.updated_at)
