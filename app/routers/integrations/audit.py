"""/api/v1/audit: the audit log."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from app.models.integrations.audit_entry import AuditEntryRead, EntityType
from app.models.page import Page
from app.openapi import LIST, Tag
from app.routers.deps import AppRoute, PageDep, PrincipalDep, SessionDep, UTCTime
from app.services.integrations import audit
from app.services.integrations.audit import AuditFilters

router = APIRouter(route_class=AppRoute, prefix="/audit", tags=[Tag.audit])


async def audit_filters(
    entity_type: EntityType | None = None, entity_id: uuid.UUID | None = None,
    client_id: uuid.UUID | None = None, actor_id: uuid.UUID | None = None,
    since: Annotated[UTCTime | None, Query(description="Entries at or after this time.")] = None,
) -> AuditFilters:
    return AuditFilters(entity_type=entity_type, entity_id=entity_id, client_id=client_id,
                        actor_id=actor_id, since=since)


@router.get("", name="list", summary="List audit entries", response_model=Page[AuditEntryRead],
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep,
          filters: Annotated[AuditFilters, Depends(audit_filters)]):
    """Who created, changed, archived or deleted what, newest first: a manager sees their
    clients' entries and their own changes of logins, an owner the company's; reps: 403."""
    return audit.list_audit_entries(session, principal, page, filters=filters)
