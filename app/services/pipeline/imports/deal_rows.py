"""One row of a deal import, checked whole: every error of the line is reported. A valid
row becomes a plan: a deal to create (with the day it was opened), or the changes to make
to the deal of the client it names by `id` or `external_id`."""

import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ConfigDict, ValidationError
from sqlmodel import Session

from app.errors import AppError
from app.models import Account, Client, Deal, Rep
from app.models.enums import DealKind, ForecastCategory, LeadSource, LostReason, Stage
from app.models.pipeline.deal import DealFields
from app.models.pipeline.imports import RowError
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.pipeline.deal_rules import settle
from app.services.pipeline.imports.presets import Naming, parse_day

# Our columns; the export's own (id, slip_count, created_at, updated_at) are understood, so
# an export imports back as it is. Pseudo-columns of the presets come after.
OWN = set(DealFields.model_fields) | {"id", "rep_email", "rep_name", "created_on"}
READ_ONLY = {"slip_count", "created_at", "updated_at", "version", "client_id", "rep_id"}
PSEUDO = {"closed_or_expected_on", "status", "won_on", "lost_on"}
COLUMNS = OWN | READ_ONLY | PSEUDO
DATES = ("expected_close_on", "proposal_sent_on", "closed_on", "created_on", "won_on", "lost_on",
         "closed_or_expected_on", "created_at")
MONEY_NOISE = re.compile(r"[\s$€£¥,]")
NEW = DealFields.model_construct().model_dump() | {"id": None, "slip_count": 0}  # a new deal


class DealRow(DealFields):
    model_config = ConfigDict(extra="forbid")
    id: uuid.UUID | None = None
    created_on: date | None = None


@dataclass
class Create:
    line: int
    rep: Rep
    values: dict[str, Any]  # the deal's fields, settled
    created_on: date | None


@dataclass
class Update:
    line: int
    deal: Deal
    changes: dict[str, Any]  # only what differs; may be empty (unchanged)


class Matcher:
    """The client's deals an import may name: by external id and by id (read once)."""

    def __init__(self, session: Session, principal: Principal, client: Client) -> None:
        self.session = session
        rows = session.execute(scoped_select(principal, Deal, with_archived=True)
                               .with_only_columns(Deal.id, Deal.external_id, Deal.archived_at)
                               .where(Deal.client_id == client.id)).all()
        self.ids = {deal_id for deal_id, _, _ in rows}
        self.external = {ext: deal_id for deal_id, ext, _ in rows if ext}
        self.archived = {deal_id for deal_id, _, archived_at in rows if archived_at}
        self.accounts = set(session.exec(scoped_select(principal, Account)
                                         .with_only_columns(Account.id)
                                         .where(Account.client_id == client.id)).all())
        self.seen: dict[str, int] = {}  # key -> the line that named it

    def find(self, row: DealRow) -> uuid.UUID | None:
        if row.id is not None and row.id in self.ids:
            return row.id
        if row.external_id:
            return self.external.get(row.external_id)
        return None


def plan_row(session: Session, client: Client, reps: dict[str, Rep], names: dict[str, Rep],
             matcher: Matcher, naming: Naming, line: int, raw: dict[str, str], *,
             upsert: bool, today: date) -> Create | Update | list[RowError]:
    errors: list[RowError] = []
    values = dict(raw)
    rep = _rep(values, reps, names, line, errors)
    _normalise(values, naming, line, errors, lenient=bool(naming.columns))
    for name in READ_ONLY:
        values.pop(name, None)
    try:
        row = DealRow.model_validate(values)
    except ValidationError as exc:
        errors += [RowError(line=line, field=".".join(map(str, e["loc"])) or None,
                            message=e["msg"]) for e in exc.errors()]
        return errors
    _check_days(row, line, today, errors)
    key = row.external_id or (str(row.id) if row.id else None)
    if key is not None:
        if key in matcher.seen:
            errors.append(RowError(line=line, field="external_id" if row.external_id else "id",
                                   message=f"Line {matcher.seen[key]} names the same deal."))
        matcher.seen[key] = line
    if row.account_id is not None and row.account_id not in matcher.accounts:
        errors.append(RowError(line=line, field="account_id",
                               message="No account of this client has this id."))
    if row.id is not None and row.id not in matcher.ids:
        errors.append(RowError(line=line, field="id", message="No deal of this client has "
                                                               "this id."))
    if errors or rep is None:
        return errors
    existing = matcher.find(row)
    given = row.model_dump(exclude_unset=True, exclude={"id", "created_on"})
    try:
        if existing is None:
            settled = settle(NEW, given, today=today)
            return Create(line, rep, {**NEW, **settled, "rep_id": rep.id}, row.created_on)
        field = "external_id" if row.external_id else "id"
        if not upsert:
            return [RowError(line=line, field=field,
                             message="This deal exists already; import with mode=upsert to "
                                     "update it.")]
        if existing in matcher.archived:
            return [RowError(line=line, field=field,
                             message="This deal is archived; restore it to update it.")]
        deal = session.get(Deal, existing)
        current = {name: getattr(deal, name) for name in Deal.model_fields}
        wanted = {k: v for k, v in given.items() if current.get(k) != v}
        if rep.id != deal.rep_id:
            wanted["rep_id"] = rep.id
        return Update(line, deal, settle(current, wanted, today=today) if wanted else {})
    except AppError as exc:
        fields = exc.extensions.get("errors") or [{"field": None}]
        return [RowError(line=line, message=exc.detail,
                         field=(e["field"] or "").removeprefix("body.") or None)
                for e in fields]


