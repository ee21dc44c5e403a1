"""/api/v1/webhooks: Zapier REST Hooks (subscribe, change, test, unsubscribe, samples, the
delivery log and sending a delivery again)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import JSONResponse

from app.models.integrations.webhook import (
    DeliveryRead,
    EventPayload,
    EventType,
    PingResult,
    WebhookCreate,
    WebhookRead,
    WebhookUpdate,
    WebhookWithSecret,
)
from app.models.page import Page
from app.openapi import LIST, READ, WRITE, Tag, problems
from app.routers.deps import AppRoute, NoStore, PageDep, PrincipalDep, SessionDep, SettingsDep
from app.services.integrations import events
from app.services.integrations.webhooks import manage, subscriptions

router = APIRouter(route_class=AppRoute, prefix="/webhooks", tags=[Tag.webhooks])


@router.post("", name="create", summary="Subscribe to events", response_model=WebhookWithSecret,
             status_code=status.HTTP_201_CREATED, responses=WRITE, dependencies=[NoStore])
def create(session: SessionDep, principal: PrincipalDep, settings: SettingsDep,
           body: WebhookCreate):
    """Subscribe a target URL to events (REST Hooks). Each user receives only what they may
    see. The signing secret is in this answer only (and on rotation)."""
    return subscriptions.create_webhook(session, principal, body, settings=settings)


@router.get("", name="list", summary="List your webhooks", response_model=Page[WebhookRead],
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep,
          client_id: Annotated[uuid.UUID | None, Query(description=(
              "Only the subscriptions scoped to this client."))] = None,
          event: Annotated[EventType | None, Query(description=(
              "Only the subscriptions taking this event type."))] = None):
    """The caller's own subscriptions, newest first (without their secrets)."""
    return subscriptions.list_webhooks(session, principal, page, client_id=client_id,
                                       event=event)


@router.get("/samples/{event}", name="sample", summary="A sample event payload",
            response_model=None, responses={
                200: {"model": EventPayload, "description": "The payload, as a receiver gets it."},
                **problems(401, 422)})
def sample(principal: PrincipalDep, event: EventType) -> JSONResponse:
    """A payload of this event type with exactly the shape of a real one (for Zapier's
    sample data and for building a receiver)."""
    return JSONResponse(events.sample_payload(event))


@router.get("/{webhook_id}", name="get", summary="Get a webhook", response_model=WebhookRead,
            responses=READ)
def get(session: SessionDep, principal: PrincipalDep, webhook_id: uuid.UUID):
    """One of the caller's subscriptions: its events, state and why it was disabled."""
    return subscriptions.get_webhook(session, principal, webhook_id)


@router.delete("/{webhook_id}", name="delete", summary="Unsubscribe",
               status_code=status.HTTP_204_NO_CONTENT, response_class=Response, responses=READ)
def delete(session: SessionDep, principal: PrincipalDep, webhook_id: uuid.UUID):
    """Unsubscribe (REST Hooks): nothing more is sent to it."""
    subscriptions.delete_webhook(session, principal, webhook_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.patch("/{webhook_id}", name="update", summary="Change a webhook",
              response_model=WebhookRead, responses=WRITE)
def update(session: SessionDep, principal: PrincipalDep, settings: SettingsDep,
           webhook_id: uuid.UUID, body: WebhookUpdate):
    """Point it at another URL or change its events; the secret and the log stay."""
    return manage.update_webhook(session, principal, webhook_id, body, settings=settings)


@router.post("/{webhook_id}/test", name="test", summary="Send a test ping",
             response_model=PingResult, responses=READ)
def test(session: SessionDep, principal: PrincipalDep, settings: SettingsDep,
         webhook_id: uuid.UUID):
    """A `webhook.ping` event, signed like every delivery, posted at once (not queued, not
    retried); the answer says what the receiver answered."""
    return manage.ping(session, principal, webhook_id, settings=settings)


@router.post("/{webhook_id}/deliveries/{delivery_id}/retry", name="redeliver",
             summary="Send a delivery again", response_model=DeliveryRead, responses=READ)
def redeliver(session: SessionDep, principal: PrincipalDep, webhook_id: uuid.UUID,
              delivery_id: uuid.UUID):
    """Queue one delivery again (failed, dropped, or delivered and wanted once more): the
    dispatcher sends it next."""
    return manage.redeliver(session, principal, webhook_id, delivery_id)


@router.post("/{webhook_id}/rotate-secret", name="rotate_secret", summary="Rotate the secret",
             response_model=WebhookWithSecret, responses=READ, dependencies=[NoStore])
def rotate_secret(session: SessionDep, principal: PrincipalDep, settings: SettingsDep,
                  webhook_id: uuid.UUID):
    """A new signing secret; during the overlap (24 h by default) deliveries carry a
    signature with each secret."""
    return subscriptions.rotate_secret(session, principal, webhook_id, settings=settings)


@router.post("/{webhook_id}/enable", name="enable", summary="Enable a disabled webhook",
             response_model=WebhookRead, responses=READ)
def enable(session: SessionDep, principal: PrincipalDep, webhook_id: uuid.UUID):
    """Enable a subscription that was disabled after failing (or answered 410): deliveries
    that were waiting are sent from now on, each with a fresh retry window."""
    return subscriptions.enable_webhook(session, principal, webhook_id)


@router.get("/{webhook_id}/deliveries", name="deliveries", summary="The delivery log",
            response_model=Page[DeliveryRead], responses=READ)
def deliveries(session: SessionDep, principal: PrincipalDep, page: PageDep,
               webhook_id: uuid.UUID):
    """Every delivery of the subscription, newest first: attempts, last status code, error
    and duration, the next retry, and the log of attempts."""
    return subscriptions.list_deliveries(session, principal, webhook_id, page)
