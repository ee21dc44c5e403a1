"""Strategy and execution reviews (docs/domain.md, "Strategy reviews": every 6
months): section scores, the overall score and the change since the client's previous
review (the one held on the latest earlier day)."""

import uuid
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from sqlalchemy import func
from sqlalchemy.sql import FromClause
from sqlmodel import Session

from app.core.clock import today_of
from app.core.pagination import BY_DATE, Page, PageRequest, SortKey, paginate
from app.core.sql import json_length
from app.errors import Conflict, invalid_field
from app.models import Client
from app.models.assessments.strategy_review import (
    QuestionList,
    QuestionText,
    ReviewAnswer,
    ReviewQuestion,
    ReviewSection,
    SectionScore,
    StrategyReview,
    StrategyReviewCreate,
    StrategyReviewRead,
)
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.scope import get_parent, get_scoped, scoped_select

Q, S = ReviewQuestion, ReviewSection
# docs/domain.md, "Strategy reviews", in order: execution first, working up to the strategy.
QUESTIONS: dict[ReviewQuestion, tuple[ReviewSection, str]] = {
    Q.sales_meetings: (S.execution, "How well do we conduct thorough, professional sales "
                                    "meetings with buyers?"),
    Q.buyer_decision_process: (S.execution, "How well do we navigate our buyers' "
                                            "decision-making processes?"),
    Q.value_selling: (S.execution, "How well do we sell the value of our solutions rather "
                                   "than their features?"),
    Q.marketing_icp_support: (S.support, "Does marketing support the team in attracting buyers "
                                         "who match the ideal customer profile (ICP)?"),
    Q.admin_support: (S.support, "Does admin support free the team up for its daily sales "
                                 "activities?"),
    Q.products_pricing: (S.support, "Do our products and pricing help the team get results?"),
    Q.crm_configuration: (S.support, "Is the CRM configured to support the sales approach?"),
    Q.coaching_structure: (S.support, "Is the weekly team and one-on-one coaching structured "
                                      "to support sales success?"),
    Q.compensation_plan: (S.support, "Does the compensation plan reward the sales behaviours "
                                     "the strategy needs?"),
    Q.icp_personas_accurate: (S.strategy, "Are our ideal customer profile and buyer personas "
                                          "accurate?"),
    Q.winning_wanted_business: (S.strategy, "Is the business we are winning the business we "
                                            "want to win?"),
    Q.profitability: (S.strategy, "How is our profitability?"),
}
NEWEST_HELD = SortKey("held_on", **BY_DATE)


def question_list(principal: Principal) -> QuestionList:
    """The fixed questions with their section and text."""
    authorize(principal, Resource.strategy_reviews, Action.list)
    return QuestionList(items=[QuestionText(question=q, section=s, text=t)
                               for q, (s, t) in QUESTIONS.items()])


def create_review(session: Session, principal: Principal, client_id: uuid.UUID,
                  data: StrategyReviewCreate) -> StrategyReviewRead:
    """Record a review of a client (managers); one per day, never in the future."""
    client = get_parent(session, principal, Client, client_id,
                        resource=Resource.strategy_reviews, action=Action.create)
    if data.held_on > today_of(session, client.timezone):
        raise invalid_field("held_on", "A review can't be dated in the future.")
    if session.exec(_of(principal, client.id).where(
            StrategyReview.held_on == data.held_on)).first():
        raise Conflict(f"The client already has a review held on {data.held_on}; reviews are "
                       "kept as recorded.")
    review = StrategyReview(client_id=client.id, held_on=data.held_on, note=data.note,
                            answers=[a.model_dump(mode="json") for a in data.answers],
                            created_by=principal.user_id)
    session.add(review)
    session.flush()
    return read_review(review, _previous(session, principal, review))


def list_reviews(session: Session, principal: Principal, client_id: uuid.UUID,
                 page: PageRequest) -> Page[StrategyReviewRead]:
    """A client's reviews, the latest held first, each compared with the one before it."""
    client = get_parent(session, principal, Client, client_id,
                        resource=Resource.strategy_reviews, action=Action.list)
    found = paginate(session, _of(principal, client.id), StrategyReview, page, NEWEST_HELD)
    items = found.items
    before = items[1:] + [_previous(session, principal, items[-1])] if items else []
    return Page(items=[read_review(r, p) for r, p in zip(items, before, strict=True)],
                next_cursor=found.next_cursor)


