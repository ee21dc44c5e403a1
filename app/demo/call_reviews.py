"""The demo's call reviews: the first rep of each client reviewed on four calls over the
last two months, asking for the sale getting better."""

from datetime import date, timedelta

from sqlmodel import Session, select

from app.models import CallRating, CallReview, Client, Rep, User

RATINGS = [{"positioning": 4, "asking_for_the_sale": 2, "handling_objections": 3},
           {"positioning": 4, "asking_for_the_sale": 2, "business_case": 3},
           {"positioning": 5, "asking_for_the_sale": 3, "handling_objections": 3},
           {"positioning": 4, "asking_for_the_sale": 4, "negotiating": 3}]
KINDS = [("ride_along", "on_call"), ("recording", "debrief"), ("joint_call", "pre_call"),
         ("joint_call", "on_call")]


def seed_call_reviews_unscoped(session: Session, client: Client, reps: list[Rep],
                               manager: User, *, today: date) -> int:
    if not reps or session.exec(select(CallReview.id)
                                .where(CallReview.client_id == client.id)).first():
        return 0
    rep = reps[0]
    for n, (ratings, (kind, phase)) in enumerate(zip(RATINGS, KINDS, strict=True)):
        held = today - timedelta(days=56 - 14 * n)
        review = CallReview(client_id=client.id, rep_id=rep.id, held_on=held, kind=kind,
                            phase=phase, notes="", reviewed_by=manager.id)
        session.add(review)
        session.flush()
        session.add_all([CallRating(review_id=review.id, skill=s, rep_id=rep.id,
                                    held_on=held, rating=r) for s, r in ratings.items()])
    session.flush()
    return len(RATINGS)
