"""What the interviews say about a candidate, and whether they may get an offer
(docs/domain.md, "Hiring": several interviewers, a social media check, integrity tested)."""

import uuid
from collections import Counter, defaultdict

from sqlmodel import Session, col

from app.errors import Forbidden
from app.models import Candidate, Interview, Question, Scorecard
from app.models.enums import Competency, Rating
from app.models.hiring.summary import CandidateSummary, IntegrityFlag, SocialCheckRead
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select

MIN_INTERVIEWERS = 2


def submitted_scorecards(session: Session, principal: Principal,
                         candidate_id: uuid.UUID) -> list[Scorecard]:
    """The candidate's submitted scorecards, oldest first."""
    return list(session.exec(
        scoped_select(principal, Scorecard)
        .where(Scorecard.candidate_id == candidate_id, col(Scorecard.submitted_at).is_not(None))
        .order_by(Scorecard.submitted_at)).all())


def has_pending_scorecard(session: Session, principal: Principal,
                          candidate_id: uuid.UUID) -> bool:
    """Does the caller interview this candidate and still owe a submitted scorecard?"""
    stmt = (scoped_select(principal, Interview)
            .outerjoin(Scorecard, Scorecard.interview_id == Interview.id)
            .where(Interview.candidate_id == candidate_id,
                   Interview.interviewer_id == principal.user_id,
                   col(Scorecard.submitted_at).is_(None)))
    return session.exec(stmt).first() is not None


def integrity_flags(session: Session, principal: Principal,
                    scorecards: list[Scorecard]) -> list[IntegrityFlag]:
    """Every red flag noted on an answer to an integrity question."""
    flagged = [(card, answer) for card in scorecards for answer in card.answers
               if answer.get("flags")]
    ids = {uuid.UUID(str(answer["question_id"])) for _, answer in flagged}
    questions = {q.id: q for q in session.exec(
        scoped_select(principal, Question).where(col(Question.id).in_(ids)))} if ids else {}
    out = []
    for card, answer in flagged:
        question = questions.get(uuid.UUID(str(answer["question_id"])))
        if question is not None and question.competency == Competency.integrity:
            out.append(IntegrityFlag(question_id=question.id, question=question.text,
                                     flags=answer["flags"], interviewer_id=card.interviewer_id,
                                     interview_id=card.interview_id))
    return out


def offer_blockers(session: Session, principal: Principal, candidate: Candidate, *,
                   cards: list[Scorecard] | None = None,
                   flags: list[IntegrityFlag] | None = None) -> list[str]:
    """Why the candidate can't move to offer: fewer than two interviewers' submitted
    scorecards, no social media check, or an integrity red flag. Empty when clear."""
    if cards is None:
        cards = submitted_scorecards(session, principal, candidate.id)
    if flags is None:
        flags = integrity_flags(session, principal, cards)
    blockers = []
    interviewers = len({card.interviewer_id for card in cards})
    if interviewers < MIN_INTERVIEWERS:
        blockers.append(f"submitted scorecards from {MIN_INTERVIEWERS} different interviewers "
                        f"are needed (there are {interviewers})")
    if candidate.social_check_at is None:
        blockers.append("the social media check is not done")
    if flags:
        blockers.append("an interviewer raised an integrity red flag")
    return blockers


def candidate_summary(session: Session, principal: Principal,
                      candidate: Candidate) -> CandidateSummary:
    """Ratings per competency across interviewers, integrity flags and the offer gate;
    blind to an interviewer until they have submitted their own scorecard."""
    if has_pending_scorecard(session, principal, candidate.id):
        raise Forbidden("Submit your own scorecard before reading the others' (blind rule).")
    cards = submitted_scorecards(session, principal, candidate.id)
    ratings: dict[str, Counter] = defaultdict(Counter)
    for card in cards:
        for competency, rating in card.ratings.items():
            ratings[competency][rating] += 1
    recommendations = Counter(card.recommendation for card in cards if card.recommendation)
    flags = integrity_flags(session, principal, cards)
    blockers = offer_blockers(session, principal, candidate, cards=cards, flags=flags)
    return CandidateSummary(
        candidate_id=candidate.id, status=candidate.status, submitted_scorecards=len(cards),
        distinct_interviewers=len({card.interviewer_id for card in cards}),
        ratings={c: {r.value: counts[r.value] for r in Rating} for c, counts in ratings.items()},
        recommendations={r.value: recommendations[r.value] for r in Rating},
        integrity_flags=flags,
        social_media_check=SocialCheckRead(
            done=candidate.social_check_at is not None, done_at=candidate.social_check_at,
            done_by=candidate.social_check_by, concern=candidate.social_check_concern,
            note=candidate.social_check_note),
        offer_ready=not blockers, offer_blockers=blockers)

