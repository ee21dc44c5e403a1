"""CRM hygiene and the funnel, hand-computed.

Hygiene, rep 1's open deals: clean; no next step; next step overdue; expected close gone by;
untouched 15 days; on an account rep 2 works too; and a won deal (not open). Rep 2: one
clean deal on that same account (so in conflict)."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from app.models import Deal, DealChange
from tests.support.alarm_helpers import TODAY, alarms, change, deal, settings
from tests.support.assertions import problem


def hygiene(caller, client) -> dict:
    response = caller.get(f"/api/v1/clients/{client.id}/hygiene")
    assert response.status_code == 200, response.text
    return response.json()


def kept(rep, amount=1000, **fields) -> dict:
    return deal(rep, amount, **({"next_step": "Call back", "expected_close_on":
                                 str(TODAY + timedelta(days=20))} | fields))


def untouched(db, created: dict, days: int) -> None:
    row = db.get(Deal, uuid.UUID(created["id"]))
    row.updated_at = datetime.now(UTC) - timedelta(days=days)
    db.add(row)
    db.flush()


def messy(world, as_user, db) -> None:
    manager = as_user(world.manager_a)
    one, two = as_user(world.rep_user_a1), as_user(world.rep_user_a2)
    shared = manager.post("/api/v1/accounts", json={"client_id": str(world.client_a.id),
                                                    "name": "Globex"}).json()
    kept(one)
    kept(one, next_step="")
    kept(one, next_step_due_on=str(TODAY - timedelta(days=1)))
    kept(one, expected_close_on=str(TODAY - timedelta(days=1)))
    untouched(db, kept(one), 15)
    kept(one, account_id=shared["id"])
    kept(one, stage="closed_won")
    kept(two, account_id=shared["id"])


def test_each_reps_issues_and_score(world, as_user, db):
    messy(world, as_user, db)
    found = hygiene(as_user(world.manager_a), world.client_a)
    rows = {r["rep_id"]: r for r in found["reps"]}
    one, two = rows[str(world.rep_a1.id)], rows[str(world.rep_a2.id)]
    assert {k: one[k] for k in ("open_deals", "no_next_step", "next_step_overdue",
                                "past_expected_close", "stale", "in_conflict", "clean")} == {
        "open_deals": 6, "no_next_step": 1, "next_step_overdue": 1, "past_expected_close": 1,
        "stale": 1, "in_conflict": 1, "clean": 1}
    assert one["score"] == round(1 / 6, 4)
    assert (two["open_deals"], two["in_conflict"], two["clean"], two["score"]) == (1, 1, 0, 0.0)
    assert found["score"] == round(1 / 7, 4) and found["floor"] == 0.8


def test_the_alarm_stands_under_the_floor_with_enough_open_deals(world, as_user, db):
    messy(world, as_user, db)
    manager = as_user(world.manager_a)
    [alarm] = [a for a in alarms(manager) if a["code"] == "crm_hygiene_low"]
    assert alarm["rep_id"] == str(world.rep_a1.id) and alarm["severity"] == "warning"
    assert alarm["figures"]["clean"] == 1 and alarm["figures"]["open_deals"] == 6
    # Rep 2 has one open deal: under the minimum of 5, however unclean.
    settings(manager, world.client_a, alarm_rules={"hygiene_min_open_deals": 7})
    assert "crm_hygiene_low" not in {a["code"] for a in alarms(manager)}


def test_exactly_at_the_floor_raises_nothing_a_deal_under_does(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    manager = as_user(world.manager_a)
    for _ in range(4):
        kept(rep)
    messy_one = kept(rep, next_step="")  # 4 of 5 clean: exactly 80 %
    assert "crm_hygiene_low" not in {a["code"] for a in alarms(manager)}
    kept(rep, next_step="")  # 4 of 6
    assert "crm_hygiene_low" in {a["code"] for a in alarms(manager)}
    assert messy_one


def test_hygiene_is_for_managers_and_owners(world, as_user):
    url = f"/api/v1/clients/{world.client_a.id}/hygiene"
    assert as_user(world.owner_a).get(url).status_code == 200
    problem(as_user(world.rep_user_a1).get(url), 403)
    problem(as_user(world.manager_b).get(url), 404)


# --- the funnel --------------------------------------------------------------------------------

def at(days_ago: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), tzinfo=UTC)


def moved(db, created: dict, stage_days: list[tuple[str, int]]) -> None:
    """Date the deal's stage history: each stage entered that many days ago."""
    changes = db.exec(select(DealChange).where(
        DealChange.deal_id == uuid.UUID(created["id"]),
        DealChange.field == "stage").order_by(DealChange.changed_at)).all()
    for entry, (_, days) in zip(changes, stage_days, strict=True):
        entry.changed_at = at(days)
    db.flush()


