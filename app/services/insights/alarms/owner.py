"""Owner disengaged: the owner came to too few of the last 13 weeks' sales meetings, or
left an action item or a decision the manager needs more than 14 days overdue. Read in
three grouped queries for all the clients at once."""

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case
from sqlmodel import Session, col

from app.models import ActionItem, Client, DecisionRequest, SalesMeeting
from app.models.enums import Assignee
from app.models.insights.alarm import AlarmCode, Severity
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.alarms.base import Raised, raise_alarm

WEEKS = 13


@dataclass
class OwnerFacts:
    meetings: int = 0
    attended: int = 0
    late_items: list[tuple[str, date]] = field(default_factory=list)
    late_decisions: list[tuple[str, date]] = field(default_factory=list)


def owner_facts(session: Session, principal: Principal, clients: list[Client],
                days: dict[uuid.UUID, date]) -> dict[uuid.UUID, OwnerFacts]:
    """Per client, as of its day: sales meetings held and attended by the owner in the 13
    weeks up to it; the owner's open items and open decisions past the overdue allowance."""
    out = {c.id: OwnerFacts() for c in clients}
    if not clients:
        return out
    ids = [c.id for c in clients]
    earliest = min(days.values()) - timedelta(weeks=WEEKS)
    for client_id, held_on, attended in session.execute(
            scoped_select(principal, SalesMeeting)
            .with_only_columns(SalesMeeting.client_id, SalesMeeting.held_on,
                               case((col(SalesMeeting.owner_attended).is_(True), 1), else_=0))
            .where(col(SalesMeeting.client_id).in_(ids), col(SalesMeeting.archived_at).is_(None),
                   SalesMeeting.held_on > earliest)):
        day = days[client_id]
        if day - timedelta(weeks=WEEKS) < held_on <= day:
            out[client_id].meetings += 1
            out[client_id].attended += attended
    allowance = {c.id: days[c.id] - timedelta(days=c.rules.owner_overdue_days) for c in clients}
    latest = max(allowance.values())
    for client_id, title, due_on in session.execute(
            scoped_select(principal, ActionItem)
            .with_only_columns(ActionItem.client_id, ActionItem.title, ActionItem.due_on)
            .where(col(ActionItem.client_id).in_(ids), ActionItem.assignee == Assignee.owner,
                   col(ActionItem.done).is_(False), ActionItem.due_on < latest)):
        if due_on < allowance[client_id]:
            out[client_id].late_items.append((title, due_on))
    for client_id, question, needed_by in session.execute(
            scoped_select(principal, DecisionRequest)
            .with_only_columns(DecisionRequest.client_id, DecisionRequest.question,
                               DecisionRequest.needed_by)
            .where(col(DecisionRequest.client_id).in_(ids),
                   col(DecisionRequest.answered_at).is_(None),
                   DecisionRequest.needed_by < latest)):
        if needed_by < allowance[client_id]:
            out[client_id].late_decisions.append((question, needed_by))
    return out


def owner_alarm(client: Client, facts: OwnerFacts) -> list[Raised]:
    rules, reasons = client.rules, []
    rate = facts.attended / facts.meetings if facts.meetings else None
    low = (rate is not None and facts.meetings >= rules.owner_attendance_min_meetings
           and rate * 100 < rules.owner_attendance_floor_pct)
    if low:
        reasons.append(f"the owner came to {facts.attended} of {facts.meetings} sales meetings "
                       f"in {WEEKS} weeks (floor {rules.owner_attendance_floor_pct}%)")
    if facts.late_items:
        reasons.append(f"{len(facts.late_items)} of the owner's action items more than "
                       f"{rules.owner_overdue_days} days overdue")
    if facts.late_decisions:
        reasons.append(f"{len(facts.late_decisions)} decisions unanswered more than "
                       f"{rules.owner_overdue_days} days past their day")
    if not reasons:
        return []
    badness = len(reasons) + (1 - rate if low and rate is not None else 0)
    return [raise_alarm(
        AlarmCode.owner_disengaged, Severity.warning, client, None,
        {"meetings": facts.meetings, "owner_attended": facts.attended,
         "attendance": None if rate is None else round(rate, 4),
         "floor": rules.owner_attendance_floor_pct / 100,
         "overdue_items": [t for t, _ in facts.late_items],
         "overdue_decisions": [q for q, _ in facts.late_decisions]},
        "The owner is drifting away: " + "; ".join(reasons) + ". Ask for an owner meeting "
        "this week and settle what is waiting on them.", badness)]
