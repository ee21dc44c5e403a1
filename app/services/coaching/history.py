"""The history of one-on-ones, action items and sales meetings: who changed what and when.
Private notes are logged without their text, and only their author sees those entries."""

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.core.changes import PRIVATE_FIELDS, as_text
from app.core.clock import now_of
from app.core.pagination import Page, PageRequest, SortKey, paginate
from app.models import CoachingChange
from app.models.coaching.coaching_change import Subject
from app.services.access.principal import Principal
from app.services.access.rules import visible_changes
from app.services.access.scope import scoped_select

BY_CHANGE = SortKey("changed_at")


def record_changes(session: Session, principal: Principal, *, client_id: uuid.UUID,
                   subject: Subject, subject_id: uuid.UUID, before: dict[str, Any],
                   after: dict[str, Any], rep_id: uuid.UUID | None = None,
                   one_on_one_id: uuid.UUID | None = None,
                   sales_meeting_id: uuid.UUID | None = None,
                   at: datetime | None = None) -> None:
    """One entry per field whose value changed (a new record: before holds Nones)."""
    at = at or now_of(session)
    for field, value in after.items():
        if before.get(field) is None and value in (None, "", []):
            continue  # a new record's empty field is no change
        old, new = as_text(before.get(field)), as_text(value)
        if old == new:
            continue
        if field in PRIVATE_FIELDS:  # that they changed, never their text
            old = new = None
        session.add(CoachingChange(
            client_id=client_id, rep_id=rep_id, subject=subject, subject_id=subject_id,
            one_on_one_id=one_on_one_id, sales_meeting_id=sales_meeting_id, field=field,
            old=old, new=new, changed_by=principal.user_id, changed_at=at))
    session.flush()


def list_changes(session: Session, principal: Principal, page: PageRequest, *,
                 one_on_one_id: uuid.UUID | None = None,
                 sales_meeting_id: uuid.UUID | None = None) -> Page[CoachingChange]:
    """The entries of one one-on-one (with its action items) or one sales meeting, newest
    first; the caller has fetched the record through its scope already."""
    stmt = scoped_select(principal, CoachingChange).where(visible_changes(principal))
    if one_on_one_id is not None:
        stmt = stmt.where(CoachingChange.one_on_one_id == one_on_one_id)
    if sales_meeting_id is not None:
        stmt = stmt.where(CoachingChange.sales_meeting_id == sales_meeting_id)
    return paginate(session, stmt, CoachingChange, page, BY_CHANGE)

