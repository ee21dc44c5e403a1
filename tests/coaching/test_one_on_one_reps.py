"""What a rep does with their one-on-ones: reads their own (never another rep's), adds agenda
items until the meeting day, ticks off their own action items; and /api/v1/action-items
across meetings, overdue first."""

import pytest

from tests.support.assertions import problem, walk_pages
from tests.support.coaching_helpers import ITEMS, URL, counts, day, item, one_on_one

# --- reading ---------------------------------------------------------------------------------

def test_a_rep_reads_only_their_own_one_on_ones(world, as_user):
    manager = as_user(world.manager_a)
    own = one_on_one(manager, world.rep_a1, action_items=[item("mine")])
    peers = one_on_one(manager, world.rep_a2, action_items=[item("theirs")])
    other = one_on_one(as_user(world.manager_b), world.rep_b1)
    rep = as_user(world.rep_user_a1)

    assert [m["id"] for m in rep.get(URL).json()["items"]] == [own["id"]]
    assert rep.get(URL, params={"rep_id": str(world.rep_a2.id)}).json()["items"] == []
    assert rep.get(f"{URL}/{own['id']}").status_code == 200
    problem(rep.get(f"{URL}/{peers['id']}"), 404)
    problem(rep.get(f"{URL}/{other['id']}"), 404)
    problem(rep.get(f"{URL}/{peers['id']}/history"), 404)
    assert [i["title"] for i in rep.get(ITEMS).json()["items"]] == ["mine"]
    problem(rep.get(f"{ITEMS}/{peers['action_items'][0]['id']}"), 404)


def test_an_owner_reads_their_companys_one_on_ones_only(world, as_user):
    manager = as_user(world.manager_a)
    first = one_on_one(manager, world.rep_a1, held_on=day(-1))
    second = one_on_one(manager, world.rep_a2)
    other = one_on_one(as_user(world.manager_b), world.rep_b1)
    owner = as_user(world.owner_a)

    assert [m["id"] for m in owner.get(URL).json()["items"]] == [second["id"], first["id"]]
    problem(owner.get(f"{URL}/{other['id']}"), 404)
    assert as_user(world.manager_b).get(URL).json()["items"][0]["id"] == other["id"]
    problem(as_user(world.manager_b).get(f"{URL}/{first['id']}"), 404)


# --- agenda items ----------------------------------------------------------------------------

@pytest.mark.parametrize("held", [0, 1, 7])
def test_a_rep_adds_agenda_items_until_the_meeting_day(world, as_user, held):
    created = one_on_one(as_user(world.manager_a), world.rep_a1, held_on=day(held),
                         agenda=["Pipeline"])

    response = as_user(world.rep_user_a1).post(f"{URL}/{created['id']}/agenda",
                                               json={"text": " Help with Globex pricing "})

    assert response.status_code == 201, response.text
    agenda = response.json()["agenda"]
    assert [(a["text"], a["added_by"]) for a in agenda] == [
        ("Pipeline", str(world.manager_a.id)),
        ("Help with Globex pricing", str(world.rep_user_a1.id))]
    assert response.json()["version"] == created["version"] + 1


def test_a_rep_may_not_add_agenda_items_after_the_meeting(world, as_user, db):
    created = one_on_one(as_user(world.manager_a), world.rep_a1, held_on=day(-1))
    before = counts(db)
    problem(as_user(world.rep_user_a1).post(f"{URL}/{created['id']}/agenda",
                                            json={"text": "Too late"}), 403)
    assert counts(db) == before
    late = as_user(world.manager_a).post(f"{URL}/{created['id']}/agenda",
                                         json={"text": "Follow-up"})
    assert late.status_code == 201, late.text


@pytest.mark.parametrize(("who", "whose", "expected"), [
    ("rep_user_a1", "rep_a2", 404), ("rep_user_a1", "rep_b1", 404),
    ("owner_a", "rep_a1", 403), ("owner_a", "rep_b1", 404), ("manager_b", "rep_a1", 404)])
def test_agenda_items_of_others_are_refused(world, as_user, db, who, whose, expected):
    boss = world.manager_b if whose == "rep_b1" else world.manager_a
    created = one_on_one(as_user(boss), getattr(world, whose), held_on=day(2))
    before = counts(db)
    problem(as_user(getattr(world, who)).post(f"{URL}/{created['id']}/agenda",
                                              json={"text": "x"}), expected)
    assert counts(db) == before


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "   "}, {"text": "x" * 501}, {},
                                  {"text": "ok", "by": "me"}])
