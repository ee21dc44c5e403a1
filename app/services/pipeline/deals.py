"""Deals: the pipeline, with every tracked change kept as history."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, func, or_, select

from app.core.changes import Change, as_read, as_text, diff, record
from app.core.clock import today_of
from app.core.filters import where_equal, where_updated_since
from app.core.pagination import BY_DATE, BY_DECIMAL, Page, PageRequest, SortKey, paginate
from app.core.versioning import apply_changes
from app.errors import AppError, Conflict, invalid_field
from app.models import Account, Client, Deal, DealChange, Rep
from app.models.enums import OPEN_STAGES, ForecastCategory, Stage
from app.models.pipeline.deal import DealCreate, DealFields, DealRead, DealUpdate
from app.models.pipeline.deal_change import TRACKED_FIELDS
from app.services.access.policy import Action, Resource, authorize, requested_changes
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, resolve_rep, scoped_select
from app.services.pipeline.deal_archive import refuse_archived
from app.services.pipeline.deal_rules import settle
from app.services.pipeline.expand import expanded
from app.services.pipeline.sales_process import (
    check_requirements,
    current_process,
    deal_client_and_process,
    place,
)


class DealSort(StrEnum):
    newest = "-created_at"
    amount = "amount"
    amount_desc = "-amount"
    expected_close = "expected_close_on"
    expected_close_desc = "-expected_close_on"
    updated = "updated_at"
    updated_desc = "-updated_at"


_FAR = date(9999, 12, 31)
SORT_KEYS = {
    DealSort.newest: SortKey("created_at"),
    DealSort.amount: SortKey("amount", descending=False, **BY_DECIMAL),
    DealSort.amount_desc: SortKey("amount", **BY_DECIMAL),
    DealSort.expected_close: SortKey("expected_close_on", descending=False, null_as=_FAR,
                                     **BY_DATE),
    DealSort.expected_close_desc: SortKey("expected_close_on", null_as=_FAR, **BY_DATE),
    DealSort.updated: SortKey("updated_at", descending=False),
    DealSort.updated_desc: SortKey("updated_at"),
}


@dataclass(frozen=True)
class DealFilters:
    client_id: uuid.UUID | None = None
    rep_id: uuid.UUID | None = None
    stage: Stage | None = None
    is_open: bool | None = None
    forecast_category: ForecastCategory | None = None
    expected_close_from: date | None = None
    expected_close_to: date | None = None
    updated_since: datetime | None = None
    q: str | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    closed_from: date | None = None
    closed_to: date | None = None
    mine: bool = False  # owner=me: the caller's own deals (a rep)
    archived: bool = False  # the archived deals instead of the others


def filtered_deals(principal: Principal, filters: DealFilters):
    """The scoped SELECT of deals matching the filters (lists and exports share it)."""
    f = filters
    if f.mine and principal.rep_id is None:
        raise AppError("owner=me lists the caller's own deals; only a rep owns deals (use "
                       "rep_id to pick a rep).", errors=[{
                           "field": "query.owner", "loc": ["query", "owner"],
                           "message": "Only a rep owns deals", "type": "value_error"}])
    deals = scoped_select(principal, Deal, with_archived=f.archived)
    if f.archived:
        deals = deals.where(col(Deal.archived_at).is_not(None))
    stmt = where_equal(deals, (Deal.client_id, f.client_id),
                       (Deal.rep_id, f.rep_id), (Deal.stage, f.stage),
                       (Deal.forecast_category, f.forecast_category))
    if f.is_open is not None:
        in_open = col(Deal.stage).in_(OPEN_STAGES)
        stmt = stmt.where(in_open if f.is_open else ~in_open)
    if f.expected_close_from:
        stmt = stmt.where(Deal.expected_close_on >= f.expected_close_from)
    if f.expected_close_to:
        stmt = stmt.where(Deal.expected_close_on <= f.expected_close_to)
    if f.mine:
        stmt = stmt.where(Deal.rep_id == principal.rep_id)
    if f.q:
        needle = f.q.lower()
        stmt = stmt.where(or_(*(func.lower(column).contains(needle, autoescape=True)
                                for column in (Deal.name, Deal.account_name, Deal.next_step))))
    for column, low, high in ((Deal.amount, f.amount_min, f.amount_max),
                              (Deal.closed_on, f.closed_from, f.closed_to)):
        if low is not None:
            stmt = stmt.where(column >= low)
        if high is not None:
            stmt = stmt.where(column <= high)
    return where_updated_since(stmt, Deal, f.updated_since)


def list_deals(session: Session, principal: Principal, page: PageRequest, *,
               filters: DealFilters, sort: DealSort = DealSort.newest,
               expand: frozenset[str] = frozenset()) -> Page[Deal] | Page[DealRead]:
    """The deals the caller may see (a rep: their own), filtered and sorted; with `expand`,
    the names beside the ids."""
    authorize(principal, Resource.deals, Action.list)
    found = paginate(session, filtered_deals(principal, filters), Deal, page, SORT_KEYS[sort])
    if not expand:
        return found
    return Page(expanded(session, principal, found.items, expand), found.next_cursor)


def create_deal(session: Session, principal: Principal, data: DealCreate, *,
                rep: Rep | None = None, client: Client | None = None) -> Deal:
    """A new deal for a rep (a rep: only for themselves), with its first history entries.
    Imports pass the rep and client they already resolved through the caller's scope."""
    authorize(principal, Resource.deals, Action.create)
    rep = rep or resolve_rep(session, principal, data.rep_id)
    if data.client_id is not None and data.client_id != rep.client_id:
        raise invalid_field("client_id", "The rep does not belong to that client.")
    client = client or session.get(Client, rep.client_id)
    current = DealFields.model_construct().model_dump() | {"id": None, "slip_count": 0}
    given = data.model_dump(exclude_unset=True, exclude={"client_id", "rep_id"})
    entered = place(current_process(session, client.id), current, given)
    values = settle(current, given, today=today_of(session, client.timezone))
    _external_id_free(session, rep.client_id, values.get("external_id"), None)
    _link_account(session, principal, rep.client_id, values)
    check_requirements(entered, current | values)
    deal = Deal.model_validate({**DealFields.model_construct().model_dump(), **values,
                                "client_id": rep.client_id, "rep_id": rep.id})
    session.add(deal)
    session.flush()
    record_history(session, principal, deal, {})
    record(session, Change("deal", deal.client_id, deal.rep_id, as_read(deal, DealRead)))
    return deal


