"""The behavioural question bank (docs/domain.md, "Hiring": ask "tell me about a time when
you...", not "how would you...")."""

import re
import uuid

from sqlmodel import Session

from app.core.pagination import Page, PageRequest, paginate
from app.errors import invalid_field
from app.models import Question
from app.models.enums import Competency
from app.models.hiring.question import QuestionCreate
from app.services.access.policy import Action, Resource, authorize
from app.services.access.principal import Principal
from app.services.access.scope import get_scoped, require_client_in_scope, scoped_select

BEHAVIOURAL = re.compile(
    r"^(tell me about|describe|give me an example of|walk me through|share)\b.*\b"
    r"(a time|an occasion|a situation|a moment|the last time|an example)\b", re.I | re.S)
HYPOTHETICAL = re.compile(
    r"\b(how would you|what would you|would you|if you were|imagine|suppose|what if|"
    r"how do you|what do you)\b", re.I)


def check_behavioural(text: str) -> None:
    """422 unless the question asks about past behaviour rather than a hypothetical."""
    if HYPOTHETICAL.search(text) or not BEHAVIOURAL.search(text.strip()):
        raise invalid_field(
            "text", "Ask about past behaviour, e.g. 'Tell me about a time when you...'. "
            "Hypothetical questions ('How would you...') invite rehearsed answers; what a "
            "candidate did before is what predicts what they will do.")


def list_questions(session: Session, principal: Principal, page: PageRequest, *,
                   client_id: uuid.UUID | None = None,
                   competency: Competency | None = None) -> Page[Question]:
    """The default bank and the caller's clients' own questions."""
    authorize(principal, Resource.questions, Action.list)
    stmt = scoped_select(principal, Question)
    if client_id:
        stmt = stmt.where((Question.client_id == client_id) | (Question.client_id.is_(None)))
    if competency:
        stmt = stmt.where(Question.competency == competency)
    return paginate(session, stmt, Question, page)


def create_question(session: Session, principal: Principal, data: QuestionCreate) -> Question:
    """A client's own behavioural question."""
    authorize(principal, Resource.questions, Action.create)
    require_client_in_scope(principal, data.client_id)
    check_behavioural(data.text)
    question = Question.model_validate(data)
    session.add(question)
    session.flush()
    return question


def get_question(session: Session, principal: Principal, question_id: uuid.UUID) -> Question:
    """One question of the default bank or of the caller's clients."""
    return get_scoped(session, principal, Question, question_id, resource=Resource.questions,
                      action=Action.read)