def test_invalid_agenda_items_are_422(world, as_user, body):
    created = one_on_one(as_user(world.manager_a), world.rep_a1, held_on=day(2))
    problem(as_user(world.rep_user_a1).post(f"{URL}/{created['id']}/agenda", json=body), 422)


def test_the_agenda_holds_at_most_30_items(world, as_user):
    created = one_on_one(as_user(world.manager_a), world.rep_a1, held_on=day(2),
                         agenda=[f"a{n}" for n in range(30)])
    problem(as_user(world.rep_user_a1).post(f"{URL}/{created['id']}/agenda",
                                            json={"text": "one more"}), 422)


def test_a_rep_may_change_nothing_else_of_a_one_on_one(world, as_user, db):
    created = one_on_one(as_user(world.manager_a), world.rep_a1, held_on=day(2))
    rep = as_user(world.rep_user_a1)
    before = counts(db)
    for body in ({"shared_notes": "mine"}, {"agenda": ["x"]}, {}):
        problem(rep.patch(f"{URL}/{created['id']}", json=body), 403)
    problem(rep.post(f"{URL}/{created['id']}/action-items", json=item("x")), 403)
    problem(rep.post(f"{URL}/{created['id']}/archive"), 403)
    assert counts(db) == before


# --- ticking off action items ----------------------------------------------------------------

def test_a_rep_ticks_off_their_own_item_and_may_untick_it(world, as_user):
    created = one_on_one(as_user(world.manager_a), world.rep_a1,
                         action_items=[item("Call Globex", "rep", -2)])
    item_id = created["action_items"][0]["id"]
    rep = as_user(world.rep_user_a1)

    done = rep.patch(f"{ITEMS}/{item_id}", json={"done": True})

    assert done.status_code == 200, done.text
    got = done.json()
    assert got["done"] is True and got["overdue"] is False and got["done_at"]
    assert got["done_by"] == str(world.rep_user_a1.id) and got["version"] == 2
    assert rep.get(ITEMS).json()["items"] == []
    assert [i["id"] for i in rep.get(ITEMS, params={"done": True}).json()["items"]] == [item_id]
    undone = rep.patch(f"{ITEMS}/{item_id}", json={"done": False}).json()
    assert undone["done"] is False and undone["done_at"] is None and undone["overdue"] is True


def test_a_rep_may_not_tick_the_managers_items_nor_edit_their_own(world, as_user, db):
    created = one_on_one(as_user(world.manager_a), world.rep_a1, action_items=[
        item("Rep's", "rep", 3), item("Manager's", "manager", 3)])
    mine, managers = (i["id"] for i in created["action_items"])
    rep = as_user(world.rep_user_a1)
    before = counts(db)
    problem(rep.patch(f"{ITEMS}/{managers}", json={"done": True}), 403)
    problem(rep.patch(f"{ITEMS}/{mine}", json={"title": "Something easier"}), 403)
    problem(rep.patch(f"{ITEMS}/{mine}", json={"done": True, "due_on": day(30)}), 403)
    assert counts(db) == before
    assert as_user(world.manager_a).patch(f"{ITEMS}/{managers}",
                                          json={"done": True}).status_code == 200


@pytest.mark.parametrize(("who", "whose", "expected"), [
    ("rep_user_a1", "rep_a2", 404), ("rep_user_a1", "rep_b1", 404), ("owner_a", "rep_a1", 403),
    ("owner_a", "rep_b1", 404), ("manager_b", "rep_a1", 404)])
def test_ticking_others_items_is_refused(world, as_user, db, who, whose, expected):
    boss = world.manager_b if whose == "rep_b1" else world.manager_a
    created = one_on_one(as_user(boss), getattr(world, whose), action_items=[item("x")])
    before = counts(db)
    problem(as_user(getattr(world, who)).patch(
        f"{ITEMS}/{created['action_items'][0]['id']}", json={"done": True}), expected)
    assert counts(db) == before


def test_a_manager_edits_items_and_adds_new_ones(world, as_user):
    manager = as_user(world.manager_a)
    created = one_on_one(manager, world.rep_a1, action_items=[item("Draft", "rep", 1)])
    item_id = created["action_items"][0]["id"]
    etag = manager.get(f"{ITEMS}/{item_id}").headers["ETag"]

    edited = manager.patch(f"{ITEMS}/{item_id}", headers={"If-Match": etag}, json={
        "title": "Final", "assignee": "manager", "due_on": None})
    added = manager.post(f"{URL}/{created['id']}/action-items", json=item("New", "rep", 4))

    assert edited.status_code == 200, edited.text
    assert (edited.json()["title"], edited.json()["assignee"], edited.json()["due_on"]) == (
        "Final", "manager", None)
    problem(manager.patch(f"{ITEMS}/{item_id}", headers={"If-Match": etag},
                          json={"done": True}), 412)
    assert added.status_code == 201, added.text
    titles = [i["title"] for i in manager.get(f"{URL}/{created['id']}").json()["action_items"]]
    assert titles == ["Final", "New"]


