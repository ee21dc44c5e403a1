"""What every alarm family shares: the raised alarm, its stable key, and ordered rule tables
(the first rule that holds decides the severity)."""

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from app.models import Client
from app.models.insights.alarm import AlarmCode, AlarmRead, Severity
from app.models.insights.alarm_rules import AlarmRules

F = TypeVar("F")


@dataclass
class Raised:
    """An alarm as computed, with how bad it is (to tell when a snoozed or acknowledged one
    got worse)."""

    alarm: AlarmRead
    badness: float

    @property
    def about_rep(self) -> bool:
        return self.alarm.rep_id is not None


@dataclass(frozen=True)
class Rule(Generic[F]):
    """One row of an alarm's rule table: when `holds` for the figures and the client's
    rules, the alarm is raised with this severity; `says` names the rule in words."""

    severity: Severity
    says: str
    holds: Callable[[F, AlarmRules], bool]


def first_match(table: tuple[Rule[F], ...], figures: F, rules: AlarmRules) -> Rule[F] | None:
    """The first rule of an ordered table that holds, or None (no alarm)."""
    return next((rule for rule in table if rule.holds(figures, rules)), None)


def alarm_key(code: AlarmCode, client_id: uuid.UUID, rep_id: uuid.UUID | None) -> str:
    """Stable for the same code and subject."""
    return hashlib.sha256(f"{code}|{client_id}|{rep_id or ''}".encode()).hexdigest()[:16]


def raise_alarm(code: AlarmCode, severity: Severity, client: Client, rep_id: uuid.UUID | None,
                figures: dict[str, Any], message: str, badness: float) -> Raised:
    key = alarm_key(code, client.id, rep_id)
    return Raised(AlarmRead(id=key, key=key, code=code, severity=severity,
                            client_id=client.id, rep_id=rep_id, figures=figures,
                            message=message), badness)
