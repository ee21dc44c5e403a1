"""Accounts and territories of a client: who sells to whom. Managers keep them; owners and
the client's reps read them. An account with open deals held by two or more reps is a
conflict the manager settles."""

import uuid
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.core.filters import where_equal
from app.core.pagination import Page, PageRequest, SortKey, paginate
from app.core.versioning import apply_changes
from app.errors import Conflict, invalid_field
from app.models import Account, Client, Deal, Rep, Territory
from app.models.enums import OPEN_STAGES
from app.models.pipeline.account import (
    AccountConflict,
    AccountConflicts,
    AccountCreate,
    AccountStatus,
    AccountUpdate,
    ConflictRep,
    TerritoryCreate,
    TerritoryUpdate,
)
from app.services.access.policy import Action, Resource, authorize, requested_changes
from app.services.access.principal import Principal
from app.services.access.scope import (
    get_parent,
    get_scoped,
    require_client_in_scope,
    scoped_select,
)

BY_NAME = SortKey("name", descending=False, parse=str)


@dataclass(frozen=True)
class AccountFilters:
    client_id: uuid.UUID | None = None
    status: AccountStatus | None = None
    territory_id: uuid.UUID | None = None
    owner_rep_id: uuid.UUID | None = None
    q: str | None = None


def list_accounts(session: Session, principal: Principal, page: PageRequest, *,
                  filters: AccountFilters) -> Page[Account]:
    authorize(principal, Resource.accounts, Action.list)
    f = filters
    stmt = where_equal(scoped_select(principal, Account), (Account.client_id, f.client_id),
                       (Account.status, f.status), (Account.territory_id, f.territory_id),
                       (Account.owner_rep_id, f.owner_rep_id))
    if f.q:
        stmt = stmt.where(func.lower(Account.name).contains(f.q.lower()))
    return paginate(session, stmt, Account, page, BY_NAME)


def get_account(session: Session, principal: Principal, account_id: uuid.UUID) -> Account:
    return get_scoped(session, principal, Account, account_id, resource=Resource.accounts,
                      action=Action.read)


def create_account(session: Session, principal: Principal, data: AccountCreate) -> Account:
    authorize(principal, Resource.accounts, Action.create)
    require_client_in_scope(principal, data.client_id)
    _check_links(session, principal, data.client_id, data.territory_id, data.owner_rep_id)
    _name_free(session, data.client_id, data.name, None)
    account = Account.model_validate(data.model_dump())
    session.add(account)
    session.flush()
    return account


def update_account(session: Session, principal: Principal, account_id: uuid.UUID,
                   data: AccountUpdate, *, if_match: str | None) -> Account:
    account = get_scoped(session, principal, Account, account_id, resource=Resource.accounts,
                         action=Action.update, for_update=True)
    changes = requested_changes(principal, Resource.accounts, account, data, if_match=if_match,
                                nullable=frozenset({"territory_id", "owner_rep_id"}))
    _check_links(session, principal, account.client_id, changes.get("territory_id"),
                 changes.get("owner_rep_id"))
    if "name" in changes:
        _name_free(session, account.client_id, changes["name"], account.id)
    apply_changes(account, changes)
    session.flush()
    return account


def conflicts(session: Session, principal: Principal, client_id: uuid.UUID) -> AccountConflicts:
    """Accounts whose open deals are held by two or more reps, most reps first."""
    client = get_parent(session, principal, Client, client_id, resource=Resource.accounts,
                        action=Action.list)
    rows = session.execute(
        scoped_select(principal, Deal)
        .with_only_columns(Deal.account_id, Deal.rep_id, func.count())
        .where(Deal.client_id == client.id, col(Deal.account_id).is_not(None),
               col(Deal.stage).in_(OPEN_STAGES))
        .group_by(Deal.account_id, Deal.rep_id)).all()
    held: dict[uuid.UUID, list[tuple[uuid.UUID, int]]] = {}
    for account_id, rep_id, count in rows:
        held.setdefault(account_id, []).append((rep_id, count))
    split = {a: reps for a, reps in held.items() if len(reps) >= 2}
    accounts = {a.id: a for a in session.exec(scoped_select(principal, Account)
                                              .where(col(Account.id).in_(list(split))))}
    names = {r.id: r.full_name for r in session.exec(
        scoped_select(principal, Rep).where(Rep.client_id == client.id))}
    items = [AccountConflict(
        account_id=a, name=accounts[a].name, owner_rep_id=accounts[a].owner_rep_id,
        reps=[ConflictRep(rep_id=r, full_name=names.get(r, ""), open_deals=n)
              for r, n in sorted(reps, key=lambda x: (-x[1], names.get(x[0], "")))])
        for a, reps in split.items() if a in accounts]
    items.sort(key=lambda c: (-len(c.reps), c.name))
    return AccountConflicts(client_id=client.id, items=items)


