"""/api/v1/questions: the behavioural question bank."""

import uuid

from fastapi import APIRouter, Response, status

from app.models.enums import Competency
from app.models.hiring.question import QuestionCreate, QuestionRead
from app.models.page import Page
from app.openapi import LIST, READ, WRITE, Tag
from app.routers.deps import AppRoute, Idempotent, PageDep, PrincipalDep, SessionDep, with_etag
from app.services.hiring import questions

router = APIRouter(route_class=AppRoute, prefix="/questions", tags=[Tag.questions])


@router.get("", name="list", summary="List questions", response_model=Page[QuestionRead],
            responses=LIST)
def list_(session: SessionDep, principal: PrincipalDep, page: PageDep,
          client_id: uuid.UUID | None = None, competency: Competency | None = None):
    """The default bank (client_id null) and your clients' own questions."""
    return questions.list_questions(session, principal, page, client_id=client_id,
                                    competency=competency)


@router.post("", name="create", summary="Add a question", response_model=QuestionRead,
             status_code=status.HTTP_201_CREATED, dependencies=[Idempotent], responses=WRITE)
def create(session: SessionDep, principal: PrincipalDep, body: QuestionCreate,
           response: Response):
    """A client's own question; it must ask about past behaviour ("Tell me about a time...")."""
    return with_etag(response, questions.create_question(session, principal, body))


@router.get("/{question_id}", name="get", summary="Get a question", response_model=QuestionRead,
            responses=READ)
def get(session: SessionDep, principal: PrincipalDep, question_id: uuid.UUID,
        response: Response):
    """One question."""
    return with_etag(response, questions.get_question(session, principal, question_id))
