"""CSV imports of deals and activities: dated history, upserts, presets for the exports
people have, every error of every line, and large files as jobs."""

import uuid
from typing import BinaryIO

from sqlmodel import Session

from app.errors import Unprocessable, invalid_field
from app.models import Client
from app.models.pipeline.import_job import ImportJobRead, ImportKind, ImportMode, Preset
from app.models.pipeline.imports import ImportResult
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped
from app.services.pipeline.imports.jobs import get_job, job_read, run_next, submit
from app.services.pipeline.imports.presets import naming_of
from app.services.pipeline.imports.run import run
from app.services.pipeline.imports.source import MAX_ROWS, SYNC_ROWS, count_rows

__all__ = ["get_job", "import_file", "run_next"]


def import_file(session: Session, principal: Principal, client_id: uuid.UUID, kind: ImportKind,
                upload: BinaryIO, *, dry_run: bool, mode: ImportMode, preset: Preset | None,
                mapping: str | None) -> ImportResult | ImportJobRead:
    """Up to 2,000 rows: imported now, all or nothing (a dry run previews). More: queued as a
    job, answered at once."""
    client = get_scoped(session, principal, Client, client_id, resource=Resource.imports,
                        action=Action.create)
    naming = naming_of(preset, mapping)
    total = count_rows(upload)
    if total > MAX_ROWS:
        raise invalid_field("file", f"At most {MAX_ROWS:,} rows per import.")
    if total > SYNC_ROWS:
        return job_read(submit(session, principal, client, kind, upload, total=total,
                               dry_run=dry_run, mode=mode, preset=preset, mapping=mapping))
    everything = session.begin_nested()
    out = run(session, principal, client, kind, upload, naming,
              upsert=mode is ImportMode.upsert, write=not dry_run, keep_items=True)
    if dry_run or out.error_lines:
        everything.rollback()
    if out.error_lines and not dry_run:
        raise Unprocessable(f"{out.error_lines} row(s) are invalid; nothing was imported.",
                            errors=[e.model_dump() for e in out.errors])
    return ImportResult(dry_run=dry_run, rows=out.rows, valid_rows=out.valid,
                        created=0 if dry_run else out.created,
                        updated=0 if dry_run else out.updated,
                        unchanged=out.unchanged if not dry_run else 0,
                        errors=out.errors, items=out.items)
