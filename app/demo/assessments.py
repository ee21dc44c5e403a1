"""Demo assessments (CLI only: writes without scoping): a fit assessment and two strategy
reviews six months apart per client, and a diagnostic of the demo's weakest rep.

The story: Acme's last review is ten days past its six months (an assessment_overdue
alarm); Intelligence IT was reviewed a month ago. Taylor Kim, under the activity targets
for the whole quarter, was diagnosed: money is not in her top three and helping people and
teamwork are, so the diagnosis says move_seat (account management)."""

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, func, select

from app.core.periods import add_months
from app.models import Client, Diagnostic, FitAssessment, Rep, StrategyReview, User
from app.models.assessments.diagnostic import Competence
from app.models.assessments.strategy_review import ReviewQuestion
from app.models.enums import Motivator, RepStatus
from app.services.access.principal import principal_for_user
from app.services.assessments.diagnosis import Answers, diagnose
from app.services.assessments.diagnosis_evidence import gather_evidence

QUESTIONS = list(ReviewQuestion)
# Per client: unmet fit criteria, the latest review's age, and both reviews' twelve scores.
PLANS = {
    "acme": {"unmet": ["owners_attend_sales_meetings"], "latest": lambda t: add_months(
        t, -6) - timedelta(days=10),
        "scores": ([3, 2, 2, 3, 2, 3, 2, 2, 3, 3, 3, 4], [4, 3, 3, 3, 3, 4, 4, 4, 3, 4, 3, 4])},
    "intelligence": {"unmet": ["current_business_plan", "owners_attend_sales_meetings"],
                     "latest": lambda t: t - timedelta(days=30),
                     "scores": ([2, 2, 3, 2, 2, 3, 1, 2, 2, 2, 3, 3],
                                [3, 2, 3, 3, 2, 3, 2, 3, 2, 2, 3, 2])},
}
WEAKEST = ("intelligence", "Taylor Kim")


def seed_assessments_unscoped(session: Session, client: Client, reps: list[Rep], *, slug: str,
                              manager_id: uuid.UUID, today: date) -> int:
    """The client's fit assessment, reviews and diagnostic, unless it has a fit assessment."""
    if session.exec(select(FitAssessment.id).where(FitAssessment.client_id == client.id)
                    ).first():
        return 0
    plan = PLANS[slug]
    start = client.engagement_started_on or today
    active = sum(1 for r in reps if r.archived_at is None and r.status != RepStatus.exited)
    session.add(FitAssessment(
        client_id=client.id, assessed_on=start - timedelta(days=14), active_reps=active,
        answers={c: c not in plan["unmet"] for c in (
            "willing_to_change", "trusting_leadership", "proven_sales_process",
            "team_of_two_or_more", "current_business_plan", "product_knowledge_provided",
            "owners_attend_sales_meetings", "provides_technology_tools", "wants_long_term")},
        notes={c: "Discussed with the owner; revisit at the first review." for c in plan["unmet"]},
        note="First meeting with the owner.", created_by=manager_id,
        created_at=_at(start - timedelta(days=14))))
    latest = plan["latest"](today)
    for held_on, scores in zip((add_months(latest, -6), latest), plan["scores"], strict=True):
        session.add(StrategyReview(
            client_id=client.id, held_on=held_on, created_by=manager_id,
            answers=[{"question": q.value, "score": s, "note": ""}
                     for q, s in zip(QUESTIONS, scores, strict=True)],
            note="Six-monthly review with the owner.", created_at=_at(held_on)))
    count = 1 + len(plan["scores"])
    if slug == WEAKEST[0]:
        count += _diagnose_weakest(session, client, manager_id, today)
    session.flush()
    return count


def _diagnose_weakest(session: Session, client: Client, manager_id: uuid.UUID,
                      today: date) -> int:
    rep = session.exec(select(Rep).where(Rep.client_id == client.id,
                                         Rep.full_name == WEAKEST[1])).first()
    if rep is None or session.exec(select(func.count()).select_from(Diagnostic)
                                   .where(Diagnostic.rep_id == rep.id)).one():
        return 0
    motivators = [Motivator(m) for m in rep.motivators]
    competence = Competence(has_tools=True, has_training=True, knows_what_to_ask=True,
                            uses_tools=False)
    evidence = gather_evidence(session, principal_for_user(
        session, session.get(User, manager_id)), rep)
    recommendation, reasons = diagnose(Answers(motivators, competence, False, evidence))
    session.add(Diagnostic(
        client_id=client.id, rep_id=rep.id, motivators=rep.motivators,
        competence=competence.model_dump(), interpersonal_concern=False,
        note="Great with existing customers; avoids asking for the order; logs little in "
             "the CRM.", recommendation=recommendation.value, reasons=reasons,
        evidence=evidence.model_dump(mode="json"),
        created_by=manager_id, created_at=_at(today - timedelta(days=3))))
    return 1


def _at(day: date) -> datetime:
    return datetime.combine(day, time(16), tzinfo=UTC)
