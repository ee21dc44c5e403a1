"""One-on-ones as each caller reads them: private notes only for their author, the action
items, the KPI snapshot and its change since the rep's previous one-on-one."""

import uuid

from sqlalchemy import Uuid, func, select
from sqlmodel import Session, col

from app.models import ActionItem, OneOnOne
from app.models.coaching.one_on_one import OneOnOneRead
from app.services.access.principal import Principal
from app.services.access.rules import owns_private_notes
from app.services.access.scope import scoped_select
from app.services.coaching.action_items import read_items
from app.services.coaching.snapshots import change_between, snapshot_of


def read_one_on_ones(session: Session, principal: Principal,
                     meetings: list[OneOnOne]) -> list[OneOnOneRead]:
    """The meetings as this caller may read them, in the order given."""
    if not meetings:
        return []
    ids = [m.id for m in meetings]
    items = session.exec(scoped_select(principal, ActionItem)
                         .where(col(ActionItem.one_on_one_id).in_(ids))
                         .order_by(ActionItem.created_at, ActionItem.id)).all()
    reads = read_items(session, list(items))
    previous = previous_meetings(session, principal, meetings)
    out = []
    for meeting in meetings:
        before = previous.get(meeting.id)
        snapshot = snapshot_of(meeting.kpi_snapshot)
        change = None if before is None else change_between(
            snapshot, snapshot_of(before.kpi_snapshot), previous_id=before.id,
            previous_held_on=before.held_on)
        out.append(OneOnOneRead.model_validate(meeting, update={
            "private_notes": meeting.private_notes if owns_private_notes(principal, meeting)
            else None,
            "action_items": [r for r in reads if r.one_on_one_id == meeting.id],
            "kpi_snapshot": snapshot, "change_since_previous": change}))
    return out


def previous_meetings(session: Session, principal: Principal,
                      meetings: list[OneOnOne]) -> dict[uuid.UUID, OneOnOne]:
    """For each meeting, the same rep's one-on-one just before it (by held_on, then by when
    it was recorded); archived ones don't count."""
    order = (OneOnOne.held_on, OneOnOne.created_at, OneOnOne.id)
    before = func.lag(OneOnOne.id, type_=Uuid()).over(partition_by=OneOnOne.rep_id,
                                                      order_by=order)
    ranked = (scoped_select(principal, OneOnOne)
              .with_only_columns(OneOnOne.id.label("id"), before.label("previous"))
              .where(col(OneOnOne.rep_id).in_({m.rep_id for m in meetings}),
                     col(OneOnOne.archived_at).is_(None))
              .subquery())
    pairs = dict(session.execute(select(ranked.c.id, ranked.c.previous).where(
        ranked.c.id.in_([m.id for m in meetings]), ranked.c.previous.is_not(None))).all())
    if not pairs:
        return {}
    rows = {m.id: m for m in session.exec(scoped_select(principal, OneOnOne).where(
        col(OneOnOne.id).in_(list(pairs.values()))))}
    return {meeting_id: rows[prev] for meeting_id, prev in pairs.items() if prev in rows}
