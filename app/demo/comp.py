"""The demo's compensation plans: one per client, every rep on it, in effect since the
start of last year, with the margin gate at the client's margin floor."""

from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from app.models import Client, CompPlan, Rep

PAY = {"acme": (Decimal("4500"), Decimal("3000")), "intelligence": (Decimal("7000"),
                                                                     Decimal("9000"))}


def seed_comp_unscoped(session: Session, client: Client, reps: list[Rep], *, slug: str,
                       today: date) -> int:
    if session.exec(select(CompPlan.id).where(CompPlan.client_id == client.id)).first():
        return 0
    base, variable = PAY.get(slug, PAY["acme"])
    plan = CompPlan(client_id=client.id, name=f"{client.name.split()[0]} sales plan",
                    base_pay=base, on_target_variable=variable,
                    margin_floor_pct=client.min_gross_margin_pct,
                    effective_from=date(today.year - 1, 1, 1))
    plan.rep_ids = [r.id for r in reps]
    session.add(plan)
    session.flush()
    return 1
