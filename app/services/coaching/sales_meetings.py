"""Team sales meetings of a client (docs/domain.md, "Coaching: one-on-ones and sales
meetings"): managers record them; owners and the client's reps read them."""

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col

from app.core.clock import now_of
from app.core.filters import where_equal
from app.core.pagination import BY_DATE, Page, PageRequest, SortKey, paginate
from app.core.versioning import apply_changes
from app.errors import Conflict, invalid_field
from app.models import CoachingChange, Rep, SalesMeeting
from app.models.coaching.coaching_change import Subject
from app.models.coaching.sales_meeting import SalesMeetingCreate, SalesMeetingUpdate
from app.services.access.policy import Action, Resource, authorize, requested_changes
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, require_client_in_scope, scoped_select
from app.services.coaching.history import list_changes, record_changes

LOGGED = ("held_on", "rep_ids", "owner_attended", "notes", "decisions", "archived_at")
BY_HELD = SortKey("held_on", **BY_DATE)


@dataclass(frozen=True)
class SalesMeetingFilters:
    client_id: uuid.UUID | None = None
    held_from: date | None = None
    held_to: date | None = None
    archived: bool | None = False


def list_sales_meetings(session: Session, principal: Principal, page: PageRequest, *,
                        filters: SalesMeetingFilters) -> Page[SalesMeeting]:
    """The sales meetings of the caller's clients, latest first."""
    authorize(principal, Resource.sales_meetings, Action.list)
    f = filters
    stmt = where_equal(scoped_select(principal, SalesMeeting),
                       (SalesMeeting.client_id, f.client_id))
    if f.held_from:
        stmt = stmt.where(SalesMeeting.held_on >= f.held_from)
    if f.held_to:
        stmt = stmt.where(SalesMeeting.held_on <= f.held_to)
    if f.archived is not None:
        archived = col(SalesMeeting.archived_at)
        stmt = stmt.where(archived.is_not(None) if f.archived else archived.is_(None))
    return paginate(session, stmt, SalesMeeting, page, BY_HELD)


def create_sales_meeting(session: Session, principal: Principal,
                         data: SalesMeetingCreate) -> SalesMeeting:
    """Record a team meeting of one of the caller's clients, with who attended."""
    authorize(principal, Resource.sales_meetings, Action.create)
    require_client_in_scope(principal, data.client_id)
    _check_reps(session, principal, data.client_id, data.rep_ids)
    meeting = SalesMeeting.model_validate(data.model_dump(exclude={"rep_ids"}) | {
        "created_by": principal.user_id})
    meeting.rep_ids = data.rep_ids
    session.add(meeting)
    session.flush()
    _log(session, principal, meeting, {})
    return meeting


def get_sales_meeting(session: Session, principal: Principal,
                      meeting_id: uuid.UUID) -> SalesMeeting:
    """One sales meeting the caller may see."""
    return get_scoped(session, principal, SalesMeeting, meeting_id,
                      resource=Resource.sales_meetings, action=Action.read)


def update_sales_meeting(session: Session, principal: Principal, meeting_id: uuid.UUID,
                         data: SalesMeetingUpdate, *, if_match: str | None) -> SalesMeeting:
    """Change a sales meeting (managers)."""
    meeting = get_scoped(session, principal, SalesMeeting, meeting_id,
                         resource=Resource.sales_meetings, action=Action.update,
                         for_update=True)
    changes = requested_changes(principal, Resource.sales_meetings, meeting, data,
                                if_match=if_match)
    if meeting.archived_at is not None:
        raise Conflict("This sales meeting is archived; restore it first.")
    if "rep_ids" in changes:
        _check_reps(session, principal, meeting.client_id, changes["rep_ids"])
    before = {f: getattr(meeting, f) for f in LOGGED}
    apply_changes(meeting, changes)
    session.flush()
    _log(session, principal, meeting, before)
    return meeting


def set_archived(session: Session, principal: Principal, meeting_id: uuid.UUID, *,
                 archived: bool) -> SalesMeeting:
    """Archive (or restore) a sales meeting: out of lists and attendance; history kept."""
    meeting = get_scoped(session, principal, SalesMeeting, meeting_id,
                         resource=Resource.sales_meetings, action=Action.archive,
                         for_update=True)
    if (meeting.archived_at is not None) != archived:
        before = {f: getattr(meeting, f) for f in LOGGED}
        apply_changes(meeting, {"archived_at": now_of(session) if archived else None})
        session.flush()
        _log(session, principal, meeting, before)
    return meeting


def sales_meeting_history(session: Session, principal: Principal, meeting_id: uuid.UUID,
                          page: PageRequest) -> Page[CoachingChange]:
    """Every change of a sales meeting, newest first (managers and owners)."""
    get_scoped(session, principal, SalesMeeting, meeting_id, resource=Resource.sales_meetings,
               action=Action.history)
    return list_changes(session, principal, page, sales_meeting_id=meeting_id)


def _check_reps(session: Session, principal: Principal, client_id: uuid.UUID,
                rep_ids: list[uuid.UUID]) -> None:
    """Attendees must be reps of the meeting's client (any other id: 422, naming it)."""
    if not rep_ids:
        return
    found = set(session.exec(scoped_select(principal, Rep).with_only_columns(Rep.id).where(
        col(Rep.id).in_(rep_ids), Rep.client_id == client_id)).all())
    strays = [str(r) for r in rep_ids if r not in found]
    if strays:
        raise invalid_field("rep_ids", "These are not reps of this client: " + ", ".join(strays))


def _log(session: Session, principal: Principal, meeting: SalesMeeting, before: dict) -> None:
    record_changes(session, principal, client_id=meeting.client_id,
                   subject=Subject.sales_meeting, subject_id=meeting.id,
                   sales_meeting_id=meeting.id, before=before,
                   after={f: getattr(meeting, f) for f in LOGGED}, at=meeting.updated_at)
