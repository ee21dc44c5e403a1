"""`expand`: a deal read with the names a screen shows beside its ids (the rep, the client,
the account), each kind read in one query for the whole page, through the caller's scope."""

import uuid
from collections.abc import Sequence

from sqlmodel import Session, col

from app.models import Account, Client, Deal, Rep
from app.models.pipeline.deal import DealRead
from app.models.refs import Ref
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select

EXPANDABLE = ("rep", "client", "account")


def expanded(session: Session, principal: Principal, deals: Sequence[Deal],
             expand: frozenset[str]) -> list[DealRead]:
    """The deals as read, with the refs `expand` names filled in."""
    names: dict[str, dict[uuid.UUID, str]] = {}
    if "rep" in expand:
        names["rep"] = _names(session, principal, Rep, Rep.full_name,
                              {d.rep_id for d in deals})
    if "client" in expand:
        names["client"] = _names(session, principal, Client, Client.name,
                                 {d.client_id for d in deals})
    if "account" in expand:
        names["account"] = _names(session, principal, Account, Account.name,
                                  {d.account_id for d in deals if d.account_id})
    out = []
    for deal in deals:
        refs = {kind: _ref(found, getattr(deal, f"{kind}_id")) for kind, found in names.items()}
        out.append(DealRead.model_validate(deal, from_attributes=True).model_copy(update=refs))
    return out


def _names(session: Session, principal: Principal, model, name_column,
           ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(session.execute(scoped_select(principal, model)
                                .with_only_columns(model.id, name_column)
                                .where(col(model.id).in_(ids))).all())


def _ref(names: dict[uuid.UUID, str], obj_id: uuid.UUID | None) -> Ref | None:
    return Ref(id=obj_id, name=names[obj_id]) if obj_id in names else None
