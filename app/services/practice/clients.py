"""Client companies and the managers assigned to them."""

import uuid
from datetime import datetime

from sqlmodel import Session, col, func, select

from app.core.clock import now_of
from app.core.pagination import Page, PageRequest, paginate
from app.core.versioning import apply_changes
from app.errors import Conflict, Forbidden, NotFound, invalid_field
from app.models import Client, ClientManager, User
from app.models.enums import Role
from app.models.insights.alarm_rules import AlarmRulesPatch
from app.models.practice.client import ClientCreate, ClientUpdate
from app.models.practice.client_manager import ClientManagerRead
from app.services.access.policy import Action, Resource, authorize, requested_changes
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, scoped_select


def list_clients(session: Session, principal: Principal, page: PageRequest, *,
                 updated_since: datetime | None = None, archived: bool | None = False,
                 q: str | None = None) -> Page[Client]:
    """The clients the caller may see, newest first."""
    authorize(principal, Resource.clients, Action.list)
    stmt = scoped_select(principal, Client)
    if updated_since:
        stmt = stmt.where(Client.updated_at >= updated_since)
    if archived is not None:
        stmt = stmt.where(col(Client.archived_at).is_not(None) if archived
                          else col(Client.archived_at).is_(None))
    if q:
        stmt = stmt.where(func.lower(Client.name).contains(q.lower(), autoescape=True))
    return paginate(session, stmt, Client, page)


def create_client(session: Session, principal: Principal, data: ClientCreate) -> Client:
    """A new client, assigned to the manager who creates it."""
    authorize(principal, Resource.clients, Action.create)
    client = Client.model_validate(data.model_dump(exclude={"alarm_rules",
                                                            "role_activity_targets"}))
    client.alarm_rules = _rules(data.alarm_rules, {})
    client.role_activity_targets = role_targets_json(data.role_activity_targets)
    session.add(client)
    session.flush()
    session.add(ClientManager(client_id=client.id, user_id=principal.user_id))
    session.flush()
    return client


def get_client(session: Session, principal: Principal, client_id: uuid.UUID) -> Client:
    """One client the caller may read."""
    return get_scoped(session, principal, Client, client_id,
                      resource=Resource.clients, action=Action.read)


def update_client(session: Session, principal: Principal, client_id: uuid.UUID,
                  data: ClientUpdate, *, if_match: str | None) -> Client:
    """Change a client's settings."""
    client = get_scoped(session, principal, Client, client_id, resource=Resource.clients,
                        action=Action.update, for_update=True)
    changes = requested_changes(principal, Resource.clients, client, data, if_match=if_match,
                                nullable=frozenset({"annual_revenue", "engagement_started_on",
                                                    "engagement_ended_on"}))
    if "stage_probabilities" in changes:
        changes["stage_probabilities"] = client.stage_probabilities | changes[
            "stage_probabilities"]
    if "alarm_rules" in changes:
        changes["alarm_rules"] = _rules(data.alarm_rules, client.alarm_rules)
    if "role_activity_targets" in changes:
        changes["role_activity_targets"] = role_targets_json(data.role_activity_targets)
    start = changes.get("engagement_started_on", client.engagement_started_on)
    end = changes.get("engagement_ended_on", client.engagement_ended_on)
    if start and end and end < start:
        raise invalid_field("engagement_ended_on",
                            "engagement_ended_on must not be before engagement_started_on.")
    apply_changes(client, changes)
    session.flush()
    return client


def role_targets_json(targets: dict | None) -> dict:
    """Per-role weekly targets as stored: JSON values, only the kinds each role sets."""
    return {str(role): t.model_dump(mode="json", exclude_none=True)
            for role, t in (targets or {}).items()}


def _rules(patch: AlarmRulesPatch | None, current: dict) -> dict:
    """The client's own alarm rules after a patch (JSON values, only those it sets)."""
    given = patch.model_dump(mode="json", exclude_unset=True) if patch else {}
    return {k: v for k, v in ({**current, **given}).items() if v is not None}


def set_archived(session: Session, principal: Principal, client_id: uuid.UUID, *,
                 archived: bool) -> Client:
    """Archive (or restore) a client; its data stays."""
    client = get_scoped(session, principal, Client, client_id, resource=Resource.clients,
                        action=Action.archive, for_update=True)
    if (client.archived_at is not None) != archived:
        apply_changes(client, {"archived_at": now_of(session) if archived else None})
        session.flush()
    return client


def list_managers(session: Session, principal: Principal,
                  client_id: uuid.UUID) -> list[ClientManagerRead]:
    """The managers assigned to a client."""
    get_scoped(session, principal, Client, client_id, resource=Resource.client_managers,
               action=Action.list)
    rows = session.exec(
        select(User, ClientManager.created_at)
        .join(ClientManager, ClientManager.user_id == User.id)
        .where(ClientManager.client_id == client_id)
        .order_by(ClientManager.created_at)
    ).all()
    return [ClientManagerRead(user_id=u.id, email=u.email, full_name=u.full_name,
                              assigned_at=at) for u, at in rows]


def assign_manager(session: Session, principal: Principal, client_id: uuid.UUID, *,
                   email: str) -> list[ClientManagerRead]:
    """Assign another active manager of the practice to the client."""
    get_scoped(session, principal, Client, client_id, resource=Resource.client_managers,
               action=Action.create)
    manager = session.exec(
        select(User).where(User.email == email, User.role == Role.manager, User.is_active)
    ).first()
    if manager is None:
        raise NotFound(f"No active manager with email {email}.")
    if session.get(ClientManager, (client_id, manager.id)) is None:
        session.add(ClientManager(client_id=client_id, user_id=manager.id))
        session.flush()
    return list_managers(session, principal, client_id)


def unassign_manager(session: Session, principal: Principal, client_id: uuid.UUID,
                     user_id: uuid.UUID) -> None:
    """Remove a manager from the client; the last one cannot be removed, and the manager
    who created the client (its first assignment) only removes themselves."""
    get_scoped(session, principal, Client, client_id, resource=Resource.client_managers,
               action=Action.delete)
    link = session.get(ClientManager, (client_id, user_id))
    if link is None:
        raise NotFound(f"Manager {user_id} is not assigned to this client.")
    creator = session.exec(select(ClientManager.user_id).where(
        ClientManager.client_id == client_id).order_by(ClientManager.created_at,
                                                       ClientManager.user_id)).first()
    if user_id == creator and user_id != principal.user_id:
        raise Forbidden("The manager who created this client stays on it unless they leave "
                        "it themselves.")
    count = session.exec(select(func.count()).where(ClientManager.client_id == client_id)).one()
    if count <= 1:
        raise Conflict("A client keeps at least one manager; assign another one first.")
    session.delete(link)
    session.flush()

