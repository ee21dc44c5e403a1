"""`expand`: a read with the names a screen shows beside its ids (a deal's rep, client and
account; an activity's rep, client and deal), each kind read in one query for the whole page,
through the caller's scope."""

import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlmodel import Session, SQLModel, col

from app.models import Account, Activity, Client, Deal, Rep
from app.models.pipeline.activity import ActivityRead
from app.models.pipeline.deal import DealRead
from app.models.refs import Ref
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select

R = TypeVar("R", bound=BaseModel)
# kind -> the table and the column that names it (the row's own id is `{kind}_id`)
DEAL_REFS: dict[str, tuple[type[SQLModel], Any]] = {
    "rep": (Rep, Rep.full_name), "client": (Client, Client.name),
    "account": (Account, Account.name)}
ACTIVITY_REFS: dict[str, tuple[type[SQLModel], Any]] = {
    "rep": (Rep, Rep.full_name), "client": (Client, Client.name), "deal": (Deal, Deal.name)}


def expanded(session: Session, principal: Principal, deals: Sequence[Deal],
             expand: frozenset[str]) -> list[DealRead]:
    """The deals as read, with the refs `expand` names filled in."""
    return with_refs(session, principal, deals, expand, DealRead, DEAL_REFS)


def expanded_activities(session: Session, principal: Principal, rows: Sequence[Activity],
                        expand: frozenset[str]) -> list[ActivityRead]:
    """The activities as read, with the refs `expand` names filled in."""
    return with_refs(session, principal, rows, expand, ActivityRead, ACTIVITY_REFS)


def with_refs(session: Session, principal: Principal, rows: Sequence[SQLModel],
              expand: frozenset[str], read: type[R],
              refs: dict[str, tuple[type[SQLModel], Any]]) -> list[R]:
    names = {kind: _names(session, principal, *refs[kind],
                          {getattr(r, f"{kind}_id") for r in rows} - {None})
             for kind in expand}
    return [read.model_validate(row, from_attributes=True).model_copy(update={
        kind: _ref(found, getattr(row, f"{kind}_id")) for kind, found in names.items()})
        for row in rows]


def _names(session: Session, principal: Principal, model, name_column,
           ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    # an archived deal keeps its name beside the activities logged on it
    return dict(session.execute(scoped_select(principal, model, with_archived=True)
                                .with_only_columns(model.id, name_column)
                                .where(col(model.id).in_(ids))).all())


def _ref(names: dict[uuid.UUID, str], obj_id: uuid.UUID | None) -> Ref | None:
    return Ref(id=obj_id, name=names[obj_id]) if obj_id in names else None
