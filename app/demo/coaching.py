"""Demo coaching (CLI only): four weeks of one-on-ones per rep with action items (older ones
done, some overdue), an upcoming one with the rep's own agenda item, and three months of
weekly sales meetings per client. Written through the services as the demo manager and reps,
so that it is validated and has its history, then dated back to the day it happened.

The story: Acme's owner comes to every other sales meeting, Intelligence IT's owner to one in
three months; Casey (Acme), Jordan (Acme) and Taylor (Intelligence IT) leave action items
open past their due day."""

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from app.core.clock import now_of
from app.models import ActionItem, Client, CoachingChange, Deal, OneOnOne, Rep, User
from app.models.coaching.action_item import ActionItemCreate, ActionItemUpdate
from app.models.coaching.one_on_one import AgendaItemCreate, OneOnOneCreate
from app.models.coaching.sales_meeting import SalesMeetingCreate
from app.models.enums import OPEN_STAGES, CoachingFocus
from app.services.access.principal import Principal, principal_for_user
from app.services.coaching import action_items, one_on_ones, sales_meetings

F = CoachingFocus
# Rep number -> (focus, what the manager keeps to themselves) where the demo tells a story.
STORIES = {
    "acme": {2: ([F.pipeline_review, F.post_call_debrief],
                 "Proposals he reports don't show up in the pipeline; check each one with him."),
             4: ([F.motivation, F.personal],
                 "Activity down three weeks running; something at home? Ask gently.")},
    "intelligence": {2: ([F.skills, F.motivation],
                         "Under the activity targets for weeks; money is not in her top three "
                         "motivators. Consider an account management seat.")},
}
DEFAULT_FOCUS = [F.pipeline_review, F.pre_call_planning]
WEEKS = (4, 3, 2, 1)
MEETING_WEEKS = 14  # a little over three months of weekly team meetings
OWNER_ATTENDS = {"acme": lambda weeks_ago: weeks_ago % 2 == 0,
                 "intelligence": lambda weeks_ago: weeks_ago == 5}


def seed_coaching_unscoped(session: Session, client: Client, reps: list[Rep], *, slug: str,
                           manager: User, today: date) -> dict[str, int]:
    """One-on-ones and sales meetings for a demo client, unless it has one-on-ones."""
    if session.exec(select(OneOnOne.id).where(OneOnOne.client_id == client.id)).first():
        return {"one_on_ones": 0, "sales_meetings": 0}
    boss = principal_for_user(session, manager)
    made = 0
    for number, rep in enumerate(reps, start=1):
        focus, private = STORIES[slug].get(number, (DEFAULT_FOCUS, ""))
        weak = number in STORIES[slug]
        deals = session.exec(select(Deal.id).where(Deal.rep_id == rep.id,
                                                   col(Deal.stage).in_(OPEN_STAGES))
                             .order_by(col(Deal.amount).desc(), Deal.id).limit(2)).all()
        rep_user = principal_for_user(session, session.get(User, rep.user_id))
        for weeks_ago in WEEKS:
            held = today - timedelta(weeks=weeks_ago, days=number % 3)
            meeting = one_on_ones.create_one_on_one(session, boss, OneOnOneCreate(
                rep_id=rep.id, held_on=held, agenda=["Pipeline walk-through", "Next week's calls"],
                shared_notes=f"Reviewed the top deals; {rep.full_name.split()[0]} owns the "
                             "next steps below.",
                private_notes=private, focus=focus, deal_ids=deals,
                action_items=[ActionItemCreate(title="Confirm next steps on the top deal",
                                               assignee="rep", due_on=held + timedelta(days=10)),
                              ActionItemCreate(title="Send a case study for the top deal",
                                               assignee="manager",
                                               due_on=held + timedelta(days=8))]))
            for item in meeting.action_items:
                left_open = weeks_ago == 1 or (weeks_ago == 2 and weak and item.assignee == "rep")
                if not left_open:
                    ticker = rep_user if item.assignee == "rep" else boss
                    action_items.update_action_item(session, ticker, item.id,
                                                    ActionItemUpdate(done=True), if_match=None)
            _date_back(session, meeting.id, held)
            made += 1
        upcoming = one_on_ones.create_one_on_one(session, boss, OneOnOneCreate(
            rep_id=rep.id, held_on=today + timedelta(days=2), agenda=["Pipeline walk-through"],
            focus=DEFAULT_FOCUS))
        one_on_ones.add_agenda_item(session, rep_user, upcoming.id, AgendaItemCreate(
            text="Help with a pricing objection"))
        made += 1
    return {"one_on_ones": made,
            "sales_meetings": _sales_meetings(session, boss, client, reps, slug, today)}


def _sales_meetings(session: Session, boss: Principal, client: Client, reps: list[Rep], slug: str,
                    today: date) -> int:
    monday = today - timedelta(days=today.weekday())
    for weeks_ago in range(MEETING_WEEKS - 1, -1, -1):  # this week's Monday too
        held = monday - timedelta(weeks=weeks_ago)
        absent = reps[weeks_ago % len(reps)].id if weeks_ago % 3 == 0 else None
        meeting = sales_meetings.create_sales_meeting(session, boss, SalesMeetingCreate(
            client_id=client.id, held_on=held, rep_ids=[r.id for r in reps if r.id != absent],
            owner_attended=OWNER_ATTENDS[slug](weeks_ago),
            notes="Pipeline review, wins and losses of the week, next week's focus.",
            decisions=["Every proposal gets a follow-up call within 48 hours"]
            if weeks_ago % 4 == 0 else []))
        at = _evening(held)
        meeting.created_at = meeting.updated_at = at
        for change in session.exec(select(CoachingChange).where(
                CoachingChange.sales_meeting_id == meeting.id)):
            change.changed_at = at
    session.flush()
    return MEETING_WEEKS


def _date_back(session: Session, meeting_id, held: date) -> None:
    """Date a demo one-on-one, its items and history to its day (ticks three days later)."""
    at, ticked = _evening(held), min(_evening(held + timedelta(days=3)), now_of(session))
    meeting = session.get(OneOnOne, meeting_id)
    meeting.created_at = meeting.updated_at = at
    meeting.agenda = [entry | {"added_at": at.isoformat()} for entry in meeting.agenda]
    for item in session.exec(select(ActionItem).where(ActionItem.one_on_one_id == meeting_id)):
        item.created_at, item.updated_at = at, ticked if item.done else at
        if item.done:
            item.done_at = ticked
    for change in session.exec(select(CoachingChange).where(
            CoachingChange.one_on_one_id == meeting_id)):
        change.changed_at = ticked if change.field == "done" and change.old else at
    session.flush()


def _evening(day: date) -> datetime:
    return datetime.combine(day, time(17), tzinfo=UTC)
