"""What every table shares: naming convention, UTC timestamps, UUID ids, versioning."""

import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    PlainSerializer,
    field_validator,
)
from sqlalchemy import DateTime, Numeric, TypeDecorator
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, Relationship, SQLModel

# Before any table is defined: SQLite batch migrations need named constraints.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


STAMPED = "stamped"  # the column info key of the times app.db stamps


def Stamped(**kw: Any) -> Any:
    """A UTC time the row gets when it is added to a unit of work, from that unit of work's
    clock (app.db stamps it); a value set explicitly (history brought in with its dates, the
    demo's past) is kept."""
    return Field(default=None, sa_type=UTCDateTime, nullable=False,
                 sa_column_kwargs={"info": {STAMPED: True}}, **kw)


def _to_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range once converted to UTC") from None


def _iso_day(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError("must be a date as YYYY-MM-DD")
    if not isinstance(value, str | date):
        raise ValueError("must be a date as YYYY-MM-DD")
    return value


# A day given by a client: ISO 8601 only (YYYY-MM-DD); a number is not a day.
Day = Annotated[date, BeforeValidator(_iso_day)]

# A time given by a client: with a zone (else 422), stored and compared in UTC.
UTCTime = Annotated[AwareDatetime, AfterValidator(_to_utc)]


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("must not contain NUL characters")
    if isinstance(value, list):
        for item in value:
            _no_nul(item)
    return value


def _money_range(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a finite number")
    return value


# Money: exact, up to 9,999,999,999.99, sent as a string. The bound is what every sum over a
# client's history can hold: sums are taken in whole cents (BIGINT; app.core.sql.cents), so
# about nine hundred thousand deals at the largest amount still add up exactly.
MAX_AMOUNT = Decimal("9999999999.99")
Money = Annotated[
    Decimal,
    Field(ge=0, le=MAX_AMOUNT, max_digits=14, decimal_places=2),  # NUMERIC(14, 2) columns
    AfterValidator(_money_range),
    PlainSerializer(lambda v: f"{v:.2f}", return_type=str, when_used="json"),
]
# A computed amount (a total, a forecast, a difference): exact to the cent, of any size or
# sign, sent as a string.
MoneyTotal = Annotated[
    Decimal,
    AfterValidator(lambda v: v.quantize(Decimal("0.01"))),
    PlainSerializer(lambda v: f"{v:.2f}", return_type=str, when_used="json"),
]
MONEY_SQL = Numeric(14, 2)
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]


class Schema(SQLModel):
    """Base of every schema: text never carries NUL characters (PostgreSQL refuses them)."""

    @field_validator("*", mode="after")
    @classmethod
    def _reject_nul(cls, value: Any) -> Any:
        return _no_nul(value)


def link_list(link: str, column: str, make: Callable[[Any], Any]) -> property:
    """A list of ids kept in a link table (relationship `link`, ordered by its `position`):
    read and assigned like a list, each id a row with its foreign key."""

    def read(obj: Any) -> list[Any]:
        return [getattr(row, column) for row in getattr(obj, link)]

    def write(obj: Any, ids: list[Any]) -> None:
        kept = {getattr(row, column): row for row in getattr(obj, link)}
        rows = [kept.get(i) or make(i) for i in ids]
        for position, row in enumerate(rows):
            row.position = position
        setattr(obj, link, rows)

    return property(read, write)


def link_rows(target: str) -> Any:
    """The ordered link rows behind a `link_list`, loaded with their parent."""
    return Relationship(sa_relationship_kwargs={
        "order_by": f"{target}.position", "cascade": "all, delete-orphan",
        "lazy": "selectin"})


class IdMixin(SQLModel):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)


class TimestampsMixin(SQLModel):
    """Timestamps and the row version. The version is also the mapper's version counter: every
    UPDATE (and DELETE) says `WHERE id = :id AND version = :loaded`, so a write based on a
    version another transaction has replaced meets no row and fails (StaleDataError -> 412)
    instead of overwriting it. The services bump the version themselves (apply_changes)."""

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version, "version_id_generator": False}

    created_at: datetime = Stamped(index=True)
    updated_at: datetime = Stamped(index=True)
    version: int = Field(default=1, description="Bumped on every change; the ETag.")
