"""ETags from row versions, If-Match checks, and applying a validated change."""

import hashlib
import re
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import object_session

from app.core.clock import now_of
from app.errors import AppError, PreconditionFailed, Unprocessable

# RFC 9110, 8.8.3 and 13.1.1: "*", or entity tags (optionally weak) separated by commas.
_ENTITY_TAG = r'(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"'
_IF_MATCH = re.compile(rf"^\s*(?:\*|{_ENTITY_TAG}(?:\s*,\s*{_ENTITY_TAG})*)\s*$")


class Versioned(Protocol):
    """A row with an id and a version counter (TimestampsMixin)."""

    id: Any
    version: int
    updated_at: datetime


def etag_of(obj: Versioned) -> str:
    """A strong ETag that changes with every stored change of the row."""
    digest = hashlib.sha256(f"{obj.id}:{obj.version}".encode()).hexdigest()[:20]
    return f'"{digest}"'


def check_if_match(obj: Versioned, if_match: str | None) -> None:
    """412 when the client's If-Match names none of the row's current ETag."""
    if if_match is None:
        return
    if not _IF_MATCH.match(if_match):
        raise AppError('If-Match must be * or one or more quoted ETags (e.g. "3f2a..."), as '
                       "sent in the ETag header of a GET.")
    # Strong comparison (RFC 9110 13.1.1): a weak tag (W/"...") never matches.
    tags = {tag.strip() for tag in if_match.split(",")}
    if "*" not in tags and etag_of(obj) not in tags:
        raise PreconditionFailed(
            "The record changed since you read it (If-Match is stale); fetch it and retry.")


def apply_changes(obj: Versioned, changes: dict[str, Any]) -> None:
    """Set the changed fields and bump the version when anything really changed."""
    changed = {k: v for k, v in changes.items() if getattr(obj, k) != v}
    if not changed:
        return
    for key, value in changed.items():
        setattr(obj, key, value)
    session = object_session(obj)
    if session is None:
        raise RuntimeError("apply_changes needs a row of a unit of work")
    obj.updated_at = now_of(session)
    obj.version += 1


def refuse_nulls(changes: dict[str, Any], *, nullable: frozenset[str] = frozenset()) -> None:
    """422 for fields sent as null that may not be null."""
    nulls = [k for k, v in changes.items() if v is None and k not in nullable]
    if nulls:
        raise Unprocessable("These fields cannot be null: " + ", ".join(nulls), errors=[
            {"field": f"body.{k}", "loc": ["body", k], "message": "may not be null",
             "type": "null_not_allowed"} for k in nulls])
