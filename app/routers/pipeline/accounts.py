"""/api/v1/accounts, /api/v1/clients/{id}/accounts/conflicts, territories, and the
client's sales process."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from app.models.page import Page
from app.models.pipeline.account import (
    AccountConflicts,
    AccountCreate,
    AccountRead,
    AccountStatus,
    AccountUpdate,
    TerritoryCreate,
    TerritoryRead,
    TerritoryUpdate,
)
from app.models.pipeline.sales_process import (
    SalesProcessPut,
    SalesProcessRead,
    SalesProcessVersions,
)
from app.openapi import LIST, READ, WRITE, Tag, problems
from app.routers.deps import (
    AppRoute,
    Idempotent,
    IfMatch,
    PageDep,
    PrincipalDep,
    SessionDep,
    with_etag,
)
from app.services.pipeline import accounts, sales_process
from app.services.pipeline.accounts import AccountFilters

router = APIRouter(route_class=AppRoute, tags=[Tag.accounts])


async def account_filters(
    client_id: uuid.UUID | None = None,
    status: AccountStatus | None = None,
    territory_id: uuid.UUID | None = None,
    owner_rep_id: uuid.UUID | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the name.")] = None,
) -> AccountFilters:
    return AccountFilters(client_id=client_id, status=status, territory_id=territory_id,
                          owner_rep_id=owner_rep_id, q=q)


@router.get("/accounts", name="list", summary="List accounts",
            response_model=Page[AccountRead], responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep,
          filters: Annotated[AccountFilters, Depends(account_filters)]):
    """The accounts of the caller's clients, by name."""
    return accounts.list_accounts(session, principal, page, filters=filters)


@router.post("/accounts", name="create", summary="Create an account",
             response_model=AccountRead, status_code=status.HTTP_201_CREATED,
             dependencies=[Idempotent], responses=WRITE)
def create(session: SessionDep, principal: PrincipalDep, body: AccountCreate,
           response: Response):
    """An account of one of the manager's clients (its name once per client)."""
    return with_etag(response, accounts.create_account(session, principal, body))


@router.get("/accounts/{account_id}", name="get", summary="Get an account",
            response_model=AccountRead, responses=READ)
def get(session: SessionDep, principal: PrincipalDep, account_id: uuid.UUID,
        response: Response):
    """One account, with its ETag."""
    return with_etag(response, accounts.get_account(session, principal, account_id))


@router.patch("/accounts/{account_id}", name="update", summary="Update an account",
              response_model=AccountRead, responses=WRITE)
def update(session: SessionDep, principal: PrincipalDep, account_id: uuid.UUID,
           body: AccountUpdate, response: Response, if_match: IfMatch = None):
    """Rename it, move it to a territory or another owner, or change its status."""
    return with_etag(response, accounts.update_account(session, principal, account_id, body,
                                                       if_match=if_match))


@router.get("/clients/{client_id}/accounts/conflicts", name="conflicts",
            summary="Accounts worked by more than one rep", response_model=AccountConflicts,
            responses=READ)
def conflicts(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID):
    """Accounts with open deals held by 2 or more reps, with each rep's count."""
    return accounts.conflicts(session, principal, client_id)


@router.get("/clients/{client_id}/territories", name="territories_list",
            summary="A client's territories", response_model=list[TerritoryRead],
            responses=READ)
def territories_list(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID):
    """The client's territories with their reps, by name."""
    return accounts.list_territories(session, principal, client_id)


@router.post("/clients/{client_id}/territories", name="territories_create",
             summary="Create a territory", response_model=TerritoryRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def territories_create(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
                       body: TerritoryCreate, response: Response):
    """A territory of the client and the reps who work it (managers)."""
    return with_etag(response, accounts.create_territory(session, principal, client_id, body))


@router.patch("/territories/{territory_id}", name="territories_update",
              summary="Update a territory", response_model=TerritoryRead, responses=WRITE)
def territories_update(session: SessionDep, principal: PrincipalDep, territory_id: uuid.UUID,
                       body: TerritoryUpdate, response: Response, if_match: IfMatch = None):
    """Rename it or change its reps (managers)."""
    return with_etag(response, accounts.update_territory(session, principal, territory_id,
                                                         body, if_match=if_match))


@router.put("/clients/{client_id}/sales-process", name="process_put",
            summary="Set the client's sales process", response_model=SalesProcessRead,
            responses=WRITE)
def process_put(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
                body: SalesProcessPut):
    """A new version: the open stages in order, each mapped to a phase (prospecting,
    discovery, proposal, negotiation) with its win probability, exit criteria and the deal
    fields it requires; and the playbooks for a stall, competition and price or terms. The
    client's stage probabilities follow (per phase, the mean of its stages'). A deal then
    enters a stage only with its required fields (422 naming them)."""
    return sales_process.put_process(session, principal, client_id, body)


@router.get("/clients/{client_id}/sales-process", name="process_get",
            summary="The client's sales process", response_model=SalesProcessRead,
            responses=READ | problems(422))
def process_get(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
                version: Annotated[int | None, Query(ge=1, description=(
                    "An earlier version; default: the current one."))] = None):
    """The current version, or the one asked for."""
    return sales_process.get_process(session, principal, client_id, version)


@router.get("/clients/{client_id}/sales-process/versions", name="process_versions",
            summary="Every version of the client's sales process",
            response_model=SalesProcessVersions, responses=READ)
def process_versions(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID):
    """Every version, the latest first."""
    return sales_process.list_versions(session, principal, client_id)
