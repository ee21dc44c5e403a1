"""Date arithmetic that SQLite and PostgreSQL spell differently, in one place."""

from sqlalchemy import Date, Integer, cast, func
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session


def dialect_of(session: Session) -> str:
    """'sqlite' or 'postgresql'."""
    return session.get_bind().dialect.name


def days_from_creation(created_at, closed_on, dialect: str) -> ColumnElement:
    """Whole days from a record's creation (a timestamp, its UTC date) to a date."""
    if dialect == "sqlite":
        return func.julianday(closed_on) - func.julianday(func.date(created_at))
    return closed_on - cast(created_at, Date)


def weeks_since(day, monday, dialect: str) -> ColumnElement[int]:
    """The index of the ISO week `day` falls in, counting from the week starting `monday`."""
    if dialect == "sqlite":  # a whole number of days as a real: truncate
        return cast((func.julianday(day) - func.julianday(monday)) / 7, Integer)
    # date - date is an integer: integer division (SQLAlchemy's "/" would round)
    return cast(day - monday, Integer).op("/")(7)
