"""The pipeline waterfall, with hand-computed expectations on deals whose history is moved
into the past (company A: UTC). Unless said otherwise the window runs from the end of
FROM (20 days ago) to the end of TO (5 days ago); each step of a deal's history happens at
noon UTC, `days` days ago.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

import pytest
from sqlalchemy import event
from sqlmodel import select

from app.models import Deal, DealChange
from tests.support.assertions import problem

TODAY = datetime.now(UTC).date()
FROM, TO = TODAY - timedelta(days=20), TODAY - timedelta(days=5)
SOON, LATER = str(TODAY + timedelta(days=5)), str(TODAY + timedelta(days=40))
BUCKETS = ("start", "new", "reopened", "amount_up", "amount_down", "won", "lost", "end",
           "pulled_in", "pushed_out")
WON = {"stage": "closed_won"}
LOST = {"stage": "closed_lost", "lost_reason": "price_terms"}


def back_date(db, deal_id: UUID, days: int, *, created: bool = False) -> None:
    """Move the deal's changes of the last minutes to noon UTC `days` days ago."""
    when = datetime.combine(TODAY - timedelta(days=days), time(12), tzinfo=UTC)
    recent = datetime.now(UTC) - timedelta(minutes=10)
    for change in db.exec(select(DealChange).where(DealChange.deal_id == deal_id,
                                                   DealChange.changed_at > recent)):
        change.changed_at = when
    if created:
        db.get(Deal, deal_id).created_at = when
    db.flush()


def history(world, as_user, db, *steps, rep_user=None) -> UUID:
    """A deal created by a rep (default rep_a1) with the first step's fields, then changed
    by the manager at each later step; steps are (days ago, fields), oldest first."""
    (days, fields), *changes = steps
    created = as_user(rep_user or world.rep_user_a1).post(
        "/api/v1/deals", json={"name": "D"} | fields)
    assert created.status_code == 201, created.text
    deal_id = UUID(created.json()["id"])
    back_date(db, deal_id, days, created=True)
    manager = as_user(world.manager_a)
    for days, change in changes:
        response = manager.patch(f"/api/v1/deals/{deal_id}", json=change)
        assert response.status_code == 200, response.text
        back_date(db, deal_id, days)
    return deal_id


def assert_adds_up(body: dict) -> None:
    """start + new + reopened + amount_up - amount_down - won - lost = end, exactly."""
    amount = {name: Decimal(body[name]["amount"]) for name in BUCKETS}
    assert (amount["start"] + amount["new"] + amount["reopened"] + amount["amount_up"]
            - amount["amount_down"] - amount["won"] - amount["lost"]) == amount["end"], body
    count = {name: body[name]["count"] for name in BUCKETS}
    assert (count["start"] + count["new"] + count["reopened"] - count["won"]
            - count["lost"]) == count["end"], body


