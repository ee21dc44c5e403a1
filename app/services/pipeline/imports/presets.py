"""How the exports people have name things: column and stage names of HubSpot, Pipedrive
and Salesforce deal exports, and the date formats they write; a `mapping` maps any other
file's columns and stage values the same way."""

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from app.errors import invalid_field
from app.models.enums import Stage
from app.models.pipeline.import_job import Preset

S = Stage


@dataclass(frozen=True)
class Naming:
    """A file's column names -> ours, its stage values (lower case) -> ours, and the date
    formats it writes (ISO dates and times are always understood)."""

    columns: dict[str, str] = field(default_factory=dict)
    stages: dict[str, Stage] = field(default_factory=dict)
    date_formats: tuple[str, ...] = ()


PRESETS: dict[Preset, Naming] = {
    Preset.hubspot: Naming(
        columns={"Record ID": "external_id", "Deal Name": "name", "Amount": "amount",
                 "Deal Stage": "stage", "Close Date": "closed_or_expected_on",
                 "Create Date": "created_on", "Deal owner": "rep_name",
                 "Associated Company": "account_name", "Deal Type": "kind",
                 "Closed Lost Reason": "lost_reason", "Next step": "next_step",
                 "Original Source Type": "source", "Deal source": "source"},
        stages={"appointment scheduled": S.prospecting, "qualified to buy": S.discovery,
                "presentation scheduled": S.discovery,
                "decision maker bought-in": S.proposal, "contract sent": S.negotiation,
                "closed won": S.closed_won, "closed lost": S.closed_lost},
        date_formats=("%Y-%m-%d %H:%M", "%m/%d/%Y")),
    Preset.pipedrive: Naming(
        columns={"Deal - ID": "external_id", "Deal - Title": "name", "Deal - Value": "amount",
                 "Deal - Stage": "stage", "Deal - Status": "status",
                 "Deal - Expected close date": "expected_close_on",
                 "Deal - Deal created": "created_on", "Deal - Won time": "won_on",
                 "Deal - Lost time": "lost_on", "Deal - Lost reason": "lost_reason",
                 "Deal - Owner": "rep_name", "Organization - Name": "account_name",
                 "Deal - Source channel": "source"},
        stages={"lead in": S.prospecting, "contact made": S.discovery,
                "demo scheduled": S.discovery, "needs defined": S.discovery,
                "proposal made": S.proposal, "negotiations started": S.negotiation},
        date_formats=("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")),
    Preset.salesforce: Naming(
        columns={"Opportunity ID": "external_id", "Opportunity Name": "name",
                 "Amount": "amount", "Stage": "stage", "Close Date": "closed_or_expected_on",
                 "Created Date": "created_on", "Opportunity Owner": "rep_name",
                 "Account Name": "account_name", "Type": "kind", "Lead Source": "source",
                 "Next Step": "next_step", "Loss Reason": "lost_reason",
                 "Forecast Category": "forecast_category"},
        stages={"prospecting": S.prospecting, "qualification": S.discovery,
                "needs analysis": S.discovery, "value proposition": S.discovery,
                "id. decision makers": S.proposal, "perception analysis": S.proposal,
                "proposal/price quote": S.proposal, "negotiation/review": S.negotiation,
                "closed won": S.closed_won, "closed lost": S.closed_lost},
        date_formats=("%m/%d/%Y", "%m/%d/%Y %I:%M %p")),
}


def naming_of(preset: Preset | None, mapping: str | None) -> Naming:
    """The preset's naming, with the caller's `mapping` (JSON: {"columns": {...},
    "stages": {...}}) on top."""
    base = PRESETS[preset] if preset else Naming()
    if not mapping:
        return base
    try:
        given = json.loads(mapping)
        columns = {str(k): str(v) for k, v in given.get("columns", {}).items()}
        stages = {str(k).strip().lower(): Stage(v) for k, v in given.get("stages", {}).items()}
    except (ValueError, AttributeError, TypeError):
        raise invalid_field("mapping", 'mapping must be JSON: {"columns": {"Their name": '
                                       '"our_name"}, "stages": {"Their stage": "proposal"}} '
                                       "with our stage names.", location="query") from None
    return Naming({**base.columns, **columns}, {**base.stages, **stages}, base.date_formats)


def parse_day(text: str, formats: tuple[str, ...]) -> date | None:
    """A day from an ISO date or date-time, or one of the naming's formats; None if none."""
    value = text.strip()
    if len(value) >= 10 and value[4:5] == "-":
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
