"""The audit log, kept in one place: a `before_flush` hook of the unit of work turns every
new, changed or deleted row of an audited table into an AuditEntry of the same transaction
(so a rejected request logs nothing), and the scoped list that reads them back."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import inspect
from sqlmodel import Session, SQLModel

from app.core.changes import SECRET_FIELDS, masked, plain
from app.core.clock import now_of
from app.core.filters import where_equal
from app.core.pagination import Page, PageRequest, SortKey, paginate
from app.core.request_context import current_request_id
from app.models import (
    ActionItem,
    Activity,
    Candidate,
    Client,
    Deal,
    Interview,
    OneOnOne,
    Rep,
    SalesMeeting,
    Scorecard,
    ScorecardAmendment,
    User,
)
from app.models.integrations.audit_entry import AuditAction, AuditEntry, EntityType
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.rules import readable_audit_entries
from app.services.access.scope import scoped_select

ACTOR_KEY = "actor_id"  # session.info key: the user whose request this unit of work is

AUDITED: dict[type[SQLModel], EntityType] = {
    Client: EntityType.client, Rep: EntityType.rep, User: EntityType.user,
    Deal: EntityType.deal, Activity: EntityType.activity, OneOnOne: EntityType.one_on_one,
    ActionItem: EntityType.action_item, SalesMeeting: EntityType.sales_meeting,
    Candidate: EntityType.candidate, Interview: EntityType.interview,
    Scorecard: EntityType.scorecard, ScorecardAmendment: EntityType.scorecard_amendment,
}
# Bookkeeping every row carries, and values derived rather than changed by anyone: the
# last login (every login would log a change) and a one-on-one's KPI snapshot.
NOT_LOGGED = frozenset({"id", "created_at", "updated_at", "version", "last_login_at",
                        "kpi_snapshot"})


def set_actor(session: Session, principal: Principal) -> None:
    """Mark the unit of work as the principal's: from now on its writes are audited."""
    session.info[ACTOR_KEY] = principal.user_id


def record_audit_entries(session: Session, _flush_context: Any, _instances: Any) -> None:
    """`before_flush` hook: one AuditEntry per audited row created, changed or deleted.

    Only sessions of an authenticated request (set_actor) are audited; seeding and the
    command line write no entries.
    """
    if ACTOR_KEY not in session.info:
        return
    made = _EntryMaker(session.info[ACTOR_KEY], now_of(session), current_request_id())
    entries = [made.created(obj) for obj in session.new if type(obj) in AUDITED]
    entries += [made.changed(obj) for obj in session.dirty
                if type(obj) in AUDITED and session.is_modified(obj)]
    entries += [made.deleted(obj) for obj in session.deleted if type(obj) in AUDITED]
    session.add_all(entry for entry in entries if entry is not None)


@dataclass(frozen=True)
class _EntryMaker:
    actor_id: uuid.UUID | None
    at: datetime
    request_id: str | None

    def _entry(self, obj: SQLModel, action: AuditAction, changes: dict) -> AuditEntry:
        client_id = obj.id if isinstance(obj, Client) else obj.client_id
        return AuditEntry(at=self.at, actor_id=self.actor_id, action=action,
                          entity_type=AUDITED[type(obj)], entity_id=obj.id, client_id=client_id,
                          changes=changes, request_id=self.request_id)

    def created(self, obj: SQLModel) -> AuditEntry:
        changes = {_name(key): {"after": _logged(key, getattr(obj, key))}
                   for key in _columns(obj)}
        return self._entry(obj, AuditAction.create, changes)

    def deleted(self, obj: SQLModel) -> AuditEntry:
        changes = {_name(key): {"before": _logged(key, getattr(obj, key))}
                   for key in _columns(obj)}
        return self._entry(obj, AuditAction.delete, changes)

    def changed(self, obj: SQLModel) -> AuditEntry | None:
        state = inspect(obj)
        changes, raw = {}, {}
        for key in _columns(obj):
            history = state.attrs[key].history
            if not history.has_changes():
                continue
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if before == after or plain(before) == plain(after):
                continue
            raw[key] = (before, after)
            changes[_name(key)] = {"before": _logged(key, before),
                                   "after": _logged(key, after)}
        if not changes:
            return None
        return self._entry(obj, _action(raw), changes)


def _action(raw: dict[str, tuple[Any, Any]]) -> AuditAction:
    """Archiving (a user: deactivating) and restoring are named; anything else is an update."""
    if "archived_at" in raw:
        return AuditAction.unarchive if raw["archived_at"][1] is None else AuditAction.archive
    if "is_active" in raw:
        return AuditAction.archive if raw["is_active"][1] is False else AuditAction.unarchive
    return AuditAction.update


def _columns(obj: SQLModel) -> list[str]:
    return [attr.key for attr in inspect(type(obj)).column_attrs if attr.key not in NOT_LOGGED]


def _name(key: str) -> str:
    return SECRET_FIELDS.get(key, key)


def _logged(key: str, value: Any) -> Any:
    return masked(key, plain(value))


@dataclass(frozen=True)
class AuditFilters:
    entity_type: EntityType | None = None
    entity_id: uuid.UUID | None = None
    client_id: uuid.UUID | None = None
    actor_id: uuid.UUID | None = None
    since: datetime | None = None


def list_audit_entries(session: Session, principal: Principal, page: PageRequest, *,
                       filters: AuditFilters) -> Page[AuditEntry]:
    """The audit entries the caller may see, newest first (reps: 403)."""
    authorize(principal, Resource.audit, Action.list)
    f = filters
    stmt = where_equal(scoped_select(principal, AuditEntry).where(
        readable_audit_entries(principal)),
                       (AuditEntry.entity_type, f.entity_type),
                       (AuditEntry.entity_id, f.entity_id), (AuditEntry.client_id, f.client_id),
                       (AuditEntry.actor_id, f.actor_id))
    if f.since is not None:
        stmt = stmt.where(AuditEntry.at >= f.since)
    return paginate(session, stmt, AuditEntry, page, SortKey("at"))