def waterfall(caller, client, **params) -> dict:
    response = caller.get(f"/api/v1/clients/{client.id}/pipeline-changes", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert_adds_up(body)
    return body


def window(world, as_user, **params) -> dict:
    return waterfall(as_user(world.manager_a), world.client_a,
                     **({"from": str(FROM), "to": str(TO)} | params))


def buckets(body: dict) -> dict[str, tuple[int, str]]:
    """The buckets that are not empty, as (count, amount)."""
    return {name: (body[name]["count"], body[name]["amount"]) for name in BUCKETS
            if body[name] != {"count": 0, "amount": "0.00"}}


ONE_DEAL = [
    pytest.param([(25, {"amount": "10000"})],
                 {"start": (1, "10000.00"), "end": (1, "10000.00")}, id="open-throughout"),
    pytest.param([(10, {"amount": "12000"})],
                 {"new": (1, "12000.00"), "end": (1, "12000.00")}, id="new"),
    pytest.param([(25, {"amount": "20000"}), (10, {"amount": "35000"})],
                 {"start": (1, "20000.00"), "amount_up": (1, "15000.00"),
                  "end": (1, "35000.00")}, id="amount-up"),
    pytest.param([(25, {"amount": "40000"}), (10, {"amount": "30000"})],
                 {"start": (1, "40000.00"), "amount_down": (1, "10000.00"),
                  "end": (1, "30000.00")}, id="amount-down"),
    pytest.param([(25, {"amount": "50000"}), (15, {"amount": "55000"}), (10, WON)],
                 {"start": (1, "50000.00"), "won": (1, "50000.00")},
                 id="won-at-its-amount-at-from"),
    pytest.param([(25, {"amount": "8000"}), (10, LOST)],
                 {"start": (1, "8000.00"), "lost": (1, "8000.00")}, id="lost"),
    pytest.param([(25, {"amount": "7000"}), (22, LOST), (10, {"stage": "proposal"})],
                 {"reopened": (1, "7000.00"), "end": (1, "7000.00")}, id="reopened"),
    pytest.param([(25, {"amount": "10000", "expected_close_on": SOON}),
                  (10, {"expected_close_on": LATER})],
                 {"start": (1, "10000.00"), "end": (1, "10000.00"),
                  "pushed_out": (1, "10000.00")}, id="pushed-out"),
    pytest.param([(25, {"amount": "30000", "expected_close_on": LATER}),
                  (10, {"amount": "32000", "expected_close_on": SOON})],
                 {"start": (1, "30000.00"), "amount_up": (1, "2000.00"),
                  "end": (1, "32000.00"), "pulled_in": (1, "32000.00")}, id="pulled-in"),
    pytest.param([(12, {"amount": "9000"}), (8, WON)], {}, id="created-and-won-inside"),
    pytest.param([(25, {"amount": "6000"}), (22, WON)], {}, id="closed-before-from"),
    pytest.param([(2, {"amount": "5000"})], {}, id="created-after-to"),
    pytest.param([(25, {"amount": "4000"}), (2, {"amount": "99000"}), (2, WON)],
                 {"start": (1, "4000.00"), "end": (1, "4000.00")}, id="changed-after-to"),
]


@pytest.mark.parametrize(("steps", "expected"), ONE_DEAL)
def test_each_bucket_alone(world, as_user, db, steps, expected):
    history(world, as_user, db, *steps)
    assert buckets(window(world, as_user)) == expected


def test_start_plus_movements_is_end_exactly(world, as_user, db):
    deals = [
        [(25, {"amount": "10000", "expected_close_on": SOON}),
         (10, {"expected_close_on": LATER})],                            # pushed out
        [(25, {"amount": "20000"}), (10, {"amount": "35000"}),
         (2, {"amount": "99999.99"})],                                   # up 15,000
        [(25, {"amount": "40000", "expected_close_on": LATER}),
         (10, {"amount": "30000", "expected_close_on": SOON})],          # down, pulled in
        [(25, {"amount": "50000"}), (15, {"amount": "55000"}), (10, WON)],
        [(10, {"amount": "12000"})],                                     # new
        [(25, {"amount": "7000"}), (22, LOST), (10, {"stage": "proposal"})],
        [(12, {"amount": "9000"}), (8, WON)],                            # in no bucket
        [(2, {"amount": "5000"})],                                       # after `to`
    ]
    for steps in deals:
        history(world, as_user, db, *steps)
    history(world, as_user, db, (25, {"amount": "8000"}), (10, LOST),
            rep_user=world.rep_user_a2)
    history(world, as_user, db, (25, {"amount": "60000"}), rep_user=world.rep_user_b1)
    body = window(world, as_user)
    assert buckets(body) == {
        "start": (5, "128000.00"), "new": (1, "12000.00"), "reopened": (1, "7000.00"),
        "amount_up": (1, "15000.00"), "amount_down": (1, "10000.00"),
        "won": (1, "50000.00"), "lost": (1, "8000.00"), "end": (5, "94000.00"),
        "pulled_in": (1, "30000.00"), "pushed_out": (1, "10000.00")}
    assert body["from"] == str(FROM) and body["to"] == str(TO)
    assert body["client_id"] == str(world.client_a.id) and body["timezone"] == "UTC"


def test_cents_add_up_exactly(world, as_user, db):
    history(world, as_user, db, (25, {"amount": "0.10"}), (10, {"amount": "0.30"}))
    history(world, as_user, db, (25, {"amount": "0.20"}), (10, {"amount": "0.05"}))
    history(world, as_user, db, (10, {"amount": "1234567.89"}))
    assert buckets(window(world, as_user)) == {
        "start": (2, "0.30"), "new": (1, "1234567.89"), "amount_up": (1, "0.20"),
        "amount_down": (1, "0.15"), "end": (3, "1234568.24")}


def test_days_end_in_the_clients_time_zone(world, as_user, db):
    history(world, as_user, db, (20, {"amount": "10000"}))  # noon UTC on FROM
    assert buckets(window(world, as_user))["start"] == (1, "10000.00")
    world.client_a.timezone = "Pacific/Kiritimati"  # UTC+14: already FROM + 1 there
    db.flush()
    body = window(world, as_user)
    assert buckets(body) == {"new": (1, "10000.00"), "end": (1, "10000.00")}
    assert body["timezone"] == "Pacific/Kiritimati"


def test_defaults_to_the_30_days_up_to_today(world, as_user, db):
    history(world, as_user, db, (40, {"amount": "10000"}))
    history(world, as_user, db, (0, {"amount": "2000"}))
    body = waterfall(as_user(world.owner_a), world.client_a)
    assert body["to"] == str(TODAY) and body["from"] == str(TODAY - timedelta(days=30))
    assert buckets(body) == {"start": (1, "10000.00"), "new": (1, "2000.00"),
                             "end": (2, "12000.00")}
    only_to = waterfall(as_user(world.owner_a), world.client_a, to=str(TO))
    assert only_to["from"] == str(TO - timedelta(days=30))
    only_from = waterfall(as_user(world.owner_a), world.client_a, **{"from": str(FROM)})
    assert only_from["to"] == str(TODAY)


def test_the_same_day_at_both_ends_moves_nothing(world, as_user, db):
    history(world, as_user, db, (25, {"amount": "10000"}), (20, {"amount": "11000"}))
    body = window(world, as_user, to=str(FROM))
    assert buckets(body) == {"start": (1, "11000.00"), "end": (1, "11000.00")}


def test_from_after_to_or_a_window_over_366_days_is_422(world, as_user):
    manager = as_user(world.manager_a)
    url = f"/api/v1/clients/{world.client_a.id}/pipeline-changes"
    body = problem(manager.get(url, params={"from": str(TO), "to": str(FROM)}), 422)
    assert body["errors"][0]["field"] == "query.from"
    body = problem(manager.get(url, params={"from": str(TO - timedelta(days=367)),
                                            "to": str(TO)}), 422)
    assert body["errors"][0]["field"] == "query.to"
    assert manager.get(url, params={"from": str(TO - timedelta(days=366)),
                                    "to": str(TO)}).status_code == 200
    problem(manager.get(url, params={"from": "not-a-date"}), 422)
    problem(manager.get(url, params={"to": str(date.max)}), 422)
    problem(manager.get(url, params={"to": str(date.min)}), 422)


def test_who_may_read_the_waterfall(world, as_user):
    url = "/api/v1/clients/{}/pipeline-changes"
    problem(as_user(world.rep_user_a1).get(url.format(world.client_a.id)), 403)
    problem(as_user(world.owner_a).get(url.format(world.client_b.id)), 404)
    problem(as_user(world.manager_a).get(url.format(world.client_b.id)), 404)
    assert as_user(world.owner_a).get(url.format(world.client_a.id)).status_code == 200


def test_a_fixed_number_of_queries_however_many_deals(world, as_user, db):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    def queries() -> int:
        statements.clear()
        connection = db.connection()
        event.listen(connection, "before_cursor_execute", count)
        try:
            window(world, as_user)
        finally:
            event.remove(connection, "before_cursor_execute", count)
        return len([s for s in statements if "deal_changes" in s])

    history(world, as_user, db, (25, {"amount": "1000"}))
    one = queries()
    for amount in range(2, 8):
        history(world, as_user, db, (25, {"amount": str(amount * 1000)}), (10, WON))
    assert queries() == one == 1
