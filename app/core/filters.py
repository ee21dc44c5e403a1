"""Small building blocks shared by the list services."""

from datetime import datetime
from typing import Any, TypeVar

from sqlmodel.sql.expression import SelectOfScalar

T = TypeVar("T")


def where_equal(stmt: SelectOfScalar[T], *pairs: tuple[Any, Any]) -> SelectOfScalar[T]:
    """Add `column == value` for every pair whose value was given (not None)."""
    for column, value in pairs:
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt


def where_updated_since(stmt: SelectOfScalar[T], model: Any,
                        since: datetime | None) -> SelectOfScalar[T]:
    """Only rows changed at or after `since`, when given."""
    return stmt if since is None else stmt.where(model.updated_at >= since)
