"""Webhook subscriptions (Zapier REST Hooks): each user subscribes their own target URL to
the events they may see, and reads the delivery log of their own subscriptions."""

import base64
import secrets
import uuid
from datetime import timedelta

from sqlalchemy import String, cast, delete, func, update
from sqlmodel import Session, select

from app.core.clock import now_of
from app.core.pagination import Page, PageRequest, paginate
from app.core.sql import serialize_on
from app.errors import Conflict, Forbidden
from app.models.integrations.webhook import (
    DeliveryRead,
    DeliveryStatus,
    EventType,
    WebhookCreate,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
    WebhookWithSecret,
)
from app.services.access.policy import Action, Resource, authorize, may_read
from app.services.access.principal import Principal
from app.services.access.scope import get_own_webhook, own_webhooks, require_client_in_scope
from app.services.integrations.events import RESOURCE_OF
from app.services.integrations.webhooks.targets import check_target_url
from app.settings import Settings

MAX_PER_USER = 50
SECRET_BYTES = 32


def new_secret() -> str:
    """A Standard Webhooks signing secret: `whsec_` and base64 of 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def create_webhook(session: Session, principal: Principal, data: WebhookCreate, *,
                   settings: Settings) -> WebhookWithSecret:
    """Subscribe a target URL to events the caller may see; the secret is shown only now."""
    authorize(principal, Resource.webhooks, Action.create)
    refused = sorted({e.value for e in data.events if not may_read(principal, RESOURCE_OF[e])})
    if refused:
        raise Forbidden(f"A {principal.role} may not subscribe to {', '.join(refused)}.",
                        fields=["events"])
    check_target_url(data.target_url, settings)
    if data.client_id is not None:
        require_client_in_scope(principal, data.client_id)
    serialize_on(session, f"webhooks:{principal.user_id}")  # parallel creations count in turn
    count = session.exec(own_webhooks(principal).with_only_columns(func.count())).one()
    if count >= MAX_PER_USER:
        raise Conflict(f"A user has at most {MAX_PER_USER} webhooks; delete one first.")
    events = list(dict.fromkeys(e.value for e in data.events))
    webhook = WebhookSubscription(user_id=principal.user_id, target_url=data.target_url,
                                  events=events, secret=new_secret(), client_id=data.client_id)
    session.add(webhook)
    session.flush()
    return WebhookWithSecret.model_validate(webhook)


def list_webhooks(session: Session, principal: Principal, page: PageRequest, *,
                  client_id: uuid.UUID | None = None,
                  event: EventType | None = None) -> Page[WebhookSubscription]:
    """The caller's own subscriptions, newest first: those scoped to a client, or taking an
    event type, when asked."""
    authorize(principal, Resource.webhooks, Action.list)
    stmt = own_webhooks(principal)
    if client_id is not None:
        stmt = stmt.where(WebhookSubscription.client_id == client_id)
    if event is not None:  # in SQL, so that every page is full: the JSON list's text names it
        stmt = stmt.where(cast(WebhookSubscription.events, String).contains(
            f'"{event.value}"', autoescape=True))
    return paginate(session, stmt, WebhookSubscription, page)


def get_webhook(session: Session, principal: Principal,
                webhook_id: uuid.UUID) -> WebhookSubscription:
    """One of the caller's subscriptions (without its secret)."""
    return get_own_webhook(session, principal, webhook_id, action=Action.read)


def delete_webhook(session: Session, principal: Principal, webhook_id: uuid.UUID) -> None:
    """Unsubscribe: nothing more is sent, and the delivery log goes with it."""
    webhook = get_own_webhook(session, principal, webhook_id, action=Action.delete,
                              for_update=True)
    session.execute(delete(WebhookDelivery).where(WebhookDelivery.subscription_id == webhook.id))
    session.delete(webhook)
    session.flush()


def rotate_secret(session: Session, principal: Principal, webhook_id: uuid.UUID, *,
                  settings: Settings) -> WebhookWithSecret:
    """A new secret; during the overlap each delivery is signed with both."""
    webhook = get_own_webhook(session, principal, webhook_id, action=Action.update,
                              for_update=True)
    now = now_of(session)
    webhook.previous_secret = webhook.secret
    webhook.previous_secret_expires_at = now + timedelta(
        hours=settings.webhooks_secret_overlap_hours)
    webhook.secret, webhook.updated_at = new_secret(), now
    session.flush()
    return WebhookWithSecret.model_validate(webhook)


def enable_webhook(session: Session, principal: Principal,
                   webhook_id: uuid.UUID) -> WebhookSubscription:
    """Enable a disabled subscription again: its pending deliveries are sent from now, each
    with a fresh retry window."""
    webhook = get_own_webhook(session, principal, webhook_id, action=Action.update,
                              for_update=True)
    now = now_of(session)
    if not webhook.is_active:
        webhook.is_active, webhook.disabled_reason = True, None
        webhook.consecutive_failures, webhook.failing_since, webhook.retry_at = 0, None, None
        webhook.resumed_at, webhook.updated_at = now, now
        session.execute(update(WebhookDelivery).where(
            WebhookDelivery.subscription_id == webhook.id,
            WebhookDelivery.status == DeliveryStatus.pending).values(next_attempt_at=now))
        session.flush()
    return webhook


def list_deliveries(session: Session, principal: Principal, webhook_id: uuid.UUID,
                    page: PageRequest) -> Page[DeliveryRead]:
    """The delivery log of one of the caller's subscriptions, newest first."""
    webhook = get_own_webhook(session, principal, webhook_id, action=Action.read)
    found = paginate(session, select(WebhookDelivery).where(
        WebhookDelivery.subscription_id == webhook.id), WebhookDelivery, page)
    ids = {d.event_id for d in found.items}
    types = dict(session.exec(select(WebhookEvent.id, WebhookEvent.type).where(
        WebhookEvent.id.in_(ids))).all()) if ids else {}
    fields = set(DeliveryRead.model_fields) - {"event_type"}
    return Page(items=[DeliveryRead.model_validate({f: getattr(d, f) for f in fields}
                                                   | {"event_type": types[d.event_id]})
                       for d in found.items], next_cursor=found.next_cursor)
