"""The events feed: every event the caller may see, newest first, each with its own id, for
integrations that poll (an "updated deal" trigger) and to catch up after missed webhooks.
The same events, payloads and readers as the webhooks (a rep: the events of their own
records; an alarm event: its alarm's readers); kept WEBHOOKS_KEEP_DAYS."""

import uuid
from datetime import datetime

from sqlmodel import Session, col

from app.core.pagination import Page, PageRequest, SortKey, paginate
from app.models import Client
from app.models.integrations.webhook import EventPayload, EventType, WebhookEvent
from app.services.access.policy import Action, Resource, authorize, may_read
from app.services.access.principal import Principal
from app.services.access.scope import require_client_in_scope, scoped_select
from app.services.insights.alarms.audience import may_see
from app.services.integrations.events import RESOURCE_OF

BY_OCCURRENCE = SortKey("occurred_at")
ALARM_TYPES = {EventType.alarm_raised.value, EventType.alarm_cleared.value}


def list_events(session: Session, principal: Principal, page: PageRequest, *,
                types: list[EventType] | None, since: datetime | None,
                client_id: uuid.UUID | None) -> Page[EventPayload]:
    authorize(principal, Resource.events, Action.list)
    readable = {t.value for t in EventType if may_read(principal, RESOURCE_OF[t])}
    wanted = readable & {t.value for t in types} if types else readable
    stmt = scoped_select(principal, WebhookEvent).where(col(WebhookEvent.type).in_(wanted))
    if client_id is not None:
        require_client_in_scope(principal, client_id)
        stmt = stmt.where(WebhookEvent.client_id == client_id)
    if since is not None:
        stmt = stmt.where(WebhookEvent.occurred_at > since)
    found = paginate(session, stmt, WebhookEvent, page, BY_OCCURRENCE)
    alarm_clients = {e.client_id for e in found.items if e.type in ALARM_TYPES}
    clients = {c.id: c for c in session.exec(scoped_select(principal, Client).where(
        col(Client.id).in_(alarm_clients)))} if alarm_clients else {}
    return Page(items=[EventPayload.model_validate(e.payload) for e in found.items
                       if e.type not in ALARM_TYPES
                       or may_see(principal, clients.get(e.client_id), e.payload["data"]["code"])],
                next_cursor=found.next_cursor)
