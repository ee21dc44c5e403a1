"""/api/v1/trainings: training assigned to reps, and each rep's part ticked off."""

import uuid

from fastapi import APIRouter, status

from app.models.coaching.training import TrainingCreate, TrainingDone, TrainingRead
from app.openapi import LIST, WRITE, Tag
from app.routers.deps import AppRoute, Idempotent, PrincipalDep, SessionDep
from app.services.coaching import trainings

router = APIRouter(route_class=AppRoute, tags=[Tag.one_on_ones])


@router.post("/trainings", name="training_create", summary="Assign a training",
             response_model=TrainingRead, status_code=status.HTTP_201_CREATED,
             dependencies=[Idempotent], responses=WRITE)
def create(session: SessionDep, principal: PrincipalDep, body: TrainingCreate):
    """A topic, a day to be done by, and the reps of one client who take it. The manager
    or the owner (who gives the product training)."""
    return trainings.assign(session, principal, body)


@router.get("/trainings", name="trainings_list", summary="List trainings",
            response_model=list[TrainingRead], responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID | None = None,
          rep_id: uuid.UUID | None = None):
    """Trainings of the caller's clients by due day (the first 200), each rep's part with
    `overdue`; a rep sees only the trainings they take, and only their own part."""
    return trainings.list_trainings(session, principal, client_id=client_id, rep_id=rep_id)


@router.post("/trainings/{training_id}/done", name="training_done",
             summary="Tick off a rep's part of a training", response_model=TrainingRead,
             responses=WRITE)
def done(session: SessionDep, principal: PrincipalDep, training_id: uuid.UUID,
         body: TrainingDone):
    """A rep ticks off their own part; the manager or the owner any rep's. Once (409)."""
    return trainings.mark_done(session, principal, training_id, body)
