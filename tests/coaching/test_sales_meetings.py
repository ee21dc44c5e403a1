"""/api/v1/sales-meetings and the owner's attendance over three months: recording, who reads
what, validation, archive, history, lists."""

import pytest

from tests.support.assertions import problem, walk_pages
from tests.support.coaching_helpers import MEETINGS, counts, day, sales_meeting


def attendance(caller, client, **params):
    return caller.get(f"/api/v1/clients/{client.id}/sales-meetings/attendance", params=params)


def test_a_manager_records_a_meeting_with_its_attendees_and_decisions(world, as_user):
    manager = as_user(world.manager_a)
    response = manager.post(MEETINGS, json={
        "client_id": str(world.client_a.id), "held_on": day(-1),
        "rep_ids": [str(world.rep_a1.id), str(world.rep_a2.id)], "owner_attended": True,
        "notes": "Pipeline review.", "decisions": ["  Follow up every proposal in 48h  ",
                                                   "Commit means a PO this month"]})

    assert response.status_code == 201, response.text
    assert response.headers["ETag"]
    got = manager.get(f"{MEETINGS}/{response.json()['id']}").json()
    assert got == response.json()
    assert got["client_id"] == str(world.client_a.id) and got["held_on"] == day(-1)
    assert got["rep_ids"] == [str(world.rep_a1.id), str(world.rep_a2.id)]
    assert got["owner_attended"] is True and got["notes"] == "Pipeline review."
    assert got["decisions"] == ["Follow up every proposal in 48h", "Commit means a PO this month"]
    assert got["created_by"] == str(world.manager_a.id) and got["version"] == 1


def test_owners_and_the_clients_reps_read_meetings_they_did_not_attend(world, as_user):
    created = sales_meeting(as_user(world.manager_a), world.client_a,
                            rep_ids=[str(world.rep_a1.id)])
    for who in ("owner_a", "rep_user_a1", "rep_user_a2"):
        caller = as_user(getattr(world, who))
        assert caller.get(f"{MEETINGS}/{created['id']}").status_code == 200
        assert [m["id"] for m in caller.get(MEETINGS).json()["items"]] == [created["id"]]
    for who in ("owner_b", "rep_user_b1", "manager_b"):
        caller = as_user(getattr(world, who))
        problem(caller.get(f"{MEETINGS}/{created['id']}"), 404)
        assert caller.get(MEETINGS).json()["items"] == []


@pytest.mark.parametrize(("who", "company", "expected"), [
    ("owner_a", "client_a", 403), ("rep_user_a1", "client_a", 403),
    ("manager_a", "client_b", 404),
    # a role that may create no meeting at all is refused before any lookup
    ("owner_a", "client_b", 403)])
def test_only_the_clients_managers_record_meetings(world, as_user, db, who, company, expected):
    before = counts(db)
    problem(as_user(getattr(world, who)).post(MEETINGS, json={
        "client_id": str(getattr(world, company).id), "held_on": day(0)}), expected)
    assert counts(db) == before


