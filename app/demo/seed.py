"""Demo data for a first look (bypasses scoping on purpose: CLI only)."""

from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, select

from app.core.clock import today_of
from app.demo.accounts import seed_accounts_unscoped
from app.demo.assessments import seed_assessments_unscoped
from app.demo.call_reviews import seed_call_reviews_unscoped
from app.demo.coaching import seed_coaching_unscoped
from app.demo.comp import seed_comp_unscoped
from app.demo.forecast import seed_forecast_unscoped
from app.demo.hiring import seed_hiring_unscoped
from app.demo.improvement_plans import seed_improvement_plans_unscoped
from app.demo.onboarding import seed_onboarding_unscoped
from app.demo.owner import seed_owner_unscoped
from app.demo.pipeline import seed_archived_deal_unscoped, seed_pipeline_unscoped
from app.demo.prior_year import seed_prior_year_unscoped
from app.demo.reports import seed_reports_unscoped
from app.demo.targets import seed_targets_unscoped
from app.demo.trainings import seed_trainings_unscoped
from app.models import Client, ClientManager, Rep, User
from app.models.enums import MeasurementPeriod, Motivator, Role, ServiceLevel
from app.security import hash_password

DEMO_PASSWORD = "demo-password"
MANAGER_EMAIL = "manager@demo.example"

_M = Motivator
DEMO_CLIENTS = [
    {
        "slug": "acme", "name": "Acme Manufacturing", "industry": "Industrial equipment",
        "annual_revenue": Decimal("20000000"), "monthly_fee": Decimal("8500"),
        "service_level": ServiceLevel.part_time_sales_manager,
        "measurement_period": MeasurementPeriod.month,
        "period_revenue_target": Decimal("250000"), "timezone": "America/Chicago",
        "weekly_proposals_target": 1,
        "engagement_weeks_ago": 55, "owner": "Olivia Owner",
        "reps": [
            ("Avery Brooks", "Senior AE", [_M.money, _M.achievement, _M.competition]),
            ("Jordan Lee", "Account Executive", [_M.competition, _M.money, _M.recognition]),
            ("Sam Patel", "Account Executive", [_M.teamwork, _M.helping_people, _M.security]),
            ("Casey Nguyen", "Account Executive", [_M.achievement, _M.money, _M.autonomy]),
            ("Riley Garcia", "Sales Development Rep", [_M.recognition, _M.teamwork, _M.money]),
        ],
    },
    {
        "slug": "intelligence", "name": "Intelligence IT Services", "industry": "IT services",
        "annual_revenue": Decimal("6000000"), "monthly_fee": Decimal("6000"),
        "service_level": ServiceLevel.fractional_cro,
        "measurement_period": MeasurementPeriod.quarter,
        "period_revenue_target": Decimal("450000"), "timezone": "America/New_York",
        "weekly_proposals_target": 1,
        "engagement_weeks_ago": 42, "owner": "Ian Owner",
        "reps": [
            ("Morgan Diaz", "Account Executive", [_M.money, _M.competition, _M.achievement]),
            ("Taylor Kim", "Account Executive", [_M.helping_people, _M.teamwork, _M.autonomy]),
            ("Drew Fischer", "Account Manager", [_M.security, _M.money, _M.recognition]),
        ],
    },
]


