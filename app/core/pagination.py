"""Keyset pagination with an opaque cursor: newest first unless another sort is asked for."""

import base64
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar

from sqlalchemy import and_, func, or_
from sqlmodel import Session
from sqlmodel.sql.expression import SelectOfScalar

from app.errors import invalid_field

T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    limit: int = 50
    cursor: str | None = None


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def _aware(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("naive cursor time")
    return value.astimezone(UTC)


@dataclass(frozen=True)
class SortKey:
    """A column to page by (then by id), its direction, how to read it back from a cursor,
    and a stand-in for NULL so that rows without a value still page in order."""

    attribute: str
    descending: bool = True
    parse: Callable[[str], Any] = _aware
    null_as: Any = None


NEWEST_FIRST = SortKey("created_at")
BY_DATE = {"parse": date.fromisoformat}
def _finite_decimal(text: str) -> Decimal:
    value = Decimal(text)
    if not value.is_finite():
        raise ValueError("not a finite number")
    return value


BY_DECIMAL = {"parse": _finite_decimal}


def _encode(value: Any, obj_id: uuid.UUID) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    raw = json.dumps([text, obj_id.hex]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, sort: SortKey) -> tuple[Any, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        text, obj_hex = json.loads(raw)
        return sort.parse(text), uuid.UUID(hex=obj_hex)
    except (ValueError, TypeError, OverflowError, InvalidOperation, json.JSONDecodeError):
        raise invalid_field("cursor", "The cursor is not one this API issued.",
                            location="query") from None


def paginate(session: Session, stmt: SelectOfScalar[T], model, page: PageRequest,
             sort: SortKey = NEWEST_FIRST) -> Page[T]:
    """One page of `stmt` in `sort` order, ties broken by id in the same direction."""
    column = getattr(model, sort.attribute)
    key = func.coalesce(column, sort.null_as) if sort.null_as is not None else column
    if page.cursor:
        value, obj_id = _decode(page.cursor, sort)
        if sort.descending:
            stmt = stmt.where(or_(key < value, and_(key == value, model.id < obj_id)))
        else:
            stmt = stmt.where(or_(key > value, and_(key == value, model.id > obj_id)))
    order = (key.desc(), model.id.desc()) if sort.descending else (key.asc(), model.id.asc())
    rows = list(session.exec(stmt.order_by(*order).limit(page.limit + 1)).all())
    next_cursor = None
    if len(rows) > page.limit:
        rows = rows[: page.limit]
        last = getattr(rows[-1], sort.attribute)
        last_row: Any = rows[-1]
        next_cursor = _encode(sort.null_as if last is None else last, last_row.id)
    return Page(items=rows, next_cursor=next_cursor)
