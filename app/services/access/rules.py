"""Rules that concern one kind of record: logins, hiring's blind scorecards, coaching's
private notes, agenda and action items, and which events reach a subscriber."""

import uuid
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from app.core.changes import PRIVATE_FIELDS
from app.errors import Forbidden
from app.models import (
    ActionItem,
    AuditEntry,
    Client,
    CoachingChange,
    Interview,
    OneOnOne,
    Scorecard,
    ScorecardAmendment,
    User,
)
from app.models.enums import Assignee, Role
from app.services.access.policy import Resource, may_read
from app.services.access.principal import Principal


def check_user_target(principal: Principal, target: User) -> None:
    """Which logins a role may change: everyone their own; managers their clients' owners
    and reps; owners their company's reps."""
    if target.id == principal.user_id:
        return
    if principal.role is Role.manager:
        allowed = target.role in (Role.owner, Role.rep)
    else:
        allowed = principal.role is Role.owner and target.role == Role.rep
    if not allowed:
        raise Forbidden(f"A {principal.role} may not change this {target.role}'s login.")


def check_interviewer(principal: Principal, interview: Interview) -> None:
    """Only an interview's own interviewer writes its scorecard."""
    if interview.interviewer_id != principal.user_id:
        raise Forbidden("Only the interviewer writes this interview's scorecard.")


def blind_scorecards(principal: Principal, *, pending_own: bool) -> ColumnElement[bool]:
    """Which scorecards of a candidate the caller may read: never another's draft, and
    none of the others while the caller still has a scorecard of their own to submit."""
    own = Scorecard.interviewer_id == principal.user_id
    if pending_own:
        return own
    return or_(own, Scorecard.submitted_at.is_not(None))


def readable_scorecards(principal: Principal) -> ColumnElement[bool]:
    """The blind rule as one condition on Scorecard, wherever scorecards are read: the
    caller's own, and the others' submitted ones of candidates for whom the caller owes no
    scorecard of their own."""
    mine = aliased(Scorecard)
    owing = (select(Interview.candidate_id)
             .outerjoin(mine, mine.interview_id == Interview.id)
             .where(Interview.interviewer_id == principal.user_id,
                    mine.submitted_at.is_(None)))
    return or_(Scorecard.interviewer_id == principal.user_id,
               and_(Scorecard.submitted_at.is_not(None), Scorecard.candidate_id.not_in(owing)))


def readable_audit_entries(principal: Principal) -> ColumnElement[bool]:
    """The audit feed under the rules of the records it tells: a scorecard's entries (and
    its amendments') only where the scorecard itself may be read (the blind rule)."""
    readable = select(Scorecard.id).where(readable_scorecards(principal))
    amendments = select(ScorecardAmendment.id).where(
        ScorecardAmendment.scorecard_id.in_(readable))
    return or_(AuditEntry.entity_type.not_in(["scorecard", "scorecard_amendment"]),
               and_(AuditEntry.entity_type == "scorecard", AuditEntry.entity_id.in_(readable)),
               and_(AuditEntry.entity_type == "scorecard_amendment",
                    AuditEntry.entity_id.in_(amendments)))


def sees_whole_client(principal: Principal) -> bool:
    """Managers and owners see a client's own figures; a rep's scope holds only their own
    deals and activity, so client-level figures (and their alarms) are not theirs to see."""
    return principal.role is not Role.rep


def owns_private_notes(principal: Principal, one_on_one: OneOnOne) -> bool:
    """Private notes belong to the manager who wrote the one-on-one: nobody else reads them,
    not the owner, the rep or another manager of the client."""
    return principal.is_manager and one_on_one.manager_id == principal.user_id


def check_private_notes_author(principal: Principal, one_on_one: OneOnOne) -> None:
    """403 for anyone but the one-on-one's own manager writing its private notes."""
    if not owns_private_notes(principal, one_on_one):
        raise Forbidden("Only the manager who wrote this one-on-one writes its private notes.",
                        fields=["private_notes"])


def visible_changes(principal: Principal) -> ColumnElement[bool]:
    """History entries of private notes (logged without their text) only for their author."""
    return or_(CoachingChange.field.not_in(PRIVATE_FIELDS),
               CoachingChange.changed_by == principal.user_id)


def check_agenda_open(principal: Principal, one_on_one: OneOnOne, *, today: date) -> None:
    """A rep adds agenda items only before the meeting (until its day ends)."""
    if principal.role is Role.rep and one_on_one.held_on < today:
        raise Forbidden("A rep adds agenda items only until the day of the meeting.")


def check_action_item_ticker(principal: Principal, item: ActionItem) -> None:
    """A rep ticks off only the action items assigned to the rep, an owner only those
    assigned to the owner; not the manager's."""
    if principal.role is Role.rep and item.assignee != Assignee.rep:
        raise Forbidden("A rep may tick off only the action items assigned to them.")
    if principal.role is Role.owner and item.assignee != Assignee.owner:
        raise Forbidden("An owner may tick off only the action items assigned to the owner.")


def check_decision_answerer(principal: Principal) -> None:
    """Only the owner answers a decision request the manager made."""
    if principal.role is not Role.owner:
        raise Forbidden("The owner answers a decision request.")


def approves_targets(principal: Principal, client: Client) -> bool:
    """The owner decides the company's revenue target; the manager too where the client's
    setting manager_sets_targets says so."""
    return principal.role is Role.owner or (principal.role is Role.manager
                                            and client.manager_sets_targets)


def check_target_approver(principal: Principal, client: Client) -> None:
    if not approves_targets(principal, client):
        raise Forbidden("The owner approves the client's revenue target (or the manager, "
                        "where the client's manager_sets_targets is true).")


def may_receive(principal: Principal, resource: Resource, *, client_id: uuid.UUID,
                rep_id: uuid.UUID | None) -> bool:
    """Whether an event about a record of `resource` reaches this subscriber: the same rules
    as reading it. A client's record for its managers and owner; a rep only their own
    (client-level alarms and hiring never reach a rep)."""
    if not may_read(principal, resource) or client_id not in principal.client_ids:
        return False
    if principal.role is Role.rep:
        return rep_id is not None and rep_id == principal.rep_id
    return True
