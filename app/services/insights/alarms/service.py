"""The alarms as callers read and handle them: listed (paged, filtered), acknowledged or
snoozed with a reason, the client's health, and the Monday digest."""

import base64
import uuid
from datetime import date

from sqlalchemy import case, func
from sqlmodel import Session, col

from app.core.clock import today_of
from app.errors import NotFound, invalid_field
from app.models import Client, DecisionRequest
from app.models.enums import Role
from app.models.insights.alarm import AlarmCode, AlarmDigest, AlarmRead, Severity
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.rules import sees_whole_client
from app.services.access.scope import get_scoped, scoped_select
from app.services.insights.alarms import states
from app.services.insights.alarms.base import Raised
from app.services.insights.alarms.compute import clients_alarms
from app.services.insights.alarms.health import RED_CODES, Health, health_of


def list_alarms(session: Session, principal: Principal, *, client_id: uuid.UUID | None = None,
                rep_id: uuid.UUID | None = None, code: AlarmCode | None = None,
                severity: Severity | None = None, as_of: date | None = None,
                include_snoozed: bool = False, limit: int | None = None,
                cursor: str | None = None) -> tuple[list[AlarmRead], str | None]:
    """The alarms the caller may see (a rep: their own), worst first, a page at a time.
    Snoozed alarms are left out for managers unless asked for (acknowledged ones stay, with
    who, when and why); owners always see both."""
    authorize(principal, Resource.alarms, Action.list)
    clients = _clients(session, principal, client_id)
    found = clients_alarms(session, principal, clients, as_of=as_of)
    raised = [r for _, rs in found.values() for r in rs]
    if as_of is None:  # a manager sees every alarm of these clients: the set is complete
        states.observe(session, clients, raised, complete=principal.role is Role.manager)
    known = states.states_of(session, principal, raised)
    today = {c.id: today_of(session, c.timezone) for c in clients}
    listed = principal.role is Role.owner or include_snoozed
    shown = [states.with_state(r.alarm, known.get(r.alarm.key)) for r in raised
             if listed or not states.snoozed(r, known.get(r.alarm.key),
                                             today=today[r.alarm.client_id])]
    shown = [a for a in shown if (rep_id is None or a.rep_id == rep_id)
             and (code is None or a.code == code) and (severity is None or a.severity == severity)]
    shown.sort(key=lambda a: (a.severity != Severity.critical, a.rep_id is not None, a.code,
                              a.key))
    return _page(shown, limit, cursor)


def client_health(session: Session, principal: Principal, client: Client,
                  raised: list[Raised]) -> Health:
    """The client's health from its alarms that stand (neither acknowledged nor snoozed)."""
    return health_of(client, standing(session, principal, client, raised))


def standing(session: Session, principal: Principal, client: Client,
             raised: list[Raised]) -> list[Raised]:
    """The client's alarms that count (neither acknowledged nor snoozed, or worse since)."""
    return states.standing(raised, states.states_of(session, principal, raised),
                           today=today_of(session, client.timezone))


def digest(session: Session, principal: Principal, client_id: uuid.UUID) -> AlarmDigest:
    """The client's health, why, and the three most urgent course corrections."""
    client = get_scoped(session, principal, Client, client_id, resource=Resource.client_kpis,
                        action=Action.read)
    authorize(principal, Resource.alarms, Action.list)
    board, raised = clients_alarms(session, principal, [client])[client.id]
    states.observe(session, [client], raised, complete=principal.role is Role.manager)
    up = standing(session, principal, client, raised)
    health = health_of(client, up)
    known = states.states_of(session, principal, raised)
    first = sorted(up, key=lambda r: (not (r.alarm.code in RED_CODES
                                           and r.alarm.severity == Severity.critical),
                                      r.alarm.severity != Severity.critical,
                                      r.about_rep, -r.badness))[:3]
    open_, overdue = session.execute(
        scoped_select(principal, DecisionRequest).with_only_columns(
            func.count(), func.coalesce(func.sum(case(
                (DecisionRequest.needed_by < board.as_of, 1), else_=0)), 0))
        .where(DecisionRequest.client_id == client.id,
               col(DecisionRequest.answered_at).is_(None))).one()
    return AlarmDigest(client_id=client.id, as_of=board.as_of, health=health.health,
                       health_reasons=health.reasons, decisions_open=open_,
                       decisions_overdue=overdue,
                       corrections=[states.with_state(r.alarm, known.get(r.alarm.key))
                                    for r in first])


def acknowledge(session: Session, principal: Principal, key: str, *,
                reason: str | None = None) -> AlarmRead:
    """Mark an alarm seen, with who, when and why (managers); it stops counting toward the
    client's health until it gets worse."""
    authorize(principal, Resource.alarms, Action.update)
    found = _find(session, principal, key)
    return states.with_state(found.alarm, states.acknowledge(session, found, principal, reason))


def snooze(session: Session, principal: Principal, key: str, *, until: date,
           reason: str | None = None) -> AlarmRead:
    """Hide an alarm until a date, unless it gets worse first (managers)."""
    authorize(principal, Resource.alarms, Action.update)
    found = _find(session, principal, key)
    return states.with_state(found.alarm, states.snooze(session, found, principal,
                                                        until=until, reason=reason))


def _clients(session: Session, principal: Principal, client_id: uuid.UUID | None):
    stmt = scoped_select(principal, Client)
    if sees_whole_client(principal):  # a rep's own alarms follow them even if archived
        stmt = stmt.where(Client.archived_at.is_(None))
    if client_id is not None:
        stmt = stmt.where(Client.id == client_id)
    return list(session.exec(stmt.order_by(Client.name)).all())


def _find(session: Session, principal: Principal, key: str) -> Raised:
    clients = _clients(session, principal, None)
    for _, raised in clients_alarms(session, principal, clients).values():
        for found in raised:
            if found.alarm.key == key:
                return found
    raise NotFound(f"No current alarm with key {key}.")


def _page(items: list[AlarmRead], limit: int | None,
          cursor: str | None) -> tuple[list[AlarmRead], str | None]:
    """A page of a computed list: the cursor is the position of the next alarm."""
    start = 0
    if cursor:
        try:
            start = int(base64.urlsafe_b64decode(cursor.encode()).decode().removeprefix("at:"))
        except (ValueError, UnicodeDecodeError):
            raise invalid_field("cursor", "This cursor is not one we gave.",
                                location="query") from None
    if limit is None:
        return items[start:], None
    end = start + limit
    following = (base64.urlsafe_b64encode(f"at:{end}".encode()).decode()
                 if end < len(items) else None)
    return items[start:end], following
