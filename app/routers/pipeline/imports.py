"""/api/v1/clients/{id}/imports: CSV uploads of deals and activities."""

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Query, Response, UploadFile, status

from app.models.pipeline.imports import ImportResult
from app.openapi import Tag, problems
from app.routers.deps import AppRoute, Idempotent, PrincipalDep, SessionDep
from app.services.pipeline import imports

router = APIRouter(route_class=AppRoute, prefix="/clients/{client_id}/imports", tags=[Tag.imports])

CsvFile = Annotated[UploadFile, File(description="A UTF-8 CSV; columns are the field names, "
                                                 "with rep_email for the rep.")]
DryRun = Annotated[bool, Query(description="Validate and preview only; nothing is written.")]
RESPONSES = problems(401, 403, 404, 413, 422)


@router.post("/deals", name="deals", summary="Import deals from CSV",
             response_model=ImportResult, status_code=status.HTTP_201_CREATED,
             dependencies=[Idempotent],
             responses={200: {"description": "Dry run: what would be created, and errors",
                              "model": ImportResult}, **RESPONSES})
def deals(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID, file: CsvFile,
          response: Response, dry_run: DryRun = False):
    """Create the client's deals from a spreadsheet, all or nothing (managers)."""
    result = imports.import_deals(session, principal, client_id, file.file.read(),
                                  dry_run=dry_run)
    response.status_code = status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED
    return result


@router.post("/activities", name="activities", summary="Import activities from CSV",
             response_model=ImportResult, status_code=status.HTTP_201_CREATED,
             dependencies=[Idempotent],
             responses={200: {"description": "Dry run: what would be created, and errors",
                              "model": ImportResult}, **RESPONSES})
def activities(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
               file: CsvFile, response: Response, dry_run: DryRun = False):
    """Log the client's activities from a spreadsheet, all or nothing (managers)."""
    result = imports.import_activities(session, principal, client_id, file.file.read(),
                                       dry_run=dry_run)
    response.status_code = status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED
    return result
