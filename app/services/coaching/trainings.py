"""Training assigned to a client's reps (by the manager or the owner, who gives the product
training), and each rep's part ticked off when done."""

import uuid

from sqlmodel import Session, col, select

from app.core.clock import now_of, today_of
from app.errors import Conflict, NotFound, invalid_field
from app.models import Client, Rep, Training, TrainingAssignment
from app.models.coaching.training import Assignment, TrainingCreate, TrainingDone, TrainingRead
from app.models.enums import Role
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, require_client_in_scope, scoped_select

LISTED = 200


def assign(session: Session, principal: Principal, data: TrainingCreate) -> TrainingRead:
    authorize(principal, Resource.trainings, Action.create)
    require_client_in_scope(principal, data.client_id)
    found = set(session.exec(scoped_select(principal, Rep).with_only_columns(Rep.id).where(
        col(Rep.id).in_(data.rep_ids), Rep.client_id == data.client_id)))
    missing = [str(r) for r in data.rep_ids if r not in found]
    if missing or len(set(data.rep_ids)) != len(data.rep_ids):
        raise invalid_field("rep_ids", "Each rep once, and reps of this client only"
                            + (": not " + ", ".join(missing) if missing else "") + ".")
    training = Training(client_id=data.client_id, topic=data.topic, due_on=data.due_on,
                        created_by=principal.user_id)
    session.add(training)
    session.flush()
    session.add_all([TrainingAssignment(training_id=training.id, rep_id=r)
                     for r in data.rep_ids])
    session.flush()
    return read(session, principal, training)


def list_trainings(session: Session, principal: Principal, *, client_id: uuid.UUID | None,
                   rep_id: uuid.UUID | None) -> list[TrainingRead]:
    authorize(principal, Resource.trainings, Action.list)
    stmt = scoped_select(principal, Training)
    if client_id is not None:
        stmt = stmt.where(Training.client_id == client_id)
    if rep_id is not None:
        stmt = stmt.where(col(Training.id).in_(select(TrainingAssignment.training_id).where(
            TrainingAssignment.rep_id == rep_id)))
    found = session.exec(stmt.order_by(Training.due_on, Training.id).limit(LISTED)).all()
    return [read(session, principal, t) for t in found]


def mark_done(session: Session, principal: Principal, training_id: uuid.UUID,
              data: TrainingDone) -> TrainingRead:
    training = get_scoped(session, principal, Training, training_id,
                          resource=Resource.trainings, action=Action.update)
    rep_id = data.rep_id or principal.rep_id
    if principal.role is Role.rep and rep_id != principal.rep_id:
        raise NotFound(f"No part of yours in training {training_id}.")
    if rep_id is None:
        raise invalid_field("rep_id", "Name the rep whose part is done.")
    part = session.get(TrainingAssignment, (training.id, rep_id))
    if part is None:
        raise NotFound(f"Rep {rep_id} has no part in this training.")
    if part.done_at is not None:
        raise Conflict("That part is done already.")
    part.done_at = now_of(session)
    session.add(part)
    session.flush()
    return read(session, principal, training)


def read(session: Session, principal: Principal, training: Training) -> TrainingRead:
    today = today_of(session, session.get(Client, training.client_id).timezone)
    parts = session.exec(select(TrainingAssignment).where(
        TrainingAssignment.training_id == training.id)
        .order_by(TrainingAssignment.rep_id)).all()
    if principal.role is Role.rep:
        parts = [p for p in parts if p.rep_id == principal.rep_id]
    return TrainingRead(
        id=training.id, client_id=training.client_id, topic=training.topic,
        due_on=training.due_on, created_at=training.created_at,
        reps=[Assignment(rep_id=p.rep_id, done_at=p.done_at,
                         overdue=p.done_at is None and training.due_on is not None
                         and training.due_on < today) for p in parts])
