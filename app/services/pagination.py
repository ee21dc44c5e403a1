"""Keyset pagination, newest first, with an opaque cursor."""

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from sqlalchemy import and_, or_
from sqlmodel import Session
from sqlmodel.sql.expression import SelectOfScalar

from app.errors import Unprocessable

T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    limit: int = 50
    cursor: str | None = None


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def _encode(created_at: datetime, obj_id: uuid.UUID) -> str:
    raw = json.dumps([created_at.isoformat(), obj_id.hex]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created_at, obj_hex = json.loads(raw)
        created_at = datetime.fromisoformat(created_at)
        if created_at.tzinfo is None:
            raise ValueError("naive cursor time")
        return created_at.astimezone(UTC), uuid.UUID(hex=obj_hex)
    except (ValueError, TypeError, OverflowError, json.JSONDecodeError):
        raise Unprocessable("The cursor is not one this API issued.", errors=[
            {"field": "query.cursor", "loc": ["query", "cursor"],
             "message": "invalid cursor", "type": "value_error"}]) from None


def paginate(session: Session, stmt: SelectOfScalar[T], model, page: PageRequest) -> Page[T]:
    """One page of `stmt`, newest first (created_at, then id, descending)."""
    if page.cursor:
        created_at, obj_id = _decode(page.cursor)
        stmt = stmt.where(or_(model.created_at < created_at,
                              and_(model.created_at == created_at, model.id < obj_id)))
    stmt = stmt.order_by(model.created_at.desc(), model.id.desc()).limit(page.limit + 1)
    rows = list(session.exec(stmt).all())
    next_cursor = None
    if len(rows) > page.limit:
        rows = rows[: page.limit]
        next_cursor = _encode(rows[-1].created_at, rows[-1].id)
    return Page(items=rows, next_cursor=next_cursor)
