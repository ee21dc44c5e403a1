"""Text fields shared by the coaching records: trimmed lines that may not be blank, and notes."""

from datetime import date
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BeforeValidator
from sqlmodel import Field

T = TypeVar("T")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def distinct(values: list[T]) -> list[T]:
    """Refuse a list that names the same value twice."""
    if len(set(values)) != len(values):
        raise ValueError("each value may appear only once")
    return values


AgendaText = Annotated[str, BeforeValidator(_strip), Field(min_length=1, max_length=500)]
Title = Annotated[str, BeforeValidator(_strip), Field(min_length=1, max_length=300)]
Decision = Annotated[str, BeforeValidator(_strip), Field(min_length=1, max_length=500)]
Notes = Annotated[str, Field(max_length=10_000)]
# A meeting or due date: a real calendar day in a range the KPI engine can work with.
MeetingDay = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]
Distinct = AfterValidator(distinct)
