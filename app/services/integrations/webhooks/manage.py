"""Managing one's webhooks beyond subscribing: changing the target or the events, a signed
test ping sent at once, and sending a delivery again."""

import json
import uuid

import httpx
from sqlmodel import Session, select

from app.core.clock import now_of
from app.errors import Forbidden, NotFound, invalid_field
from app.models.integrations.webhook import (
    DeliveryRead,
    DeliveryStatus,
    PingResult,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
    WebhookUpdate,
)
from app.services.access.policy import Action, may_read
from app.services.access.principal import Principal
from app.services.access.scope import get_own_webhook, require_client_in_scope
from app.services.integrations.events import RESOURCE_OF
from app.services.integrations.webhooks.dispatch import Job, send, signing_secrets
from app.services.integrations.webhooks.targets import check_target_url
from app.settings import Settings

PING = "webhook.ping"


def update_webhook(session: Session, principal: Principal, webhook_id: uuid.UUID,
                   data: WebhookUpdate, *, settings: Settings) -> WebhookSubscription:
    """Point the subscription elsewhere or change its events; the secret stays."""
    webhook = get_own_webhook(session, principal, webhook_id, action=Action.update,
                              for_update=True)
    if data.target_url is not None:
        check_target_url(data.target_url, settings)
        webhook.target_url = data.target_url
    if data.events is not None:
        refused = sorted({e.value for e in data.events if not may_read(principal, RESOURCE_OF[e])})
        if refused:
            raise Forbidden(f"A {principal.role} may not subscribe to {', '.join(refused)}.",
                            fields=["events"])
        webhook.events = list(dict.fromkeys(e.value for e in data.events))
    if "target_url" in data.model_fields_set and data.target_url is None:
        raise invalid_field("target_url", "target_url can't be null.")
    if "client_id" in data.model_fields_set:  # null: every client again
        if data.client_id is not None:
            require_client_in_scope(principal, data.client_id)
        webhook.client_id = data.client_id
    webhook.updated_at = now_of(session)
    session.flush()
    return webhook


def ping(session: Session, principal: Principal, webhook_id: uuid.UUID, *,
         settings: Settings) -> PingResult:
    """A `webhook.ping` event, signed like every delivery, posted now (not queued, not
    retried): what the receiver answered."""
    webhook = get_own_webhook(session, principal, webhook_id, action=Action.update)
    now = now_of(session)
    message_id = f"msg_ping_{uuid.uuid4().hex}"
    body = json.dumps({"id": message_id, "type": PING,
                       "occurred_at": now.isoformat().replace("+00:00", "Z"),
                       "client_id": None, "data": {"webhook_id": str(webhook.id)}}).encode()
    job = Job(delivery_id=uuid.uuid4(), subscription_id=webhook.id,
              target_url=webhook.target_url, secrets=signing_secrets(webhook, now),
              message_id=message_id, body=body)
    with httpx.Client(follow_redirects=False) as http:
        outcome = send(http, settings, job)
    return PingResult(ok=outcome.ok, status_code=outcome.status_code, error=outcome.error,
                      duration_ms=outcome.duration_ms, message_id=message_id)


def redeliver(session: Session, principal: Principal, webhook_id: uuid.UUID,
              delivery_id: uuid.UUID) -> DeliveryRead:
    """Queue a delivery again (failed, dropped, or delivered and wanted once more): the
    dispatcher sends it next; past its retry window, that one attempt is all it gets."""
    webhook = get_own_webhook(session, principal, webhook_id, action=Action.update)
    delivery = session.exec(select(WebhookDelivery).where(
        WebhookDelivery.id == delivery_id, WebhookDelivery.subscription_id == webhook.id)
        .with_for_update()).first()
    if delivery is None:
        raise NotFound(f"No delivery with id {delivery_id} of this webhook.")
    now = now_of(session)
    delivery.status, delivery.next_attempt_at = DeliveryStatus.pending, now
    delivery.claimed_until, delivery.delivered_at = None, None
    delivery.updated_at = now
    session.flush()
    event_type = session.get(WebhookEvent, delivery.event_id).type
    fields = set(DeliveryRead.model_fields) - {"event_type"}
    return DeliveryRead.model_validate({f: getattr(delivery, f) for f in fields}
                                       | {"event_type": event_type})