def get_deal(session: Session, principal: Principal, deal_id: uuid.UUID) -> Deal:
    """One deal the caller may see, archived or not."""
    return get_scoped(session, principal, Deal, deal_id, resource=Resource.deals,
                      action=Action.read, with_archived=True)


def get_deal_read(session: Session, principal: Principal, deal_id: uuid.UUID,
                  expand: frozenset[str]) -> tuple[Deal, Deal | DealRead]:
    """One deal and its read (with `expand`, the names beside the ids)."""
    deal = get_deal(session, principal, deal_id)
    return deal, expanded(session, principal, [deal], expand)[0] if expand else deal


def update_deal(session: Session, principal: Principal, deal_id: uuid.UUID, data: DealUpdate,
                *, if_match: str | None) -> Deal:
    """Change a deal; a stage change brings its implied changes (see deal_rules)."""
    deal, client, process = deal_client_and_process(session, principal, deal_id,
                                                    action=Action.update)
    refuse_archived(deal)
    # expected_close_on can move but not be cleared: clearing would hide a slip.
    changes = requested_changes(principal, Resource.deals, deal, data, if_match=if_match,
                                nullable=frozenset({"gross_margin_pct", "proposal_sent_on",
                                                    "closed_on", "lost_reason", "account_id",
                                                    "next_step_due_on"}))
    if "rep_id" in changes and changes["rep_id"] != deal.rep_id:
        authorize(principal, Resource.deals, Action.reassign)
        rep = resolve_rep(session, principal, changes["rep_id"])
        if rep.client_id != deal.client_id:
            raise invalid_field("rep_id", "A deal can only move to a rep of the same client.")
    if Stage(deal.stage).is_closed and not Stage(changes.get("stage", deal.stage)).is_closed:
        authorize(principal, Resource.deals, Action.reopen)
    current = {name: getattr(deal, name) for name in Deal.model_fields}
    entered = place(process, current, changes)
    changes = settle(current, changes, today=today_of(session, client.timezone))
    _external_id_free(session, deal.client_id, changes.get("external_id"), deal.id)
    _link_account(session, principal, deal.client_id, changes)
    check_requirements(entered, current | changes)
    before = as_read(deal, DealRead)
    apply_changes(deal, changes)
    session.flush()
    record_history(session, principal, deal, before)
    record(session, Change("deal", deal.client_id, deal.rep_id, as_read(deal, DealRead),
                                    before))
    return deal


def deal_history(session: Session, principal: Principal, deal_id: uuid.UUID,
                 page: PageRequest) -> Page[DealChange]:
    """Every tracked change of a deal, newest first."""
    get_deal(session, principal, deal_id)
    stmt = scoped_select(principal, DealChange, with_archived=True).where(
        DealChange.deal_id == deal_id)
    return paginate(session, stmt, DealChange, page, SortKey("changed_at"))


def _link_account(session: Session, principal: Principal, client_id: uuid.UUID,
                  values: dict[str, Any]) -> None:
    """The account must be the client's; the deal takes its name unless given one."""
    account_id = values.get("account_id")
    if account_id is None:
        return
    account = session.exec(scoped_select(principal, Account).where(
        Account.id == account_id, Account.client_id == client_id)).first()
    if account is None:
        raise invalid_field("account_id", "No account of this client has this id.")
    if not values.get("account_name"):
        values["account_name"] = account.name


def _external_id_free(session: Session, client_id: uuid.UUID, external_id: str | None,
                      deal_id: uuid.UUID | None) -> None:
    """409 when another deal of the client already carries this external id."""
    if not external_id:
        return
    taken = session.exec(select(Deal.id).where(Deal.client_id == client_id,
                                               Deal.external_id == external_id)).first()
    if taken is not None and taken != deal_id:
        raise Conflict(f"Another deal of this client has external_id {external_id!r}.",
                       existing_id=str(taken))


def record_history(session: Session, principal: Principal, deal: Deal,
                   before: dict[str, Any]) -> None:
    """The deal's own history: one row per tracked field that changed (a new deal: each
    field that has a value)."""
    after = {f: getattr(deal, f) for f in TRACKED_FIELDS}
    for change in diff(before, after, fields=TRACKED_FIELDS):
        session.add(DealChange(deal_id=deal.id, client_id=deal.client_id, field=change.field,
                               old=as_text(change.old), new=as_text(change.new),
                               changed_by=principal.user_id, changed_at=deal.updated_at))
    session.flush()

