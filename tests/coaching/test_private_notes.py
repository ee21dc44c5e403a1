"""Private notes of a one-on-one belong to the manager who wrote it: never returned to the
owner, the rep or another manager of the client, in any view (detail, lists, action items,
history, the next agenda), and logged in the history without their text."""

import pytest

from tests.support.assertions import problem
from tests.support.coaching_helpers import (
    ITEMS,
    PRIVATE,
    URL,
    day,
    item,
    one_on_one,
    second_manager,
)


def _everything_read_by(caller, world, meeting_id: str) -> list:
    """Every view of the one-on-one and its items this caller may open."""
    return [caller.get(f"{URL}/{meeting_id}"), caller.get(URL),
            caller.get(URL, params={"rep_id": str(world.rep_a1.id)}),
            caller.get(f"{URL}/{meeting_id}/history"), caller.get(ITEMS),
            caller.get(f"/api/v1/reps/{world.rep_a1.id}/next-one-on-one")]


@pytest.mark.parametrize("reader", ["owner_a", "rep_user_a1", "other manager"])
def test_private_notes_are_never_returned_to_anyone_but_their_author(world, as_user, db,
                                                                     reader):
    manager = as_user(world.manager_a)
    created = one_on_one(manager, world.rep_a1, held_on=day(-7), private_notes=PRIVATE,
                         shared_notes="Shared.", action_items=[item("x")])
    assert manager.patch(f"{URL}/{created['id']}",
                         json={"private_notes": PRIVATE + " Still."}).status_code == 200
    user = second_manager(db, world) if reader == "other manager" else getattr(world, reader)
    caller = as_user(user)

    responses = _everything_read_by(caller, world, created["id"])

    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    assert all("burnt out" not in r.text for r in responses)
    detail = responses[0].json()
    assert detail["private_notes"] is None and detail["shared_notes"] == "Shared."
    assert [m["private_notes"] for m in responses[1].json()["items"]] == [None]
    assert "private_notes" not in {h["field"] for h in responses[3].json()["items"]}


def test_the_author_reads_their_private_notes_but_their_history_has_no_text(world, as_user):
    manager = as_user(world.manager_a)
    created = one_on_one(manager, world.rep_a1, private_notes=PRIVATE)
    assert manager.get(URL).json()["items"][0]["private_notes"] == PRIVATE
    history = manager.get(f"{URL}/{created['id']}/history").json()["items"]
    entry = next(h for h in history if h["field"] == "private_notes")
    assert entry["old"] is None and entry["new"] is None
    assert entry["changed_by"] == str(world.manager_a.id)
    assert "burnt out" not in manager.get(f"{URL}/{created['id']}/history").text


def test_another_manager_of_the_client_edits_shared_parts_but_not_private_notes(world, as_user,
                                                                                db):
    created = one_on_one(as_user(world.manager_a), world.rep_a1, private_notes=PRIVATE)
    other = as_user(second_manager(db, world))

    problem(other.patch(f"{URL}/{created['id']}", json={"private_notes": "mine now"}), 403)
    response = other.patch(f"{URL}/{created['id']}", json={"shared_notes": "Added later."})

    assert response.status_code == 200, response.text
    assert response.json()["private_notes"] is None
    author = as_user(world.manager_a).get(f"{URL}/{created['id']}").json()
    assert author["private_notes"] == PRIVATE and author["shared_notes"] == "Added later."


def test_the_reps_own_writes_answer_without_private_notes(world, as_user):
    created = one_on_one(as_user(world.manager_a), world.rep_a1, held_on=day(1),
                         private_notes=PRIVATE, action_items=[item("x")])
    rep = as_user(world.rep_user_a1)

    agenda = rep.post(f"{URL}/{created['id']}/agenda", json={"text": "My point"})
    ticked = rep.patch(f"{ITEMS}/{created['action_items'][0]['id']}", json={"done": True})

    assert agenda.status_code == 201 and ticked.status_code == 200
    assert agenda.json()["private_notes"] is None
    assert "burnt out" not in agenda.text + ticked.text