def list_territories(session: Session, principal: Principal,
                     client_id: uuid.UUID) -> list[Territory]:
    client = get_parent(session, principal, Client, client_id, resource=Resource.territories,
                        action=Action.list)
    return list(session.exec(scoped_select(principal, Territory)
                             .where(Territory.client_id == client.id).order_by(Territory.name)))


def create_territory(session: Session, principal: Principal, client_id: uuid.UUID,
                     data: TerritoryCreate) -> Territory:
    client = get_parent(session, principal, Client, client_id, resource=Resource.territories,
                        action=Action.create)
    _check_reps(session, principal, client.id, data.rep_ids)
    _territory_free(session, client.id, data.name, None)
    territory = Territory(client_id=client.id, name=data.name)
    territory.rep_ids = data.rep_ids
    session.add(territory)
    session.flush()
    return territory


def update_territory(session: Session, principal: Principal, territory_id: uuid.UUID,
                     data: TerritoryUpdate, *, if_match: str | None) -> Territory:
    territory = get_scoped(session, principal, Territory, territory_id,
                           resource=Resource.territories, action=Action.update, for_update=True)
    changes = requested_changes(principal, Resource.territories, territory, data,
                                if_match=if_match)
    if "rep_ids" in changes:
        _check_reps(session, principal, territory.client_id, changes["rep_ids"])
    if "name" in changes:
        _territory_free(session, territory.client_id, changes["name"], territory.id)
    apply_changes(territory, changes)
    session.flush()
    return territory


def _check_links(session: Session, principal: Principal, client_id: uuid.UUID,
                 territory_id: uuid.UUID | None, owner_rep_id: uuid.UUID | None) -> None:
    if territory_id is not None and session.exec(scoped_select(principal, Territory).where(
            Territory.id == territory_id, Territory.client_id == client_id)).first() is None:
        raise invalid_field("territory_id", "No territory of this client has this id.")
    if owner_rep_id is not None:
        _check_reps(session, principal, client_id, [owner_rep_id], field="owner_rep_id")


def _check_reps(session: Session, principal: Principal, client_id: uuid.UUID,
                rep_ids: list[uuid.UUID], field: str = "rep_ids") -> None:
    if not rep_ids:
        return
    found = set(session.exec(scoped_select(principal, Rep).with_only_columns(Rep.id).where(
        col(Rep.id).in_(rep_ids), Rep.client_id == client_id)).all())
    if missing := [str(r) for r in rep_ids if r not in found]:
        raise invalid_field(field, f"Not reps of this client: {', '.join(missing)}.")


def _name_free(session: Session, client_id: uuid.UUID, name: str,
               account_id: uuid.UUID | None) -> None:
    taken = session.exec(select(Account).where(
        Account.client_id == client_id, func.lower(Account.name) == name.lower())).first()
    if taken is not None and taken.id != account_id:
        raise Conflict(f"The client already has an account named {taken.name!r}.",
                       existing_id=str(taken.id))


def _territory_free(session: Session, client_id: uuid.UUID, name: str,
                    territory_id: uuid.UUID | None) -> None:
    taken = session.exec(select(Territory).where(
        Territory.client_id == client_id, Territory.name == name)).first()
    if taken is not None and taken.id != territory_id:
        raise Conflict(f"The client already has a territory named {name!r}.",
                       existing_id=str(taken.id))

