"""CSV imports of deals and activities: validated row by row, dry run or all or nothing."""

import uuid
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from app.core.csv_rows import read_rows
from app.errors import AppError, Unprocessable
from app.models import Client, Rep
from app.models.pipeline.activity import ActivityCreate, ActivityRead
from app.models.pipeline.deal import DealCreate, DealRead
from app.models.pipeline.imports import ImportResult, RowError
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, scoped_select
from app.services.pipeline import activities, deals

DEAL_COLUMNS = {"rep_email", "name", "account_name", "amount", "gross_margin_pct", "kind",
                "stage", "forecast_category", "expected_close_on", "proposal_sent_on",
                "closed_on", "lost_reason", "next_step"}
ACTIVITY_COLUMNS = {"rep_email", "occurred_on", "kind", "quantity", "deal_id", "note"}


def import_deals(session: Session, principal: Principal, client_id: uuid.UUID,
                 content: bytes, *, dry_run: bool) -> ImportResult:
    """Create a deal per row; reps are matched by email within the client."""
    return _import(session, principal, client_id, content, dry_run=dry_run,
                   columns=DEAL_COLUMNS, required={"rep_email", "name"}, schema=DealCreate,
                   create=deals.create_deal, read=DealRead)


def import_activities(session: Session, principal: Principal, client_id: uuid.UUID,
                      content: bytes, *, dry_run: bool) -> ImportResult:
    """Log an activity per row; reps are matched by email within the client."""
    return _import(session, principal, client_id, content, dry_run=dry_run,
                   columns=ACTIVITY_COLUMNS,
                   required={"rep_email", "occurred_on", "kind", "quantity"},
                   schema=ActivityCreate, create=activities.log_activity, read=ActivityRead)


def _import(session: Session, principal: Principal, client_id: uuid.UUID, content: bytes, *,
            dry_run: bool, columns: set[str], required: set[str], schema: type[BaseModel],
            create: Callable[..., Any], read: type[BaseModel]) -> ImportResult:
    client = get_scoped(session, principal, Client, client_id, resource=Resource.imports,
                        action=Action.create)
    reps = {rep.email: rep for rep in session.exec(
        scoped_select(principal, Rep).where(Rep.client_id == client.id)) if rep.email}
    errors: list[RowError] = []
    items: list[dict[str, Any]] = []
    rows = 0
    everything = session.begin_nested()
    for line, values in read_rows(content, required=required, allowed=columns):
        rows += 1
        email = values.pop("rep_email", "").lower()
        rep = reps.get(email)
        if rep is None:
            errors.append(RowError(line=line, field="rep_email",
                                   message=f"No rep of this client has email {email!r}."))
            continue
        try:
            data = schema.model_validate(values | {"rep_id": rep.id})
        except ValidationError as exc:
            errors += [RowError(line=line, field=".".join(map(str, e["loc"])) or None,
                                message=e["msg"]) for e in exc.errors()]
            continue
        try:
            with session.begin_nested():
                record = create(session, principal, data, rep=rep, client=client)
        except AppError as exc:
            fields = exc.extensions.get("errors") or [{"field": None}]
            errors += [RowError(line=line, message=exc.detail,
                                field=(e["field"] or "").removeprefix("body.") or None)
                       for e in fields]
            continue
        items.append(read.model_validate(record).model_dump(mode="json"))
    if dry_run or errors:
        everything.rollback()
    if errors and not dry_run:
        raise Unprocessable(f"{len({e.line for e in errors})} row(s) are invalid; nothing was "
                            "imported.", errors=[e.model_dump() for e in errors])
    return ImportResult(dry_run=dry_run, rows=rows, valid_rows=len(items),
                        created=0 if dry_run else len(items), errors=errors, items=items)
