"""The history of one-on-ones, action items and sales meetings: who changed what and when.
Private notes are logged without their text, and only their author sees those entries."""

import json
import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from app.core.clock import now_of
from app.models import CoachingChange
from app.models.coaching_change import MASKED_FIELDS, Subject
from app.services.access import Principal, scoped_select, visible_changes
from app.services.pagination import Page, PageRequest, SortKey, paginate

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
        old, new = _text(before.get(field)), _text(value)
        if old == new:
            continue
        if field in MASKED_FIELDS:
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


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps([_text(v) for v in value])
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)
