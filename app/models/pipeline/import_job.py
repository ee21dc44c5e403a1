"""Import jobs: a large CSV import runs in the background, all or nothing as ever, and says
how far it has got. The file is kept in chunks until the job ends, so any worker process
can run it and none holds the whole file."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import JSON, Index, LargeBinary
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel

from app.models.base import IdMixin, Stamped, UTCDateTime
from app.models.pipeline.imports import RowError


class ImportKind(StrEnum):
    deals = "deals"
    activities = "activities"


class ImportMode(StrEnum):
    create = "create"
    upsert = "upsert"


class Preset(StrEnum):
    hubspot = "hubspot"
    pipedrive = "pipedrive"
    salesforce = "salesforce"


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"  # invalid rows (nothing written) or an error


class ImportJob(IdMixin, table=True):
    __tablename__ = "import_jobs"
    __table_args__ = (Index("ix_import_jobs_status_created_at", "status", "created_at"),)
    client_id: uuid.UUID = SQLField(foreign_key="clients.id", index=True)
    kind: str = SQLField(max_length=16)
    mode: str = SQLField(max_length=16)
    dry_run: bool = False
    options: dict[str, Any] = SQLField(default_factory=dict, sa_type=JSON, description=(
        "preset and mapping, as given."))
    status: str = SQLField(default=JobStatus.queued.value, max_length=16)
    rows_total: int = 0
    rows_read: int = 0
    rows_valid: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict[str, Any]] = SQLField(default_factory=list, sa_type=JSON)
    detail: str = ""
    created_by: uuid.UUID = SQLField(foreign_key="users.id")
    created_at: datetime = Stamped()
    started_at: datetime | None = SQLField(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = SQLField(default=None, sa_type=UTCDateTime)


class ImportChunk(SQLModel, table=True):
    """A piece of a queued job's file, in order; deleted when the job ends."""

    __tablename__ = "import_chunks"
    job_id: uuid.UUID = SQLField(foreign_key="import_jobs.id", primary_key=True)
    seq: int = SQLField(primary_key=True)
    data: bytes = SQLField(sa_type=LargeBinary)


class ImportJobRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "6a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d",
        "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "kind": "deals",
        "mode": "upsert", "dry_run": False, "status": "running", "rows_total": 48210,
        "rows_read": 12000, "rows_valid": 11998, "progress": 24.9, "created": 0,
        "updated": 0, "unchanged": 0,
        "errors": [{"line": 118, "field": "stage", "message": "Unknown stage 'Won!'."}],
        "detail": "", "created_at": "2026-12-07T09:00:00Z",
        "started_at": "2026-12-07T09:00:02Z", "finished_at": None}]})
    id: uuid.UUID
    client_id: uuid.UUID
    kind: ImportKind
    mode: ImportMode
    dry_run: bool
    status: JobStatus
    rows_total: int = Field(description="Data rows in the file.")
    rows_read: int
    rows_valid: int
    progress: float = Field(description="Percent of the rows read.")
    created: int = Field(description="Written when the job succeeded (0 on a dry run).")
    updated: int
    unchanged: int
    errors: list[RowError] = Field(description="Every error of every line (the first 5,000).")
    detail: str = Field(description="Why the job failed, when it did.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
