"""The demo's training: the owner's product training for every rep of each client, due in
ten days, the first rep done already."""

from datetime import date, timedelta

from sqlmodel import Session, select

from app.core.clock import now_of
from app.models import Client, Rep, Training, TrainingAssignment, User


def seed_trainings_unscoped(session: Session, client: Client, reps: list[Rep], owner: User, *,
                            today: date) -> int:
    if not reps or session.exec(select(Training.id)
                                .where(Training.client_id == client.id)).first():
        return 0
    training = Training(client_id=client.id, topic="Product training: next year's offer",
                        due_on=today + timedelta(days=10), created_by=owner.id)
    session.add(training)
    session.flush()
    session.add_all([TrainingAssignment(training_id=training.id, rep_id=r.id,
                                        done_at=now_of(session) if n == 0 else None)
                     for n, r in enumerate(reps)])
    session.flush()
    return 1