INVALID = {
    "rep of another company": lambda w: {"rep_ids": [str(w.rep_a1.id), str(w.rep_b1.id)]},
    "rep twice": lambda w: {"rep_ids": [str(w.rep_a1.id)] * 2},
    "rep id not a uuid": lambda w: {"rep_ids": ["rep1"]},
    "blank decision": lambda w: {"decisions": ["ok", "  "]},
    "decision too long": lambda w: {"decisions": ["x" * 501]},
    "too many decisions": lambda w: {"decisions": [f"d{n}" for n in range(51)]},
    "notes too long": lambda w: {"notes": "x" * 10_001},
    "held_on not a date": lambda w: {"held_on": "2026-13-01"},
    "owner_attended not a bool": lambda w: {"owner_attended": "maybe"},
    "unknown field": lambda w: {"owner_ids": []},
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_meetings_are_422_and_write_nothing(world, as_user, db, case):
    before = counts(db)
    body = {"client_id": str(world.client_a.id), "held_on": day(0)} | INVALID[case](world)
    found = problem(as_user(world.manager_a).post(MEETINGS, json=body), 422)
    assert found["errors"]
    assert counts(db) == before


def test_a_reps_id_of_another_company_is_named_in_the_error(world, as_user):
    found = problem(as_user(world.manager_a).post(MEETINGS, json={
        "client_id": str(world.client_a.id), "held_on": day(0),
        "rep_ids": [str(world.rep_a1.id), str(world.rep_b1.id)]}), 422)
    assert found["errors"][0]["field"] == "body.rep_ids"
    assert str(world.rep_b1.id) in found["detail"] and str(world.rep_a1.id) not in found["detail"]


def test_updates_need_a_current_if_match_and_are_kept_in_the_history(world, as_user):
    manager = as_user(world.manager_a)
    created = sales_meeting(manager, world.client_a, notes="First.")
    etag = manager.get(f"{MEETINGS}/{created['id']}").headers["ETag"]

    changed = manager.patch(f"{MEETINGS}/{created['id']}", headers={"If-Match": etag}, json={
        "owner_attended": True, "rep_ids": [str(world.rep_a2.id)], "decisions": ["X"]})

    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == 2 and changed.json()["owner_attended"] is True
    problem(manager.patch(f"{MEETINGS}/{created['id']}", headers={"If-Match": etag},
                          json={"notes": "Lost update"}), 412)
    problem(manager.patch(f"{MEETINGS}/{created['id']}",
                          json={"rep_ids": [str(world.rep_b1.id)]}), 422)
    history = as_user(world.owner_a).get(f"{MEETINGS}/{created['id']}/history").json()["items"]
    entries = {(h["field"], h["old"], h["new"]) for h in history}
    assert ("owner_attended", "false", "true") in entries
    assert ("rep_ids", "[]", f'["{world.rep_a2.id}"]') in entries
    assert ("notes", None, "First.") in entries
    assert all(h["subject"] == "sales_meeting" and h["changed_by"] == str(world.manager_a.id)
               for h in history)


def test_owners_and_reps_may_not_change_meetings_and_reps_see_no_history(world, as_user, db):
    created = sales_meeting(as_user(world.manager_a), world.client_a)
    before = counts(db)
    for who in ("owner_a", "rep_user_a1"):
        caller = as_user(getattr(world, who))
        problem(caller.patch(f"{MEETINGS}/{created['id']}", json={"notes": "x"}), 403)
        problem(caller.post(f"{MEETINGS}/{created['id']}/archive"), 403)
    problem(as_user(world.rep_user_a1).get(f"{MEETINGS}/{created['id']}/history"), 403)
    assert counts(db) == before


def test_archived_meetings_leave_lists_refuse_changes_and_come_back(world, as_user):
    manager = as_user(world.manager_a)
    created = sales_meeting(manager, world.client_a)
    assert manager.post(f"{MEETINGS}/{created['id']}/archive").json()["archived_at"]
    assert manager.get(MEETINGS).json()["items"] == []
    problem(manager.patch(f"{MEETINGS}/{created['id']}", json={"notes": "x"}), 409)
    assert manager.post(f"{MEETINGS}/{created['id']}/unarchive").json()["archived_at"] is None
    assert [m["id"] for m in manager.get(MEETINGS).json()["items"]] == [created["id"]]


def test_lists_filter_by_client_and_days_and_page_latest_first(world, as_user):
    manager = as_user(world.manager_a)
    made = [sales_meeting(manager, world.client_a, held_on=day(-7 * n))["id"] for n in range(5)]
    assert walk_pages(manager, MEETINGS, limit=2) == made
    in_range = manager.get(MEETINGS, params={"held_from": day(-14), "held_to": day(-7)})
    assert [m["id"] for m in in_range.json()["items"]] == made[1:3]
    assert manager.get(MEETINGS, params={"client_id": str(world.client_b.id)}).json()[
        "items"] == []


# --- the owner's attendance over three months ------------------------------------------------

def test_owner_attendance_counts_three_months_up_to_as_of(world, as_user):
    manager = as_user(world.manager_a)
    for held, attended in (("2026-02-27", True),   # a day before the window: out
                           ("2026-02-28", True),   # 3 months before May 31 (Feb is short): in
                           ("2026-03-15", False), ("2026-04-20", True), ("2026-05-05", False),
                           ("2026-05-31", False),  # as_of itself: in
                           ("2026-06-01", True)):  # after as_of: out
        sales_meeting(manager, world.client_a, held_on=held, owner_attended=attended)
    archived = sales_meeting(manager, world.client_a, held_on="2026-04-01", owner_attended=True)
    manager.post(f"{MEETINGS}/{archived['id']}/archive")
    sales_meeting(as_user(world.manager_b), world.client_b, held_on="2026-04-01",
                  owner_attended=True)

    response = attendance(as_user(world.owner_a), world.client_a, as_of="2026-05-31")

    assert response.status_code == 200, response.text
    assert response.json() == {"client_id": str(world.client_a.id),
                               "window_start": "2026-02-28", "window_end": "2026-05-31",
                               "meetings_held": 5, "owner_attended": 2, "rate": 0.4}


def test_owner_attendance_defaults_to_today_and_has_no_rate_without_meetings(world, as_user):
    manager = as_user(world.manager_a)
    got = attendance(manager, world.client_a).json()
    assert got["window_end"] == day(0) and got["meetings_held"] == 0 and got["rate"] is None
    sales_meeting(manager, world.client_a, held_on=day(-1), owner_attended=True)
    sales_meeting(manager, world.client_a, held_on=day(-8))
    sales_meeting(manager, world.client_a, held_on=day(-15))
    got = attendance(manager, world.client_a).json()
    assert (got["meetings_held"], got["owner_attended"], got["rate"]) == (3, 1, 0.3333)


@pytest.mark.parametrize(("who", "expected"), [
    ("rep_user_a1", 403), ("manager_b", 404), ("owner_b", 404), ("rep_user_b1", 404)])
def test_attendance_is_a_client_figure_for_its_managers_and_owner(world, as_user, who,
                                                                  expected):
    problem(attendance(as_user(getattr(world, who)), world.client_a), expected)


def test_attendance_refuses_an_impossible_day(world, as_user):
    problem(attendance(as_user(world.manager_a), world.client_a, as_of="2026-02-30"), 422)
