"""The demo's improvement plan: Casey Nguyen (Acme), whose activity dropped for three weeks,
agreed a 30-day plan in this week's one-on-one; it starts next Monday, so until then her
activity_below_target alarm still stands (a running plan would roll it up)."""

from datetime import date, timedelta

from sqlmodel import Session, select

from app.models import Client, ImprovementPlan, Rep, User
from app.models.enums import RepStatus

STRUGGLING = "Casey Nguyen"


def seed_improvement_plans_unscoped(session: Session, client: Client, reps: list[Rep],
                                    manager: User, *, today: date) -> int:
    rep = next((r for r in reps if r.full_name == STRUGGLING), None)
    if rep is None or session.exec(select(ImprovementPlan.id)
                                   .where(ImprovementPlan.rep_id == rep.id)).first():
        return 0
    starts_on = today + timedelta(days=7 - today.weekday())
    session.add(ImprovementPlan(
        client_id=client.id, rep_id=rep.id, starts_on=starts_on, length_days=30,
        ends_on=starts_on + timedelta(days=29), check_in_weekday=4, created_by=manager.id,
        goals=[{"metric": "calls_meetings", "target": str(client.weekly_calls_target)},
               {"metric": "proposals", "target": str(client.weekly_proposals_target)},
               {"metric": "prospecting_hours",
                "target": str(client.weekly_prospecting_hours_target)}],
        note="Back to the activity that fills the funnel; Friday check-ins."))
    rep.status = RepStatus.on_plan
    rep.version += 1
    session.flush()
    return 1
