"""/api/v1/events: the events feed (for polling, and to catch up after missed webhooks)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.models.integrations.webhook import EventPayload, EventType
from app.models.page import Page
from app.openapi import LIST, Tag, problems
from app.routers.deps import AppRoute, PageDep, PrincipalDep, SessionDep, UTCTime
from app.services.integrations import event_feed

router = APIRouter(route_class=AppRoute, prefix="/events", tags=[Tag.webhooks])


@router.get("", name="events_feed", summary="The events feed", response_model=Page[EventPayload],
            responses=LIST | problems(404))
def feed(session: SessionDep, principal: PrincipalDep, page: PageDep,
         type: Annotated[list[EventType] | None, Query(description=(
             "Only these types (repeat the parameter for several)."),
             examples=[["deal.updated"]])] = None,
         since: Annotated[UTCTime | None, Query(description=(
             "Only events after this instant (UTC ISO 8601)."),
             examples=["2026-12-01T00:00:00Z"])] = None,
         client_id: Annotated[uuid.UUID | None, Query(description="One client's.")] = None):
    """Every event the caller may see, newest first, recorded whether or not anyone
    subscribes, kept 30 days: the same payloads as the webhooks, each with its own `id`
    (an "updated deal" polling trigger dedupes on it). Alarm events are recorded while some
    subscription wants alarm events."""
    return event_feed.list_events(session, principal, page, types=type, since=since,
                                  client_id=client_id)
