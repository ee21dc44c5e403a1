"""One change of a record, computed once, for the journals that keep it.

A service that creates or changes a record describes it once: `FieldChange`s (field, old,
new) in one JSON form (`plain`). A domain's own history (deal history, coaching history)
stores them as text (`as_text`), the audit log as JSON, and the webhook outbox reads the
`Change`s a unit of work recorded (`record`) when it commits. Private notes and secrets are
masked by the same rule everywhere.
"""

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

MASK = "***"
# Logged as changed, never with their text (a one-on-one's notes stay with their author).
PRIVATE_FIELDS = frozenset({"private_notes"})
# Logged under the second name as MASK, never the value (a password hash).
SECRET_FIELDS = {"password_hash": "password"}
# Bookkeeping that changes with every write; not a change worth telling on its own.
BOOKKEEPING = frozenset({"updated_at", "version"})
CHANGES_KEY = "changes"


def plain(value: Any) -> Any:
    """A JSON value: decimals with two places as stored ("48000.00"), dates and times in
    ISO 8601, enums by value, ids as text; dicts and lists element by element."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value.is_finite() else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return value


def as_text(value: Any) -> str | None:
    """A value as a history row stores it: text, lists and objects as JSON."""
    value = plain(value)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps([as_text(v) for v in value])
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def masked(field: str, value: Any) -> Any:
    """The value as a journal may keep it: MASK for private notes and secrets."""
    return MASK if field in PRIVATE_FIELDS or field in SECRET_FIELDS else value


@dataclass(frozen=True)
class FieldChange:
    """One field that changed, with its old and new value in their `plain` form."""

    field: str
    old: Any
    new: Any


def diff(before: Mapping[str, Any], after: Mapping[str, Any], *,
         fields: Iterable[str] | None = None,
         ignore: frozenset[str] = BOOKKEEPING) -> list[FieldChange]:
    """The fields of `after` (or only `fields`) whose plain value differs from `before`'s."""
    found = []
    for field in fields if fields is not None else after:
        if field in ignore:
            continue
        old, new = plain(before.get(field)), plain(after.get(field))
        if old != new:
            found.append(FieldChange(field, old, new))
    return found


@dataclass(frozen=True)
class Change:
    """A record created (`before` is None) or changed in a unit of work, as its API read
    shows it (`after`, a JSON object): what the webhook outbox tells subscribers."""

    entity: str
    client_id: uuid.UUID
    rep_id: uuid.UUID | None
    after: dict[str, Any]
    before: dict[str, Any] | None = None

    @property
    def fields(self) -> list[FieldChange]:
        return diff(self.before or {}, self.after)


def as_read(obj: Any, schema: type[BaseModel]) -> dict[str, Any]:
    """A record as its API read shows it (the JSON of `schema`)."""
    return schema.model_validate(obj, from_attributes=True).model_dump(mode="json")


def record(session: Session, change: Change) -> None:
    """Keep a change with the unit of work; it is published when the unit commits."""
    session.info.setdefault(CHANGES_KEY, []).append(change)


def take_recorded(session: Session) -> list[Change]:
    """The changes recorded since the last call, in order (and forget them)."""
    return session.info.pop(CHANGES_KEY, [])
