"""/api/v1/clients/{id}/imports: CSV uploads of deals and activities, and
/api/v1/imports/{id}: how a large one (a job) is getting on."""

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Query, Response, UploadFile, status

from app.models.pipeline.import_job import ImportJobRead, ImportKind, ImportMode, Preset
from app.models.pipeline.imports import ImportResult
from app.openapi import READ, Tag, problems
from app.routers.deps import AppRoute, Idempotent, PrincipalDep, SessionDep
from app.services.pipeline import imports

router = APIRouter(route_class=AppRoute, tags=[Tag.imports])

CsvFile = Annotated[UploadFile, File(description=(
    "A UTF-8 CSV, up to 100,000 rows and 50 MiB: the field names as columns (an export of "
    "this API imports back as it is), rep_email or rep_name for the rep; or a CRM's export "
    "with `preset`, or any file with `mapping`."))]
DryRun = Annotated[bool, Query(description="Check and preview only; nothing is written.")]
Mode = Annotated[ImportMode, Query(description=(
    "upsert (default): a row whose id or external_id names a deal of the client updates it "
    "(an activity: the rep's entry of that day and kind); create: such a row is an error."))]
PresetQuery = Annotated[Preset | None, Query(description=(
    "Read a HubSpot, Pipedrive or Salesforce deal export as it comes: their column names, "
    "stage names and date formats."))]
Mapping = Annotated[str | None, Query(max_length=10_000, description=(
    'JSON mapping other names to ours: {"columns": {"Their column": "our_field"}, '
    '"stages": {"Their stage": "proposal"}}; on top of a preset.'),
    examples=['{"columns": {"Title": "name"}, "stages": {"Demo done": "discovery"}}'])]
RESPONSES = {
    200: {"description": "Dry run: what would be done, and every error of every line",
          "model": ImportResult},
    202: {"description": "More than 2,000 rows: queued as a job; follow it at "
                         "/api/v1/imports/{id}", "model": ImportJobRead},
    **problems(401, 403, 404, 413, 422)}


def _answer(result, response: Response, dry_run: bool):
    if isinstance(result, ImportJobRead):
        response.status_code = status.HTTP_202_ACCEPTED
    else:
        response.status_code = status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED
    return result


@router.post("/clients/{client_id}/imports/deals", name="deals",
             summary="Import deals from CSV", response_model=ImportResult | ImportJobRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent],
             responses=RESPONSES)
def deals(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID, file: CsvFile,
          response: Response, dry_run: DryRun = False, mode: Mode = ImportMode.upsert,
          preset: PresetQuery = None, mapping: Mapping = None):
    """The client's deals from a spreadsheet or a CRM export, all or nothing (managers).
    `created_on` (the day the deal was opened), `closed_on` and `proposal_sent_on` date its
    history, so replays of past days, cycles and win rates are right for imported history;
    `external_id` (the CRM's id) and `source` are kept. Every error of every line is
    reported. Over 2,000 rows the import runs as a job (202)."""
    return _answer(imports.import_file(session, principal, client_id, ImportKind.deals,
                                       file.file, dry_run=dry_run, mode=mode, preset=preset,
                                       mapping=mapping), response, dry_run)


@router.post("/clients/{client_id}/imports/activities", name="activities",
             summary="Import activities from CSV", response_model=ImportResult | ImportJobRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent],
             responses=RESPONSES)
def activities(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
               file: CsvFile, response: Response, dry_run: DryRun = False,
               mode: Mode = ImportMode.upsert, mapping: Mapping = None):
    """The client's activities from a spreadsheet, all or nothing (managers); each row is
    taken as entered on its day, so imported history is not a late entry. Over 2,000 rows
    the import runs as a job (202)."""
    return _answer(imports.import_file(session, principal, client_id, ImportKind.activities,
                                       file.file, dry_run=dry_run, mode=mode, preset=None,
                                       mapping=mapping), response, dry_run)


@router.get("/imports/{import_id}", name="get", summary="An import job",
            response_model=ImportJobRead, responses=READ)
def get(session: SessionDep, principal: PrincipalDep, import_id: uuid.UUID):
    """Status (queued, running, succeeded, failed), rows read and valid, progress in percent,
    what was written, and every error of every line (the first 5,000)."""
    return imports.get_job(session, principal, import_id)
