"""Scorecards: drafted during the interview, reassessed and submitted after, then frozen
(amendments are appended); blind to an interviewer until they submit their own."""

import uuid

from sqlmodel import Session, col, select

from app.core.clock import now_of
from app.core.versioning import apply_changes
from app.errors import Conflict, NotFound, invalid_field
from app.models import Candidate, Interview, Scorecard, ScorecardAmendment
from app.models.hiring.scorecard import AmendmentCreate, ScorecardDraft, ScorecardRead
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.rules import blind_scorecards, check_interviewer
from app.services.access.scope import get_scoped, scoped_select
from app.services.hiring.summary import has_pending_scorecard


def get_own_scorecard(session: Session, principal: Principal,
                      interview_id: uuid.UUID) -> ScorecardRead:
    """The interviewer's scorecard for this interview."""
    interview = get_scoped(session, principal, Interview, interview_id,
                           resource=Resource.scorecards, action=Action.read)
    pending = has_pending_scorecard(session, principal, interview.candidate_id)
    card = session.exec(scoped_select(principal, Scorecard).where(
        Scorecard.interview_id == interview.id,
        blind_scorecards(principal, pending_own=pending))).first()
    if card is None:
        raise NotFound("This interview has no scorecard you can read yet.")
    return _read(session, principal, [card])[0]


def save_draft(session: Session, principal: Principal, interview_id: uuid.UUID,
               data: ScorecardDraft) -> ScorecardRead:
    """Create or replace the interviewer's draft; a submitted scorecard is frozen (409)."""
    interview = get_scoped(session, principal, Interview, interview_id,
                           resource=Resource.scorecards, action=Action.update, for_update=True)
    check_interviewer(principal, interview)
    kit = set(interview.kit)
    strays = [str(a.question_id) for a in data.answers if kit and a.question_id not in kit]
    if strays:
        raise invalid_field("answers", "Answers must be to questions of this interview's kit: "
                            + ", ".join(strays))
    values = {"ratings": {k.value: v.value for k, v in data.ratings.items()},
              "answers": [a.model_dump(mode="json") for a in data.answers],
              "recommendation": data.recommendation}
    card = _card_of(session, interview)
    if card is None:
        card = Scorecard(interview_id=interview.id, client_id=interview.client_id,
                         candidate_id=interview.candidate_id,
                         interviewer_id=interview.interviewer_id, **values)
        session.add(card)
    elif card.submitted_at is not None:
        raise Conflict("A submitted scorecard can't change; append an amendment instead.")
    else:
        apply_changes(card, values)
    session.flush()
    return _read(session, principal, [card])[0]


def submit(session: Session, principal: Principal, interview_id: uuid.UUID) -> ScorecardRead:
    """Submit the draft after reassessing it: it needs a recommendation and is then frozen."""
    interview = get_scoped(session, principal, Interview, interview_id,
                           resource=Resource.scorecards, action=Action.update, for_update=True)
    check_interviewer(principal, interview)
    card = _card_of(session, interview)
    if card is None:
        raise NotFound("Save a draft scorecard first.")
    if card.submitted_at is not None:
        raise Conflict("The scorecard is already submitted.")
    if card.recommendation is None or not card.ratings:
        raise invalid_field("recommendation",
                            "A scorecard needs ratings and an overall recommendation.")
    apply_changes(card, {"submitted_at": now_of(session)})
    session.flush()
    return _read(session, principal, [card])[0]


def amend(session: Session, principal: Principal, interview_id: uuid.UUID,
          data: AmendmentCreate) -> ScorecardRead:
    """Append a note to a submitted scorecard, with who and when."""
    interview = get_scoped(session, principal, Interview, interview_id,
                           resource=Resource.scorecards, action=Action.update, for_update=True)
    check_interviewer(principal, interview)
    card = _card_of(session, interview)
    if card is None or card.submitted_at is None:
        raise Conflict("Only a submitted scorecard takes amendments; edit the draft instead.")
    session.add(ScorecardAmendment(scorecard_id=card.id, client_id=card.client_id,
                                   author_id=principal.user_id, note=data.note))
    session.flush()
    return _read(session, principal, [card])[0]


def list_for_candidate(session: Session, principal: Principal,
                       candidate_id: uuid.UUID) -> list[ScorecardRead]:
    """The candidate's scorecards the caller may read: their own, and the others' submitted
    ones once they have no scorecard of their own left to submit."""
    get_scoped(session, principal, Candidate, candidate_id, resource=Resource.candidates,
               action=Action.read)
    authorize(principal, Resource.scorecards, Action.list)
    pending = has_pending_scorecard(session, principal, candidate_id)
    cards = session.exec(
        scoped_select(principal, Scorecard)
        .where(Scorecard.candidate_id == candidate_id, blind_scorecards(principal,
                                                                        pending_own=pending))
        .order_by(Scorecard.created_at)).all()
    return _read(session, principal, list(cards))


def _card_of(session: Session, interview: Interview) -> Scorecard | None:
    return session.exec(select(Scorecard).where(Scorecard.interview_id == interview.id)).first()


def _read(session: Session, principal: Principal, cards: list[Scorecard]) -> list[ScorecardRead]:
    ids = [card.id for card in cards]
    notes = session.exec(scoped_select(principal, ScorecardAmendment)
                         .where(col(ScorecardAmendment.scorecard_id).in_(ids))
                         .order_by(ScorecardAmendment.created_at)).all() if ids else []
    out = []
    for card in cards:
        amendments = [n.model_dump() for n in notes if n.scorecard_id == card.id]
        out.append(ScorecardRead.model_validate(card, update={"amendments": amendments}))
    return out
