"""Large imports as jobs: the file is kept in chunks, a worker (inside the server by default,
or `python -m app import-worker`) claims the oldest queued job, checks and writes every row
in one transaction saying how far it has got (all of them, or nothing with every error of
every line), and tells `import.finished` subscribers."""

import io
import uuid
from collections.abc import Callable
from typing import BinaryIO

from sqlalchemy import delete, update
from sqlmodel import Session, select

from app.core.changes import Change, record
from app.core.clock import now_of
from app.core.sql import has_many_writers, skip_locked
from app.errors import AppError
from app.models import Client, ImportChunk, ImportJob, User
from app.models.pipeline.import_job import (
    ImportJobRead,
    ImportKind,
    ImportMode,
    JobStatus,
    Preset,
)
from app.models.pipeline.imports import RowError
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal, principal_for_user
from app.services.access.scope import get_scoped
from app.services.pipeline.imports.presets import naming_of
from app.services.pipeline.imports.run import Outcome, run

SessionFactory = Callable[[], Session]
CHUNK = 1024 * 1024


def submit(session: Session, principal: Principal, client: Client, kind: ImportKind,
           upload: BinaryIO, *, total: int, dry_run: bool, mode: ImportMode,
           preset: Preset | None, mapping: str | None) -> ImportJob:
    """Queue the file as a job (its chunks stored in the same transaction)."""
    job = ImportJob(client_id=client.id, kind=kind.value, mode=mode.value, dry_run=dry_run,
                    options={"preset": preset and preset.value, "mapping": mapping},
                    rows_total=total, created_by=principal.user_id)
    session.add(job)
    session.flush()
    upload.seek(0)
    seq = 0
    while data := upload.read(CHUNK):
        session.add(ImportChunk(job_id=job.id, seq=seq, data=data))
        session.flush()
        seq += 1
    return job


def get_job(session: Session, principal: Principal, job_id: uuid.UUID) -> ImportJobRead:
    return job_read(get_scoped(session, principal, ImportJob, job_id, resource=Resource.imports,
                               action=Action.read))


def job_read(job: ImportJob) -> ImportJobRead:
    progress = round(100 * job.rows_read / job.rows_total, 1) if job.rows_total else 0.0
    return ImportJobRead(
        id=job.id, client_id=job.client_id, kind=job.kind, mode=job.mode, dry_run=job.dry_run,
        status=job.status, rows_total=job.rows_total, rows_read=job.rows_read,
        rows_valid=job.rows_valid, progress=min(progress, 100.0), created=job.created,
        updated=job.updated, unchanged=job.unchanged,
        errors=[RowError.model_validate(e) for e in job.errors], detail=job.detail,
        created_at=job.created_at, started_at=job.started_at, finished_at=job.finished_at)


class ChunkStream(io.RawIOBase):
    """The job's file read back chunk by chunk through the job's own session (SQLite has
    one writer at a time: a second session would wait for the job's)."""

    def __init__(self, job_id: uuid.UUID) -> None:
        self.job_id = job_id
        self.session: Session | None = None
        self.seq, self.buffer = 0, b""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        if (offset, whence) != (0, 0):
            raise io.UnsupportedOperation("only rewinding")
        self.seq, self.buffer = 0, b""
        return 0

    def readinto(self, target) -> int:  # type: ignore[no-untyped-def]
        if not self.buffer:
            chunk = self.session.get(ImportChunk, (self.job_id, self.seq))
            self.buffer = chunk.data if chunk else b""
            if chunk is not None:
                self.session.expunge(chunk)
            self.seq += 1
        size = min(len(target), len(self.buffer))
        target[:size] = self.buffer[:size]
        self.buffer = self.buffer[size:]
        return size


