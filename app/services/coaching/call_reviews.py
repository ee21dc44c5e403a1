"""Call reviews of a rep and the trend of each selling skill across them. The manager
records them; the owner reads the company's, a rep their own."""

import uuid

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.errors import invalid_field
from app.models import CallRating, CallReview, Deal, Rep
from app.models.coaching.call_review import (
    CallReviewCreate,
    CallReviewRead,
    Skill,
    SkillsTrend,
    SkillTrend,
)
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, scoped_select

WINDOW = 3  # ratings compared: the last 3 against the 3 before
BAND = 0.5
LISTED = 200


def record_review(session: Session, principal: Principal, rep_id: uuid.UUID,
                  data: CallReviewCreate) -> CallReviewRead:
    rep = get_scoped(session, principal, Rep, rep_id, resource=Resource.call_reviews,
                     action=Action.create)
    if data.deal_id is not None and session.exec(scoped_select(principal, Deal).where(
            Deal.id == data.deal_id, Deal.rep_id == rep.id)).first() is None:
        raise invalid_field("deal_id", "Not a deal of this rep.")
    review = CallReview(client_id=rep.client_id, rep_id=rep.id, deal_id=data.deal_id,
                        held_on=data.held_on, kind=data.kind.value, phase=data.phase.value,
                        notes=data.notes, reviewed_by=principal.user_id)
    session.add(review)
    session.flush()
    session.add_all([CallRating(review_id=review.id, skill=skill.value, rep_id=rep.id,
                                held_on=data.held_on, rating=rating)
                     for skill, rating in data.ratings.items()])
    session.flush()
    return _read(review, {s.value: r for s, r in data.ratings.items()})


def list_reviews(session: Session, principal: Principal,
                 rep_id: uuid.UUID) -> list[CallReviewRead]:
    rep = get_scoped(session, principal, Rep, rep_id, resource=Resource.call_reviews,
                     action=Action.list)
    reviews = session.exec(scoped_select(principal, CallReview).where(
        CallReview.rep_id == rep.id).order_by(col(CallReview.held_on).desc(),
                                             col(CallReview.created_at).desc())
        .limit(LISTED)).all()
    ratings: dict[uuid.UUID, dict[str, int]] = {}
    for row in session.exec(select(CallRating).where(
            col(CallRating.review_id).in_([r.id for r in reviews]))):
        ratings.setdefault(row.review_id, {})[row.skill] = row.rating
    return [_read(r, ratings.get(r.id, {})) for r in reviews]


def skills_trend(session: Session, principal: Principal, rep_id: uuid.UUID) -> SkillsTrend:
    """Per skill: how many reviews rated it, the average, and the last 3 ratings against
    the 3 before (by the day of the review)."""
    rep = get_scoped(session, principal, Rep, rep_id, resource=Resource.call_reviews,
                     action=Action.read)
    authorize(principal, Resource.call_reviews, Action.list)
    totals = {skill: (count, float(avg)) for skill, count, avg in session.execute(
        select(CallRating.skill, func.count(), func.avg(CallRating.rating))
        .where(CallRating.rep_id == rep.id).group_by(CallRating.skill))}
    latest: dict[str, list[int]] = {}
    for skill, rating in session.execute(
            select(CallRating.skill, CallRating.rating).where(CallRating.rep_id == rep.id)
            .order_by(col(CallRating.held_on).desc(), CallRating.review_id)):
        if len(latest.setdefault(skill, [])) < 2 * WINDOW:
            latest[skill].append(rating)
    rows = []
    for skill, (count, average) in totals.items():
        last = latest[skill]
        recent = _mean(last[:WINDOW])
        earlier = _mean(last[WINDOW:])
        trend = "new" if count <= WINDOW else (
            "improving" if recent - earlier > BAND else
            "declining" if earlier - recent > BAND else "steady")
        rows.append(SkillTrend(skill=Skill(skill), reviews=count, average=round(average, 2),
                               recent=recent, earlier=earlier if count > WINDOW else None,
                               trend=trend))
    rows.sort(key=lambda r: (r.average, r.skill.value))
    return SkillsTrend(rep_id=rep.id, skills=rows)


def _mean(values: list[int]) -> float:
    return round(sum(values) / len(values), 2) if values else 0.0


def _read(review: CallReview, ratings: dict[str, int]) -> CallReviewRead:
    return CallReviewRead(**review.model_dump(), ratings=ratings)
