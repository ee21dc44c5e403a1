"""/api/v1/action-items: action items of one-on-ones, across meetings."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.models.coaching.action_item import ActionItemRead, ActionItemUpdate
from app.models.enums import Assignee
from app.models.page import Page
from app.openapi import LIST, READ, WRITE, Tag
from app.routers.deps import (
    AppRoute,
    IfMatch,
    PageDep,
    PrincipalDep,
    SessionDep,
    with_etag,
)
from app.services.coaching import action_items
from app.services.coaching.action_items import ActionItemFilters

router = APIRouter(route_class=AppRoute, prefix="/action-items", tags=[Tag.action_items])


@router.get("", name="list", summary="List action items", response_model=Page[ActionItemRead],
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep,
          client_id: uuid.UUID | None = None, rep_id: uuid.UUID | None = None,
          one_on_one_id: uuid.UUID | None = None, assignee: Assignee | None = None,
          done: Annotated[bool, Query(description="false (default): open items; "
                                                  "true: done ones.")] = False):
    """The action items the caller may see (a manager: their clients' reps'; an owner: the
    company's; a rep: their own), overdue first, then by due date."""
    filters = ActionItemFilters(client_id=client_id, rep_id=rep_id, one_on_one_id=one_on_one_id,
                                assignee=assignee, done=done)
    return action_items.list_action_items(session, principal, page, filters=filters)


@router.get("/{action_item_id}", name="get", summary="Get an action item",
            response_model=ActionItemRead, responses=READ)
def get(session: SessionDep, principal: PrincipalDep, action_item_id: uuid.UUID,
        response: Response):
    """One action item, with its ETag."""
    return with_etag(response, action_items.get_action_item(session, principal,
                                                            action_item_id))


@router.patch("/{action_item_id}", name="update", summary="Tick off or edit an action item",
              response_model=ActionItemRead, responses=WRITE)
def update(session: SessionDep, principal: PrincipalDep, action_item_id: uuid.UUID,
           body: ActionItemUpdate, response: Response, if_match: IfMatch = None):
    """`{"done": true}` ticks it off (a rep: only items assigned to the rep); managers may
    also change the title, assignee and due date."""
    return with_etag(response, action_items.update_action_item(
        session, principal, action_item_id, body, if_match=if_match))
