"""POST /api/v1/activities/batch: up to 500 rows, all or nothing, errors naming each row."""

from datetime import UTC, datetime, timedelta

from sqlmodel import func, select

from app.models import Activity
from tests.support.assertions import problem

URL = "/api/v1/activities"
BATCH = f"{URL}/batch"


def day(offset: int = 0) -> str:
    """A day relative to today for the world's clients (their time zone is UTC)."""
    return (datetime.now(UTC).date() + timedelta(days=offset)).isoformat()


def count_activities(db) -> int:
    return db.exec(select(func.count()).select_from(Activity)).one()


def row(offset: int = 0, kind: str = "call", quantity: str = "2", **fields) -> dict:
    return {"occurred_on": day(offset), "kind": kind, "quantity": quantity} | fields


def week(**fields) -> list[dict]:
    """Seven days of calls plus prospecting hours: 14 distinct rows."""
    return [row(-d, **fields) for d in range(7)] + [
        row(-d, kind="prospecting", quantity="1.75", **fields) for d in range(7)]


def rows_named(body: dict) -> set[int]:
    return {error["row"] for error in body["errors"]}


def test_rep_logs_a_week_in_one_batch(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    response = rep.post(BATCH, json={"items": week()})
    assert response.status_code == 201, response.text
    created = response.json()
    assert len(created) == 14 and count_activities(db) == 14
    assert {a["rep_id"] for a in created} == {str(world.rep_a1.id)}
    assert rep.get(f"{URL}/{created[0]['id']}").json()["occurred_on"] == day(0)


def test_manager_logs_a_batch_for_several_reps(world, as_user, db):
    items = [row(rep_id=str(world.rep_a1.id)), row(rep_id=str(world.rep_a2.id))]
    response = as_user(world.manager_a).post(BATCH, json={"items": items})
    assert response.status_code == 201, response.text
    assert [a["rep_id"] for a in response.json()] == [str(world.rep_a1.id),
                                                      str(world.rep_a2.id)]


def test_five_hundred_rows_are_accepted(world, as_user, db):
    items = [row(-(n // 4), kind=kind)
             for n, kind in enumerate(["call", "meeting", "proposal", "prospecting"] * 125)]
    response = as_user(world.rep_user_a1).post(BATCH, json={"items": items})
    assert response.status_code == 201, response.text
    assert count_activities(db) == 500


def test_five_hundred_and_one_rows_are_422(world, as_user, db):
    items = [row(-(n // 4), kind=kind)
             for n, kind in enumerate(["call", "meeting", "proposal", "prospecting"] * 126)]
    problem(as_user(world.rep_user_a1).post(BATCH, json={"items": items[:501]}), 422)
    assert count_activities(db) == 0


def test_empty_batch_is_422(world, as_user):
    problem(as_user(world.rep_user_a1).post(BATCH, json={"items": []}), 422)


def test_duplicate_and_future_rows_fail_the_batch_naming_each_row(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    assert rep.post(URL, json=row(-1)).status_code == 201
    items = [row(0), row(-1, quantity="5"), row(2, kind="meeting")]
    body = problem(rep.post(BATCH, json={"items": items}), 422)
    assert rows_named(body) == {1, 2}
    fields = {error["row"]: error["field"] for error in body["errors"]}
    assert fields[1].startswith("body.items.1")
    assert fields[2] == "body.items.2.occurred_on"
    assert count_activities(db) == 1


def test_duplicates_within_the_batch_are_refused(world, as_user, db):
    items = [row(0), row(-1), row(0, quantity="9")]
    body = problem(as_user(world.rep_user_a1).post(BATCH, json={"items": items}), 422)
    assert rows_named(body) == {2}
    assert body["errors"][0]["field"].startswith("body.items.2")
    assert count_activities(db) == 0


def test_every_invalid_row_is_listed(world, as_user, db):
    manager = as_user(world.manager_a)
    items = [row(rep_id=str(world.rep_a1.id)), row(),  # no rep named
             row(rep_id=str(world.rep_b1.id)),  # another company's rep
             row(3, rep_id=str(world.rep_a2.id)), row(rep_id=str(world.rep_a2.id))]
    body = problem(manager.post(BATCH, json={"items": items}), 422)
    assert rows_named(body) == {1, 2, 3}
    assert all(e["field"].startswith(f"body.items.{e['row']}") for e in body["errors"])
    assert count_activities(db) == 0


def test_rep_naming_a_colleague_fails_the_batch(world, as_user, db):
    items = [row(), row(kind="meeting", rep_id=str(world.rep_a2.id))]
    body = problem(as_user(world.rep_user_a1).post(BATCH, json={"items": items}), 422)
    assert rows_named(body) == {1}
    assert count_activities(db) == 0


def test_rep_attaching_a_colleagues_deal_fails_the_batch(world, as_user, db):
    deal = as_user(world.manager_a).post("/api/v1/deals", json={
        "rep_id": str(world.rep_a2.id), "name": "Colleague's deal"}).json()
    items = [row(), row(kind="proposal", quantity="1", deal_id=deal["id"])]
    body = problem(as_user(world.rep_user_a1).post(BATCH, json={"items": items}), 422)
    assert rows_named(body) == {1}
    assert body["errors"][0]["field"] == "body.items.1.deal_id"
    assert count_activities(db) == 0


def test_a_row_failing_its_schema_is_named_by_row_and_field(world, as_user, db):
    items = [row(), row(-1), row(-2), row(-3, quantity="2.5"), row(-4, kind="email")]
    body = problem(as_user(world.rep_user_a1).post(BATCH, json={"items": items}), 422)
    assert [(e["row"], e["field"]) for e in body["errors"]] == [
        (3, "body.items.3"), (4, "body.items.4.kind")]
    assert count_activities(db) == 0


def test_owner_may_not_log_a_batch(world, as_user, db):
    items = [row(rep_id=str(world.rep_a1.id))]
    problem(as_user(world.owner_a).post(BATCH, json={"items": items}), 403)
    assert count_activities(db) == 0


def test_batch_rows_are_listed_like_single_logs(world, as_user):
    rep = as_user(world.rep_user_a1)
    assert rep.post(BATCH, json={"items": week(note="batch")}).status_code == 201
    items = rep.get(URL, params={"limit": 200, "kind": "prospecting"}).json()["items"]
    assert len(items) == 7 and {i["note"] for i in items} == {"batch"}
    assert [i["occurred_on"] for i in items] == [day(-d) for d in range(7)]


def test_a_refused_batch_leaves_earlier_rows_alone(world, as_user, db):
    rep = as_user(world.rep_user_a1)
    first = rep.post(URL, json=row(0)).json()
    problem(rep.post(BATCH, json={"items": [row(-1), row(0)]}), 422)
    assert rep.get(f"{URL}/{first['id']}").json()["version"] == 1
    assert count_activities(db) == 1
