"""/api/v1/one-on-ones: recording, reading, validation, If-Match, archive, lists and history.
Private notes: test_private_notes.py; rep permissions and action items:
test_one_on_one_reps.py; KPI snapshots and the next agenda: test_one_on_one_kpis.py; every
role x endpoint: test_coaching_tenancy.py."""

import pytest

from tests.support.assertions import problem, walk_pages
from tests.support.coaching_helpers import ITEMS, PRIVATE, URL, counts, day, deal, item, one_on_one


def full_body(world, deal_id: str) -> dict:
    return {"rep_id": str(world.rep_a1.id), "held_on": day(0),
            "agenda": ["Northwind next steps", "  Prospecting hours  "],
            "shared_notes": "Tighten next steps on every deal.", "private_notes": PRIVATE,
            "focus": ["pipeline_review", "motivation"], "deal_ids": [deal_id],
            "action_items": [item("Send the ROI sheet", "rep", 3),
                             item("Ask the owner about pricing", "manager", -1)]}


# --- recording ------------------------------------------------------------------------------

def test_a_manager_records_a_one_on_one_with_everything_it_holds(world, as_user):
    manager = as_user(world.manager_a)
    reviewed = deal(as_user(world.rep_user_a1))

    response = manager.post(URL, json=full_body(world, reviewed["id"]))

    assert response.status_code == 201, response.text
    assert response.headers["ETag"]
    got = manager.get(f"{URL}/{response.json()['id']}").json()
    assert got == response.json()
    assert got["rep_id"] == str(world.rep_a1.id) and got["client_id"] == str(world.client_a.id)
    assert got["manager_id"] == str(world.manager_a.id) and got["held_on"] == day(0)
    assert [a["text"] for a in got["agenda"]] == ["Northwind next steps", "Prospecting hours"]
    assert {a["added_by"] for a in got["agenda"]} == {str(world.manager_a.id)}
    assert got["shared_notes"] == "Tighten next steps on every deal."
    assert got["private_notes"] == PRIVATE
    assert got["focus"] == ["pipeline_review", "motivation"]
    assert got["deal_ids"] == [reviewed["id"]]
    assert got["version"] == 1 and got["archived_at"] is None
    items = got["action_items"]
    assert [(i["title"], i["assignee"], i["due_on"], i["done"], i["overdue"]) for i in items] == [
        ("Send the ROI sheet", "rep", day(3), False, False),
        ("Ask the owner about pricing", "manager", day(-1), False, True)]
    assert all(i["rep_id"] == str(world.rep_a1.id) and i["one_on_one_id"] == got["id"]
               for i in items)
    assert got["kpi_snapshot"]["as_of"] == day(0)
    assert got["change_since_previous"] is None


def test_a_minimal_one_on_one_needs_only_the_rep_and_the_day(world, as_user):
    got = one_on_one(as_user(world.manager_a), world.rep_a2)
    assert got["agenda"] == [] and got["action_items"] == [] and got["focus"] == []
    assert got["shared_notes"] == "" and got["private_notes"] == "" and got["deal_ids"] == []


@pytest.mark.parametrize("role", ["owner_a", "rep_user_a1"])
def test_owners_and_reps_may_not_record_one_on_ones(world, as_user, db, role):
    before = counts(db)
    problem(as_user(getattr(world, role)).post(URL, json={
        "rep_id": str(world.rep_a1.id), "held_on": day(0)}), 403)
    assert counts(db) == before


def test_a_rep_of_another_company_is_not_found_and_nothing_is_written(world, as_user, db):
    before = counts(db)
    problem(as_user(world.manager_a).post(URL, json={
        "rep_id": str(world.rep_b1.id), "held_on": day(0),
        "action_items": [item("x")]}), 404)
    assert counts(db) == before


def test_an_archived_rep_takes_no_new_one_on_ones(world, as_user, db):
    manager = as_user(world.manager_a)
    assert manager.post(f"/api/v1/reps/{world.rep_a2.id}/archive").status_code == 200
    before = counts(db)
    problem(manager.post(URL, json={"rep_id": str(world.rep_a2.id), "held_on": day(0)}), 422)
    assert counts(db) == before


# --- validation: clear 422s, nothing half-written -------------------------------------------

