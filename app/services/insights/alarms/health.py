"""Client health, from the alarms that stand (neither acknowledged nor snoozed): red only
for the client-level criticals that mean the period is in danger (the forecast well under
target late in the period, coverage far under its floor); amber for any other client-level
alarm or several rep-level criticals; else green. Rep-level alarms alone never make a client
red. Each health says why."""

from dataclasses import dataclass

from app.models import Client
from app.models.insights.alarm import AlarmCode, Severity
from app.services.insights.alarms.base import Raised

RED_CODES = frozenset({AlarmCode.forecast_gap, AlarmCode.pipeline_coverage_low,
                       AlarmCode.near_term_coverage_low})


@dataclass(frozen=True)
class Health:
    health: str
    reasons: list[str]


def health_of(client: Client, standing: list[Raised]) -> Health:
    """`standing`: the client's alarms that are neither acknowledged nor snoozed."""
    red = [r for r in standing if not r.about_rep and r.alarm.code in RED_CODES
           and r.alarm.severity == Severity.critical]
    if red:
        return Health("red", [r.alarm.message for r in red])
    about_client = [r for r in standing if not r.about_rep]
    rep_criticals = [r for r in standing if r.about_rep and r.alarm.severity == Severity.critical]
    reasons = [r.alarm.message for r in about_client]
    if len(rep_criticals) >= client.rules.health_rep_criticals_amber:
        reasons.append(f"{len(rep_criticals)} rep-level critical alarms: "
                       + "; ".join(r.alarm.message for r in rep_criticals))
    return Health("amber", reasons) if reasons else Health("green", [])
