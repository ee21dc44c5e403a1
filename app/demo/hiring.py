"""Demo hiring: candidates at every stage, one with an integrity red flag (CLI only)."""

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from app.models import Candidate, Client, Interview, Question, Scorecard
from app.models.enums import CandidateStatus, Competency

S = CandidateStatus
# Name, status, submitted scorecards.
CANDIDATES = {
    "acme": [("Jamie Rivera", S.applied, 0), ("Pat Okafor", S.screening, 0),
             ("Chris Duval", S.interviewing, 1), ("Robin Achebe", S.offer, 2),
             ("Lee Moreau", S.rejected, 1)],
    "intelligence": [("Sasha Ivanova", S.applied, 0), ("Noor Haddad", S.interviewing, 1),
                     ("Alex Brandt", S.offer, 2)],
}


def seed_hiring_unscoped(session: Session, client: Client, *, slug: str,
                         interviewers: list[uuid.UUID], today: date) -> int:
    """Candidates with interviews, kits and scorecards, unless the client has candidates."""
    if session.exec(select(Candidate.id).where(Candidate.client_id == client.id)).first():
        return 0
    bank = session.exec(select(Question).where(Question.client_id.is_(None))
                        .order_by(Question.created_at, Question.id)).all()
    integrity = [q for q in bank if q.competency == Competency.integrity]
    closing = [q for q in bank if q.competency == Competency.closing]
    for n, (name, status, submitted) in enumerate(CANDIDATES[slug]):
        first = name.split()[0].lower()
        candidate = Candidate(client_id=client.id, full_name=name, status=status,
                              email=f"{first}@candidates.demo.example", source="referral")
        if status in (S.offer, S.rejected):
            candidate.social_check_at = datetime.combine(today - timedelta(days=3), time(15),
                                                         tzinfo=UTC)
            candidate.social_check_by, candidate.social_check_concern = interviewers[0], False
        session.add(candidate)
        session.flush()
        for k in range(submitted):
            interviewer = interviewers[k % len(interviewers)]
            kit = [closing[k % 3], integrity[(n + k) % 5], closing[(k + 1) % 3]]
            interview = Interview(client_id=client.id, candidate_id=candidate.id,
                                  interviewer_id=interviewer, kind="behavioural",
                                  scheduled_at=datetime.combine(today - timedelta(days=7 - k),
                                                                time(16), tzinfo=UTC),
                                  kit=[str(q.id) for q in kit])
            session.add(interview)
            session.flush()
            flagged = slug == "acme" and name == "Chris Duval"
            session.add(Scorecard(
                interview_id=interview.id, client_id=client.id, candidate_id=candidate.id,
                interviewer_id=interviewer, recommendation="no" if flagged else "yes",
                ratings={"closing": "yes", "integrity": "no" if flagged else "strong_yes"},
                answers=[{"question_id": str(kit[1].id), "flags": ["evasive_language",
                          "backpedalled"] if flagged else [],
                          "note": "Changed the story twice about the discount he promised."
                          if flagged else "Clear, specific, owned the outcome."}],
                submitted_at=interview.scheduled_at + timedelta(hours=2)))
    session.flush()
    return len(CANDIDATES[slug])