def get_review(session: Session, principal: Principal,
               review_id: uuid.UUID) -> StrategyReviewRead:
    """One review with its scores and the change since the review before it."""
    review = get_scoped(session, principal, StrategyReview, review_id,
                        resource=Resource.strategy_reviews, action=Action.read)
    return read_review(review, _previous(session, principal, review))


def latest_reviews_on(session: Session, principal: Principal,
                      windows: FromClause) -> dict[uuid.UUID, date]:
    """The day of each client's last complete review (every question answered: a review
    with one answer clears nothing) held on or before its `as_of`, for the clients of a
    windows table, in one grouped query."""
    stmt = (scoped_select(principal, StrategyReview)
            .with_only_columns(StrategyReview.client_id, func.max(StrategyReview.held_on))
            .join(windows, windows.c.client_id == StrategyReview.client_id)
            .where(StrategyReview.held_on <= windows.c.as_of,
                   json_length(StrategyReview.answers) >= len(QUESTIONS))
            .group_by(StrategyReview.client_id))
    return dict(session.execute(stmt).all())


def read_review(review: StrategyReview, previous: StrategyReview | None) -> StrategyReviewRead:
    """Section averages, the overall (mean of the sections) and changes since `previous`."""
    now, then = _scores(review), _scores(previous) if previous else None
    sections = [SectionScore(section=s, score=_round(now[s]), answered=count,
                             questions=sum(1 for q in QUESTIONS.values() if q[0] is s),
                             change=_change(now[s], then[s] if then else None))
                for s, count in _answered(review).items()]
    answered = {a["question"] for a in review.answers}
    return StrategyReviewRead(
        id=review.id, client_id=review.client_id, held_on=review.held_on,
        answers=[ReviewAnswer.model_validate(a) for a in review.answers], note=review.note,
        sections=sections, overall=_round(now[None]),
        overall_change=_change(now[None], then[None] if then else None),
        unanswered=[q for q in QUESTIONS if q.value not in answered],
        previous_review_id=previous.id if previous else None,
        previous_held_on=previous.held_on if previous else None,
        created_by=review.created_by, created_at=review.created_at)


def _of(principal: Principal, client_id: uuid.UUID):
    return scoped_select(principal, StrategyReview).where(StrategyReview.client_id == client_id)


def _previous(session: Session, principal: Principal,
              review: StrategyReview) -> StrategyReview | None:
    return session.exec(_of(principal, review.client_id)
                        .where(StrategyReview.held_on < review.held_on)
                        .order_by(StrategyReview.held_on.desc())).first()


def _answered(review: StrategyReview) -> dict[ReviewSection, int]:
    counts = dict.fromkeys(ReviewSection, 0)
    for answer in review.answers:
        counts[QUESTIONS[ReviewQuestion(answer["question"])][0]] += 1
    return counts


def _scores(review: StrategyReview) -> dict[ReviewSection | None, Fraction | None]:
    """Exact averages per section, and overall (None) as the mean of the answered sections."""
    by_section: dict[ReviewSection, list[int]] = {s: [] for s in ReviewSection}
    for answer in review.answers:
        by_section[QUESTIONS[ReviewQuestion(answer["question"])][0]].append(answer["score"])
    out: dict[ReviewSection | None, Fraction | None] = {
        s: Fraction(sum(v), len(v)) if v else None for s, v in by_section.items()}
    scored = [v for v in out.values() if v is not None]
    out[None] = sum(scored, Fraction(0)) / len(scored) if scored else None
    return out


def _round(value: Fraction | None) -> float | None:
    """Two places, halves away from zero (4.125 -> 4.13, -0.125 -> -0.13)."""
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _change(now: Fraction | None, then: Fraction | None) -> float | None:
    return None if now is None or then is None else _round(now - then)
