"""Idempotency-Key records: a key is claimed before its request runs (in its own short
transaction, so parallel retries see it), and the response is kept once the request is done.

Claims are per user, so one user's key never replays another's response.
"""

import json
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.core.clock import now_of
from app.errors import Conflict, Unprocessable
from app.models import IdempotencyRecord

# A claim whose request never finished (the worker died) is taken over after this long.
ABANDONED_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class StoredResponse:
    status: int
    headers: dict[str, str]
    body: bytes


def claim(session: Session, *, user_id: uuid.UUID, key: str, method_path: str,
          request_hash: str, keep_for: timedelta) -> uuid.UUID | StoredResponse:
    """The new claim's id (run the request), or the first response to replay; 409 while the
    first request still runs, 422 when the key was used for another request."""
    now = now_of(session)
    # Expired records go as new ones come (by the created_at index): no cleanup job needed.
    session.execute(delete(IdempotencyRecord)
                    .where(IdempotencyRecord.created_at < now - keep_for))
    row = IdempotencyRecord(user_id=user_id, key=key, method_path=method_path,
                            request_hash=request_hash, created_at=now)
    try:
        with session.begin_nested():
            session.add(row)
        return row.id
    except IntegrityError:
        pass  # the key is taken: replay, conflict or mismatch, below
    existing = session.exec(select(IdempotencyRecord).where(
        IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key)).first()
    if existing is None:  # expired and removed by a parallel claim just now
        raise _in_progress()
    if existing.method_path != method_path or existing.request_hash != request_hash:
        raise Unprocessable(
            f"This Idempotency-Key was first used for another request ({existing.method_path} "
            "with another body); use a new key for a new request.",
            errors=[{"field": "header.Idempotency-Key", "loc": ["header", "Idempotency-Key"],
                     "message": "already used for another request", "type": "value_error"}])
    if existing.status is not None:
        return StoredResponse(existing.status, json.loads(existing.headers or "{}"),
                              existing.body or b"")
    if existing.created_at < now - ABANDONED_AFTER and _take_over(session, existing, now):
        return existing.id
    raise _in_progress()


def complete(session: Session, record_id: uuid.UUID, response: StoredResponse) -> None:
    """Keep the response of a claimed request, to replay it."""
    session.execute(update(IdempotencyRecord).where(IdempotencyRecord.id == record_id).values(
        status=response.status, headers=json.dumps(response.headers), body=response.body))


def release(session: Session, record_id: uuid.UUID) -> None:
    """Forget a claim whose request failed (5xx), so that a retry runs it again."""
    session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == record_id))


def _take_over(session: Session, existing: IdempotencyRecord, now) -> bool:
    taken = session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.id == existing.id, IdempotencyRecord.status.is_(None),
               IdempotencyRecord.created_at == existing.created_at)
        .values(created_at=now)).rowcount
    return taken == 1


def _in_progress() -> Conflict:
    return Conflict("A request with this Idempotency-Key is still being processed; retry "
                    "in a moment to get its response.", headers={"Retry-After": "1"})