def claim(sessions: SessionFactory) -> uuid.UUID | None:
    """The oldest queued job, now running (None when there is none)."""
    with sessions() as session:
        job = session.exec(skip_locked(select(ImportJob).where(
            ImportJob.status == JobStatus.queued.value).order_by(ImportJob.created_at)
            .limit(1), session)).first()
        if job is None:
            return None
        taken = session.execute(update(ImportJob).where(
            ImportJob.id == job.id, ImportJob.status == JobStatus.queued.value).values(
            status=JobStatus.running.value, started_at=now_of(session))).rowcount
        session.commit()
        return job.id if taken else None


def run_next(sessions: SessionFactory,
             prepare: Callable[[Session, Principal], None] = lambda s, p: None) -> bool:
    """Claim and run one queued job; False when there was none."""
    job_id = claim(sessions)
    if job_id is None:
        return False
    try:
        _run(sessions, job_id, prepare)
    except AppError as exc:  # a bad file: said once, for the whole job
        _finish(sessions, job_id, JobStatus.failed, detail=exc.detail)
    except Exception:  # noqa: BLE001 - the job fails, the worker goes on
        _finish(sessions, job_id, JobStatus.failed, detail="The import failed unexpectedly; "
                                                            "nothing was imported.")
        raise
    return True


def _run(sessions: SessionFactory, job_id: uuid.UUID,
         prepare: Callable[[Session, Principal], None]) -> None:
    """One pass: every row checked and the valid ones written as it goes, in one unit of
    work that commits only if no row failed (and never for a dry run). Progress is told
    from a second session on PostgreSQL; SQLite has one writer at a time, so there the job
    says how far it got when it ends."""
    raw = ChunkStream(job_id)
    stream = io.BufferedReader(raw, buffer_size=CHUNK)
    with sessions() as session:
        raw.session = session
        job = session.get(ImportJob, job_id)
        dry_run = job.dry_run
        client = session.get(Client, job.client_id)
        principal = principal_for_user(session, session.get(User, job.created_by))
        prepare(session, principal)
        naming = naming_of(job.options.get("preset") and Preset(job.options["preset"]),
                           job.options.get("mapping"))
        progress = (None if not has_many_writers(session) else
                    lambda read, valid: _progress(sessions, job_id, read, valid))
        done = run(session, principal, client, ImportKind(job.kind), stream, naming,
                   upsert=job.mode == ImportMode.upsert.value, write=not dry_run,
                   keep_items=False, progress=progress)
        if done.error_lines or dry_run:
            session.rollback()
        else:
            _finish(sessions, job_id, JobStatus.succeeded, outcome=done, session=session)
            return
    detail = (f"{done.error_lines} row(s) are invalid; nothing was imported."
              if done.error_lines else "")
    _finish(sessions, job_id, JobStatus.failed if done.error_lines else JobStatus.succeeded,
            outcome=done, detail=detail)


def _progress(sessions: SessionFactory, job_id: uuid.UUID, read: int, valid: int) -> None:
    with sessions() as session:
        session.execute(update(ImportJob).where(ImportJob.id == job_id)
                        .values(rows_read=read, rows_valid=valid))
        session.commit()


def _finish(sessions: SessionFactory, job_id: uuid.UUID, status: JobStatus, *,
            outcome: Outcome | None = None, detail: str = "",
            session: Session | None = None) -> None:
    """Record how the job ended, drop its file and tell subscribers (in `session` when the
    import's own unit of work is still open, so all of it commits at once)."""
    own = session is None
    session = session or sessions()
    try:
        job = session.get(ImportJob, job_id)
        job.status, job.detail, job.finished_at = status.value, detail, now_of(session)
        if outcome is not None:
            job.rows_read, job.rows_valid = outcome.rows, outcome.valid
            job.created, job.updated, job.unchanged = (outcome.created, outcome.updated,
                                                       outcome.unchanged)
            job.errors = [e.model_dump() for e in outcome.errors]
        session.execute(delete(ImportChunk).where(ImportChunk.job_id == job_id))
        record(session, Change("import_job", job.client_id, None,
                               job_read(job).model_dump(mode="json")))
        session.commit()
    finally:
        if own:
            session.close()
