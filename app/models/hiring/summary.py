"""The hiring summary of a candidate across interviewers."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from app.models.enums import CandidateStatus, RedFlag


class IntegrityFlag(BaseModel):
    question_id: uuid.UUID
    question: str
    flags: list[RedFlag]
    interviewer_id: uuid.UUID
    interview_id: uuid.UUID


class SocialCheckRead(BaseModel):
    done: bool
    done_at: datetime | None
    done_by: uuid.UUID | None
    concern: bool | None
    note: str


class CandidateSummary(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "candidate_id": "7d6c5b4a-3f2e-4d1c-8b9a-0f1e2d3c4b5a", "status": "interviewing",
        "submitted_scorecards": 2, "distinct_interviewers": 2,
        "ratings": {"prospecting": {"strong_no": 0, "no": 0, "yes": 1, "strong_yes": 1}},
        "recommendations": {"strong_no": 0, "no": 0, "yes": 2, "strong_yes": 0},
        "integrity_flags": [], "social_media_check": {
            "done": True, "done_at": "2026-11-12T15:00:00Z", "done_by":
            "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d", "concern": False, "note": ""},
        "offer_ready": True, "offer_blockers": []}]})
    candidate_id: uuid.UUID
    status: CandidateStatus
    submitted_scorecards: int
    distinct_interviewers: int
    ratings: dict[str, dict[str, int]]
    recommendations: dict[str, int]
    integrity_flags: list[IntegrityFlag]
    social_media_check: SocialCheckRead
    offer_ready: bool
    offer_blockers: list[str]
