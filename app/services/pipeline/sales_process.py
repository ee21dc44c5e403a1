"""A client's sales process: its stages (each mapped to a phase the indicators know), what
each needs of a deal before it enters it, and the playbooks. A new version on every change;
the client's stage probabilities follow it (per phase, the mean of its stages')."""

import uuid
from typing import Any

from sqlalchemy import and_, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from app.errors import NotFound, Unprocessable, invalid_field
from app.models import Client, Deal, SalesProcess
from app.models.enums import Stage
from app.models.pipeline.sales_process import (
    SalesProcessPut,
    SalesProcessRead,
    SalesProcessVersions,
)
from app.services.access.policy import Action, Resource
from app.services.access.principal import Principal
from app.services.access.scope import first_scoped, get_parent, scoped_select


def client_and_process(session: Session,
                       client_id: uuid.UUID) -> tuple[Client, SalesProcess | None]:
    """The client and its latest sales process in one statement (a deal's write needs
    both)."""
    latest = (select(func.max(SalesProcess.revision))
              .where(SalesProcess.client_id == client_id).scalar_subquery())
    client, process = session.exec(
        select(Client, SalesProcess).outerjoin(SalesProcess, and_(
            SalesProcess.client_id == Client.id, SalesProcess.revision == latest))
        .where(Client.id == client_id)).one()
    return client, process


def deal_client_and_process(session: Session, principal: Principal, deal_id: uuid.UUID, *,
                            action: Action) -> tuple[Deal, Client, SalesProcess | None]:
    """A deal to change (locked for the change on PostgreSQL), its client and the client's
    latest sales process in one statement, under get_scoped's rules (archived deals
    included: the caller refuses them with a clearer error)."""
    versions = aliased(SalesProcess)
    latest = (select(func.max(versions.revision)).where(versions.client_id == Deal.client_id)
              .correlate(Deal).scalar_subquery())
    stmt = (scoped_select(principal, Deal, with_archived=True)
            .add_columns(Client, SalesProcess)
            .join(Client, Client.id == Deal.client_id)
            .outerjoin(SalesProcess, and_(SalesProcess.client_id == Deal.client_id,
                                          SalesProcess.revision == latest))
            .where(Deal.id == deal_id)
            .with_for_update(of=Deal))
    deal, client, process = first_scoped(session, principal, stmt, deal_id,
                                         resource=Resource.deals, action=action)
    return deal, client, process


def current_process(session: Session, client_id: uuid.UUID) -> SalesProcess | None:
    """The client's latest version (for a deal's service, which has its client already)."""
    return session.exec(select(SalesProcess).where(SalesProcess.client_id == client_id)
                        .order_by(SalesProcess.revision.desc()).limit(1)).first()


def put_process(session: Session, principal: Principal, client_id: uuid.UUID,
                data: SalesProcessPut) -> SalesProcessRead:
    client = get_parent(session, principal, Client, client_id,
                        resource=Resource.sales_processes, action=Action.create)
    latest = session.exec(select(func.max(SalesProcess.revision))
                          .where(SalesProcess.client_id == client.id)).one() or 0
    body = data.model_dump(mode="json")
    process = SalesProcess(client_id=client.id, revision=latest + 1, stages=body["stages"],
                           playbooks=body["playbooks"], created_by=principal.user_id)
    session.add(process)
    by_phase: dict[str, list[int]] = {}
    for stage in data.stages:
        by_phase.setdefault(stage.phase.value, []).append(stage.probability)
    client.stage_probabilities = client.stage_probabilities | {
        phase: round(sum(p) / len(p)) for phase, p in by_phase.items()}
    session.add(client)
    session.flush()
    return read(process)


def get_process(session: Session, principal: Principal, client_id: uuid.UUID,
                version: int | None) -> SalesProcessRead:
    client = get_parent(session, principal, Client, client_id,
                        resource=Resource.sales_processes, action=Action.read)
    stmt = scoped_select(principal, SalesProcess).where(SalesProcess.client_id == client.id)
    stmt = (stmt.where(SalesProcess.revision == version) if version is not None
            else stmt.order_by(SalesProcess.revision.desc()).limit(1))
    found = session.exec(stmt).first()
    if found is None:
        raise NotFound("This client has no sales process" + (
            f" version {version}." if version is not None else " yet."))
    return read(found)


def list_versions(session: Session, principal: Principal,
                  client_id: uuid.UUID) -> SalesProcessVersions:
    client = get_parent(session, principal, Client, client_id,
                        resource=Resource.sales_processes, action=Action.list)
    found = session.exec(scoped_select(principal, SalesProcess)
                         .where(SalesProcess.client_id == client.id)
                         .order_by(SalesProcess.revision.desc())).all()
    return SalesProcessVersions(client_id=client.id, items=[read(p) for p in found])


def read(process: SalesProcess) -> SalesProcessRead:
    return SalesProcessRead(client_id=process.client_id, version=process.revision,
                            stages=process.stages, playbooks=process.playbooks,
                            created_by=process.created_by, created_at=process.created_at)


def place(process: SalesProcess | None, current: dict[str, Any],
          changes: dict[str, Any]) -> dict[str, Any] | None:
    """Fit a deal's requested changes to the process before the stage rules settle them: a
    process stage sets the phase; a phase picks its first process stage. The process stage
    the deal enters, if it enters one (its requirements are checked once settled)."""
    if process is None:
        return None
    stages = process.stages
    key = changes.get("process_stage")
    if key is not None:
        chosen = next((s for s in stages if s["key"] == key), None)
        if chosen is None:
            raise invalid_field("process_stage", "Not a stage of the client's sales process: "
                                f"{', '.join(s['key'] for s in stages)}.")
        if "stage" in changes and Stage(changes["stage"]) != Stage(chosen["phase"]):
            raise invalid_field("stage", f"The process stage {key!r} is in the "
                                         f"{chosen['phase']} phase.")
        changes["stage"] = Stage(chosen["phase"])
        return chosen if key != current.get("process_stage") else None
    stage = Stage(changes.get("stage", current["stage"]))
    if stage.is_closed or ("stage" not in changes and current.get("id") is not None):
        return None
    held = next((s for s in stages if s["key"] == current.get("process_stage")), None)
    if held is not None and held["phase"] == stage.value:
        return None
    chosen = next((s for s in stages if s["phase"] == stage.value), None)
    if chosen is not None:
        changes["process_stage"] = chosen["key"]
    return chosen


def check_requirements(entered: dict[str, Any] | None, values: dict[str, Any]) -> None:
    """422 naming every field the entered stage needs that the deal lacks."""
    if entered is None:
        return
    missing = [f for f in entered["required_fields"] if values.get(f) in (None, "", 0)]
    if missing:
        message = (f"Entering {entered['label']!r} needs {', '.join(missing)}.")
        raise Unprocessable(message, errors=[
            {"field": f"body.{f}", "loc": ["body", f], "message": message,
             "type": "value_error"} for f in missing])