INVALID = {
    "unknown focus tag": {"focus": ["golf"]},
    "focus tag twice": {"focus": ["skills", "skills"]},
    "due_on not a date": {"action_items": [{"title": "x", "due_on": "next Friday"}]},
    "due_on impossible": {"action_items": [{"title": "x", "due_on": "2026-02-30"}]},
    "blank title": {"action_items": [{"title": "   "}]},
    "no title": {"action_items": [{"assignee": "rep"}]},
    "unknown assignee": {"action_items": [{"title": "x", "assignee": "owner"}]},
    "title too long": {"action_items": [{"title": "x" * 301}]},
    "too many action items": {"action_items": [{"title": f"t{n}"} for n in range(31)]},
    "shared notes too long": {"shared_notes": "x" * 10_001},
    "private notes too long": {"private_notes": "x" * 10_001},
    "blank agenda item": {"agenda": ["ok", ""]},
    "agenda item too long": {"agenda": ["x" * 501]},
    "too many agenda items": {"agenda": [f"a{n}" for n in range(31)]},
    "held_on not a date": {"held_on": "yesterday"},
    "held_on absurd": {"held_on": "1850-01-01"},
    "deal id not a uuid": {"deal_ids": ["nope"]},
    "unknown field": {"mood": "good"},
    "nul character": {"shared_notes": "a\x00b"},
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_one_on_ones_are_422_naming_the_field_and_write_nothing(world, as_user, db,
                                                                        case):
    before = counts(db)
    body = {"rep_id": str(world.rep_a1.id), "held_on": day(0),
            "action_items": [item("valid one")]} | INVALID[case]
    found = problem(as_user(world.manager_a).post(URL, json=body), 422)
    assert found["errors"]
    assert counts(db) == before


def test_deals_reviewed_must_be_that_reps_deals(world, as_user, db):
    manager = as_user(world.manager_a)
    own = deal(as_user(world.rep_user_a1))
    peers = deal(as_user(world.rep_user_a2))
    other_company = deal(as_user(world.rep_user_b1))
    before = counts(db)
    for stray in (peers, other_company):
        body = {"rep_id": str(world.rep_a1.id), "held_on": day(0),
                "deal_ids": [own["id"], stray["id"]], "action_items": [item("x")]}
        found = problem(manager.post(URL, json=body), 422)
        assert found["errors"][0]["field"] == "body.deal_ids"
        assert stray["id"] in found["detail"] and own["id"] not in found["detail"]
    assert counts(db) == before


# --- updating --------------------------------------------------------------------------------

def test_an_update_changes_fields_bumps_the_version_and_keeps_who_added_agenda_items(
        world, as_user):
    manager = as_user(world.manager_a)
    created = one_on_one(manager, world.rep_a1, held_on=day(1), agenda=["Pricing"])
    rep_item = as_user(world.rep_user_a1).post(f"{URL}/{created['id']}/agenda",
                                               json={"text": "My question"})
    assert rep_item.status_code == 201, rep_item.text
    reviewed = deal(as_user(world.rep_user_a1))

    response = manager.patch(f"{URL}/{created['id']}", json={
        "agenda": ["My question", "Territory"], "focus": ["skills"],
        "deal_ids": [reviewed["id"]], "shared_notes": "Done."})

    assert response.status_code == 200, response.text
    got = response.json()
    assert [(a["text"], a["added_by"]) for a in got["agenda"]] == [
        ("My question", str(world.rep_user_a1.id)), ("Territory", str(world.manager_a.id))]
    assert got["focus"] == ["skills"] and got["deal_ids"] == [reviewed["id"]]
    assert got["version"] == created["version"] + 2  # the rep's agenda item, then this


def test_a_stale_if_match_is_412_and_a_current_one_passes(world, as_user):
    manager = as_user(world.manager_a)
    created = one_on_one(manager, world.rep_a1)
    etag = manager.get(f"{URL}/{created['id']}").headers["ETag"]
    assert manager.patch(f"{URL}/{created['id']}", json={"shared_notes": "1"},
                         headers={"If-Match": etag}).status_code == 200
    problem(manager.patch(f"{URL}/{created['id']}", json={"shared_notes": "2"},
                          headers={"If-Match": etag}), 412)
    assert manager.get(f"{URL}/{created['id']}").json()["shared_notes"] == "1"


@pytest.mark.parametrize("body", [{"held_on": None}, {"focus": ["golf"]}, {"rep_id": "x"},
                                  {"agenda": None}, {"shared_notes": "x" * 10_001}])
def test_invalid_updates_are_422_and_change_nothing(world, as_user, body):
    manager = as_user(world.manager_a)
    created = one_on_one(manager, world.rep_a1)
    problem(manager.patch(f"{URL}/{created['id']}", json=body), 422)
    assert manager.get(f"{URL}/{created['id']}").json() == created


def test_an_update_naming_another_reps_deal_is_422_and_changes_nothing(world, as_user):
    manager = as_user(world.manager_a)
    created = one_on_one(manager, world.rep_a1)
    peers = deal(as_user(world.rep_user_a2))
    problem(manager.patch(f"{URL}/{created['id']}", json={"deal_ids": [peers["id"]],
                                                          "shared_notes": "x"}), 422)
    assert manager.get(f"{URL}/{created['id']}").json() == created


# --- archive, lists, history -----------------------------------------------------------------

def test_archived_one_on_ones_leave_the_list_refuse_changes_and_come_back(world, as_user):
    manager = as_user(world.manager_a)
    created = one_on_one(manager, world.rep_a1, action_items=[item("x")])

    archived = manager.post(f"{URL}/{created['id']}/archive")

    assert archived.status_code == 200 and archived.json()["archived_at"]
    assert manager.get(URL).json()["items"] == []
    assert [m["id"] for m in manager.get(URL, params={"archived": True}).json()["items"]] == [
        created["id"]]
    assert manager.get(ITEMS).json()["items"] == []
    problem(manager.patch(f"{URL}/{created['id']}", json={"shared_notes": "x"}), 409)
    problem(manager.patch(f"{ITEMS}/{created['action_items'][0]['id']}",
                          json={"done": True}), 409)
    restored = manager.post(f"{URL}/{created['id']}/unarchive")
    assert restored.status_code == 200 and restored.json()["archived_at"] is None
    assert [m["id"] for m in manager.get(URL).json()["items"]] == [created["id"]]


def test_lists_filter_by_rep_client_and_days_latest_meeting_first(world, as_user):
    manager = as_user(world.manager_a)
    old = one_on_one(manager, world.rep_a1, held_on=day(-14))
    mid = one_on_one(manager, world.rep_a2, held_on=day(-7))
    new = one_on_one(manager, world.rep_a1, held_on=day(0))

    def ids(**params):
        response = manager.get(URL, params=params)
        assert response.status_code == 200, response.text
        return [m["id"] for m in response.json()["items"]]

    assert ids() == [new["id"], mid["id"], old["id"]]
    assert ids(rep_id=str(world.rep_a1.id)) == [new["id"], old["id"]]
    assert ids(client_id=str(world.client_a.id)) == [new["id"], mid["id"], old["id"]]
    assert ids(client_id=str(world.client_b.id)) == []
    assert ids(held_from=day(-10), held_to=day(-1)) == [mid["id"]]
    assert ids(held_from=day(-7)) == [new["id"], mid["id"]]


def test_pages_walk_every_one_on_one_once_in_order(world, as_user):
    manager = as_user(world.manager_a)
    made = [one_on_one(manager, world.rep_a1, held_on=day(-n % 3 - 1))["id"] for n in range(5)]
    seen = walk_pages(manager, URL, limit=2)
    assert sorted(seen) == sorted(made) and len(seen) == 5
    held = [manager.get(f"{URL}/{i}").json()["held_on"] for i in seen]
    assert held == sorted(held, reverse=True)
    problem(manager.get(URL, params={"cursor": "garbage"}), 422)


def test_history_says_who_changed_what_and_when(world, as_user):
    manager, rep = as_user(world.manager_a), as_user(world.rep_user_a1)
    created = one_on_one(manager, world.rep_a1, held_on=day(1), shared_notes="First.",
                         action_items=[item("Call Globex", "rep", 2)])
    manager.patch(f"{URL}/{created['id']}", json={"shared_notes": "Second."})
    rep.post(f"{URL}/{created['id']}/agenda", json={"text": "Commission question"})
    rep.patch(f"{ITEMS}/{created['action_items'][0]['id']}", json={"done": True})

    history = manager.get(f"{URL}/{created['id']}/history").json()["items"]

    entries = {(h["subject"], h["field"], h["old"], h["new"], h["changed_by"])
               for h in history}
    m, r = str(world.manager_a.id), str(world.rep_user_a1.id)
    assert ("one_on_one", "shared_notes", None, "First.", m) in entries
    assert ("one_on_one", "shared_notes", "First.", "Second.", m) in entries
    assert ("one_on_one", "agenda", "[]", '["Commission question"]', r) in entries
    assert ("action_item", "title", None, "Call Globex", m) in entries
    assert ("action_item", "done", "false", "true", r) in entries
    assert history[0]["field"] == "done"  # newest first
    assert history == as_user(world.rep_user_a1).get(
        f"{URL}/{created['id']}/history").json()["items"]