def seed_demo_unscoped(session: Session) -> dict[str, int]:
    """Create the demo manager, clients, owners, reps, logins, a year of pipeline, a
    quarter of activity, candidates, one-on-ones and sales meetings; safe to run again.
    Every date is relative to today by the session's clock, in each client's time zone."""
    password_hash = hash_password(DEMO_PASSWORD)
    created = {"users": 0, "clients": 0, "reps": 0, "deals": 0, "activities": 0,
               "candidates": 0, "one_on_ones": 0, "sales_meetings": 0, "assessments": 0,
               "forecast_calls": 0, "accounts": 0, "reports": 0, "owner_records": 0,
               "comp_plans": 0, "call_reviews": 0, "trainings": 0,
               "improvement_plans": 0, "onboarding": 0,
               "targets": 0}
    manager = _user(session, created, MANAGER_EMAIL, "Morgan Manager", Role.manager, None,
                    password_hash)
    for spec in DEMO_CLIENTS:
        today = today_of(session, spec["timezone"])
        client = session.exec(select(Client).where(Client.name == spec["name"])).first()
        if client is None:
            fields = {k: v for k, v in spec.items()
                      if k not in ("slug", "owner", "reps", "engagement_weeks_ago")}
            client = Client(**fields, engagement_started_on=_monday(
                today, weeks_ago=spec["engagement_weeks_ago"]))
            session.add(client)
            session.flush()
            created["clients"] += 1
        if session.get(ClientManager, (client.id, manager.id)) is None:
            session.add(ClientManager(client_id=client.id, user_id=manager.id))
        domain = f"{spec['slug']}.demo.example"
        reps = []
        _user(session, created, f"owner@{domain}", spec["owner"], Role.owner, client.id,
              password_hash)
        for n, (name, title, motivators) in enumerate(spec["reps"], start=1):
            email = f"rep{n}@{domain}"
            rep = session.exec(select(Rep).where(Rep.client_id == client.id,
                                                 Rep.email == email)).first()
            if rep is None:
                rep = Rep(client_id=client.id, full_name=name, email=email, title=title,
                          hire_date=date(today.year - 2, n, 1), quota=Decimal("50000") if
                          spec["slug"] == "acme" else Decimal("150000"),
                          motivators=[m.value for m in motivators])
                session.add(rep)
                session.flush()
                created["reps"] += 1
            user = _user(session, created, email, name, Role.rep, client.id, password_hash)
            if rep.user_id is None:
                rep.user_id = user.id
            reps.append(rep)
        session.flush()
        counts = seed_pipeline_unscoped(session, client, reps, slug=spec["slug"],
                                        changed_by=manager.id, today=today)
        for key, count in counts.items():
            created[key] += count
        created["deals"] += seed_prior_year_unscoped(
            session, client, reps, slug=spec["slug"], changed_by=manager.id,
            today=today)
        owner = session.exec(select(User).where(User.email == f"owner@{domain}")).one()
        created["candidates"] += seed_hiring_unscoped(
            session, client, slug=spec["slug"], interviewers=[manager.id, owner.id],
            today=today)
        counts = seed_coaching_unscoped(session, client, reps, slug=spec["slug"],
                                        manager=manager, today=today)
        for key, count in counts.items():
            created[key] += count
        created["assessments"] += seed_assessments_unscoped(
            session, client, reps, slug=spec["slug"], manager_id=manager.id,
            today=today)
        created["accounts"] += seed_accounts_unscoped(
            session, client, reps, slug=spec["slug"], manager_id=manager.id, today=today)
        created["forecast_calls"] += seed_forecast_unscoped(
            session, client, reps, slug=spec["slug"], manager_id=manager.id, today=today)
        created["owner_records"] += seed_owner_unscoped(session, client, manager, owner,
                                                        slug=spec["slug"], today=today)
        created["reports"] += seed_reports_unscoped(session, client, manager, today=today)
        created["comp_plans"] += seed_comp_unscoped(session, client, reps, slug=spec["slug"],
                                                    today=today)
        created["call_reviews"] += seed_call_reviews_unscoped(session, client, reps, manager,
                                                              today=today)
        created["targets"] += seed_targets_unscoped(session, client, reps, manager, owner,
                                                    slug=spec["slug"], today=today)
        created["trainings"] += seed_trainings_unscoped(session, client, reps, owner,
                                                        today=today)
        created["improvement_plans"] += seed_improvement_plans_unscoped(
            session, client, reps, manager, today=today)
        created["onboarding"] += seed_onboarding_unscoped(session, client, reps, manager, owner,
                                                          slug=spec["slug"], today=today)
        created["deals"] += seed_archived_deal_unscoped(session, client, reps[0],
                                                        changed_by=manager.id, today=today)
    session.flush()
    return created


def _monday(today: date, *, weeks_ago: int) -> date:
    """The Monday `weeks_ago` weeks before this week's."""
    return today - timedelta(days=today.weekday(), weeks=weeks_ago)


def create_manager_unscoped(session: Session, *, email: str, password: str,
                            full_name: str = "") -> User:
    """A manager login (CLI only: the API never creates managers)."""
    user = User(email=email, full_name=full_name, role=Role.manager,
                password_hash=hash_password(password))
    session.add(user)
    session.flush()
    return user


def _user(session: Session, created: dict[str, int], email: str, name: str, role: Role,
          client_id, password_hash: str) -> User:
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None:
        user = User(email=email, full_name=name, role=role, client_id=client_id,
                    password_hash=password_hash)
        session.add(user)
        session.flush()
        created["users"] += 1
    return user