def test_the_funnel_of_a_cohort_hand_computed(world, as_user, db):
    """Four deals opened 40 days ago: A won (prospecting 10 days, discovery 10, proposal 10,
    negotiation 5), B lost at proposal (price, 20,000), C lost at discovery (stall, 5,000),
    D still in prospecting. So 4 reached prospecting, 3 discovery, 2 proposal, 1 negotiation,
    1 won."""
    rep = as_user(world.rep_user_a1)
    a = deal(rep, 30000, kind="upsell", source="referral")
    for stage in ("discovery", "proposal", "negotiation", "closed_won"):
        change(rep, a, stage=stage)
    moved(db, a, [("prospecting", 40), ("discovery", 30), ("proposal", 20),
                  ("negotiation", 10), ("closed_won", 5)])
    b = deal(rep, 20000, source="referral")
    change(rep, b, stage="discovery")
    change(rep, b, stage="proposal")
    change(rep, b, stage="closed_lost", lost_reason="price_terms")
    moved(db, b, [("prospecting", 40), ("discovery", 36), ("proposal", 30), ("lost", 20)])
    c = deal(rep, 5000)
    change(rep, c, stage="discovery")
    change(rep, c, stage="closed_lost", lost_reason="stall")
    moved(db, c, [("prospecting", 40), ("discovery", 38), ("lost", 30)])
    d = deal(rep, 1000)
    moved(db, d, [("prospecting", 40)])
    for created in (a, b, c, d):  # opened 40 days ago
        row = db.get(Deal, uuid.UUID(created["id"]))
        row.created_at = at(40)
        db.add(row)
    db.flush()
    found = as_user(world.manager_a).get(f"/api/v1/clients/{world.client_a.id}/funnel").json()
    assert found["deals"] == 4
    assert [(s["from_stage"], s["reached"], s["advanced"]) for s in found["steps"]] == [
        ("prospecting", 4, 3), ("discovery", 3, 2), ("proposal", 2, 1),
        ("negotiation", 1, 1)]
    assert found["steps"][-1]["to_stage"] == "closed_won"
    days = {s["stage"]: (s["median_days"], s["deals"]) for s in found["days_in_stage"]}
    assert days == {"prospecting": (4.0, 3),  # A 10, B 4, C 2 (D has not moved on)
                    "discovery": (8.0, 3),  # A 10, B 6, C 8
                    "proposal": (10.0, 2),  # A 10, B 10
                    "negotiation": (5.0, 1)}  # A 5
    assert found["time_to_quote"] == {"stage": "quote", "median_days": 40.0, "deals": 2}
    assert found["loss_reasons"] == [
        {"reason": "price_terms", "deals": 1, "amount": "20000.00"},
        {"reason": "stall", "deals": 1, "amount": "5000.00"}]
    kinds = {s["key"]: (s["won"], s["lost"], s["win_rate"], s["average_won"])
             for s in found["by_kind"]}
    assert kinds == {"new_business": (0, 2, 0.0, None), "upsell": (1, 0, 1.0, "30000.00")}
    sources = {s["key"]: (s["won"], s["lost"], s["win_rate"]) for s in found["by_source"]}
    assert sources == {"referral": (1, 1, 0.5), "unknown": (0, 1, 0.0)}


def test_a_funnel_window_that_ends_before_it_starts_is_422(world, as_user):
    url = f"/api/v1/clients/{world.client_a.id}/funnel"
    problem(as_user(world.manager_a).get(url, params={"from": str(TODAY),
                                                      "to": str(TODAY - timedelta(1))}), 422)
    problem(as_user(world.rep_user_a1).get(url), 403)