def reps_of(session: Session, principal: Principal, client: Client
            ) -> tuple[dict[str, Rep], dict[str, Rep]]:
    """The client's reps by email and by full name (lower case)."""
    reps = session.exec(scoped_select(principal, Rep).where(Rep.client_id == client.id)).all()
    return ({r.email.lower(): r for r in reps if r.email},
            {r.full_name.strip().lower(): r for r in reps})


def _rep(values: dict[str, str], reps: dict[str, Rep], names: dict[str, Rep], line: int,
         errors: list[RowError]) -> Rep | None:
    email, name = values.pop("rep_email", "").lower(), values.pop("rep_name", "")
    if email:
        found = reps.get(email)
        if found is None:
            errors.append(RowError(line=line, field="rep_email",
                                   message=f"No rep of this client has email {email!r}."))
        return found
    if name:
        found = names.get(name.strip().lower())
        if found is None:
            errors.append(RowError(line=line, field="rep_name",
                                   message=f"No rep of this client is named {name!r}."))
        return found
    errors.append(RowError(line=line, field="rep_email",
                           message="Each row needs rep_email or rep_name."))
    return None


def _normalise(values: dict[str, str], naming: Naming, line: int, errors: list[RowError], *,
               lenient: bool) -> None:
    """Dates to ISO, stage names to ours, the presets' pseudo-columns to fields; with a
    preset, money with symbols and free-text categories are understood too."""
    for name in DATES:
        if name in values:
            day = parse_day(values[name], naming.date_formats)
            if day is None:
                errors.append(RowError(line=line, field=name,
                                       message=f"{values[name]!r} is not a date."))
                del values[name]
            else:
                values[name] = day.isoformat()
    if "created_at" in values and "created_on" not in values:
        values["created_on"] = values["created_at"]
    if "stage" in values:
        stage = _stage(values["stage"], naming)
        if stage is None:
            errors.append(RowError(line=line, field="stage", message=(
                f"Unknown stage {values['stage']!r}: use one of ours or map it "
                "(mapping.stages).")))
            del values["stage"]
        else:
            values["stage"] = stage.value
    status = values.pop("status", "").lower()
    if status in ("won", "lost"):
        values["stage"] = Stage.closed_won.value if status == "won" else Stage.closed_lost.value
    for pseudo in ("won_on", "lost_on"):
        if pseudo in values:
            day = values.pop(pseudo)
            if values.get("stage") in (Stage.closed_won.value, Stage.closed_lost.value):
                values.setdefault("closed_on", day)
    if "closed_or_expected_on" in values:
        day = values.pop("closed_or_expected_on")
        closed = values.get("stage") in (Stage.closed_won.value, Stage.closed_lost.value)
        values.setdefault("closed_on" if closed else "expected_close_on", day)
    if lenient:
        if values.get("stage") == Stage.closed_lost.value:  # free text, or none at all
            values["lost_reason"] = _choice(values.get("lost_reason", "other"), LostReason,
                                            LostReason.other)
        if "amount" in values:
            values["amount"] = MONEY_NOISE.sub("", values["amount"])
        if "existing" in values.get("kind", "").lower():  # "Existing Business"
            values["kind"] = DealKind.upsell.value
        for name, kind, fallback in (("kind", DealKind, DealKind.new_business),
                                     ("source", LeadSource, LeadSource.other),
                                     ("forecast_category", ForecastCategory, None)):
            if name in values:
                found = _choice(values[name], kind, fallback)
                if found is None:
                    del values[name]
                else:
                    values[name] = found


def _stage(text: str, naming: Naming) -> Stage | None:
    key = text.strip().lower()
    if key in naming.stages:
        return naming.stages[key]
    try:
        return Stage(key.replace(" ", "_"))
    except ValueError:
        return None


def _choice(text: str, kind, fallback):
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return kind(key).value
    except ValueError:
        return fallback.value if fallback is not None else None


def _check_days(row: DealRow, line: int, today: date, errors: list[RowError]) -> None:
    opened = row.created_on
    if opened is None:
        return
    if opened > today:
        errors.append(RowError(line=line, field="created_on",
                               message="created_on can't be in the future."))
    for name in ("closed_on", "proposal_sent_on"):
        day = getattr(row, name)
        if day is not None and day < opened:
            errors.append(RowError(line=line, field=name,
                                   message=f"{name} can't be before created_on."))