@pytest.mark.parametrize("body", [{"title": ""}, {"title": None}, {"done": None},
                                  {"due_on": "31/12/2026"}, {"assignee": "owner"},
                                  {"one_on_one_id": "x"}])
def test_invalid_item_changes_are_422(world, as_user, body):
    manager = as_user(world.manager_a)
    created = one_on_one(manager, world.rep_a1, action_items=[item("x")])
    item_id = created["action_items"][0]["id"]
    problem(manager.patch(f"{ITEMS}/{item_id}", json=body), 422)
    assert manager.get(f"{ITEMS}/{item_id}").json() == created["action_items"][0]


def test_a_one_on_one_holds_at_most_50_action_items(world, as_user, db):
    manager = as_user(world.manager_a)
    created = one_on_one(manager, world.rep_a1,
                         action_items=[item(f"t{n}") for n in range(30)])
    for n in range(20):
        assert manager.post(f"{URL}/{created['id']}/action-items",
                            json=item(f"u{n}")).status_code == 201
    before = counts(db)
    problem(manager.post(f"{URL}/{created['id']}/action-items", json=item("one more")), 422)
    assert counts(db) == before


# --- /action-items across meetings -----------------------------------------------------------

def _spread(world, as_user) -> dict[str, str]:
    """Items over two meetings of rep_a1 and one of rep_a2; title -> id."""
    manager = as_user(world.manager_a)
    first = one_on_one(manager, world.rep_a1, held_on=day(-14), action_items=[
        item("due in 5", "rep", 5), item("3 days late", "manager", -3), item("no date")])
    second = one_on_one(manager, world.rep_a1, held_on=day(-7), action_items=[
        item("due tomorrow", "rep", 1), item("1 day late", "rep", -1), item("done", "rep", -5)])
    third = one_on_one(manager, world.rep_a2, action_items=[item("peer, 2 days late", "rep", -2)])
    ids = {i["title"]: i["id"] for m in (first, second, third) for i in m["action_items"]}
    assert manager.patch(f"{ITEMS}/{ids['done']}", json={"done": True}).status_code == 200
    return ids


def _titles(caller, **params) -> list[tuple[str, bool]]:
    response = caller.get(ITEMS, params=params)
    assert response.status_code == 200, response.text
    return [(i["title"], i["overdue"]) for i in response.json()["items"]]


def test_open_items_come_overdue_first_then_by_due_day(world, as_user):
    _spread(world, as_user)
    expected = [("3 days late", True), ("peer, 2 days late", True), ("1 day late", True),
                ("due tomorrow", False), ("due in 5", False), ("no date", False)]
    assert _titles(as_user(world.manager_a)) == expected
    assert _titles(as_user(world.owner_a)) == expected
    assert _titles(as_user(world.rep_user_a1)) == [e for e in expected if "peer" not in e[0]]
    assert _titles(as_user(world.manager_b)) == []


def test_item_lists_filter_by_rep_client_assignee_meeting_and_done(world, as_user):
    ids = _spread(world, as_user)
    manager = as_user(world.manager_a)
    assert _titles(manager, rep_id=str(world.rep_a2.id)) == [("peer, 2 days late", True)]
    assert _titles(manager, assignee="manager") == [("3 days late", True)]
    assert _titles(manager, done=True) == [("done", False)]
    assert len(_titles(manager, client_id=str(world.client_a.id))) == 6
    assert _titles(manager, client_id=str(world.client_b.id)) == []
    meeting = manager.get(f"{ITEMS}/{ids['1 day late']}").json()["one_on_one_id"]
    assert _titles(manager, one_on_one_id=meeting) == [("1 day late", True),
                                                       ("due tomorrow", False)]
    assert _titles(manager, assignee="owner") == []  # the owner's come from owner meetings
    problem(manager.get(ITEMS, params={"assignee": "boss"}), 422)


def test_item_pages_keep_the_overdue_first_order(world, as_user):
    ids = _spread(world, as_user)
    seen = walk_pages(as_user(world.manager_a), ITEMS, limit=4)
    order = ["3 days late", "peer, 2 days late", "1 day late", "due tomorrow", "due in 5",
             "no date"]
    assert seen == [ids[title] for title in order]
