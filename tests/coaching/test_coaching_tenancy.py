"""One-on-ones, action items and sales meetings: role x endpoint x target, every expected
status stated explicitly.

The caller is always of company A: manager_a, owner_a, or rep_a1 (through rep_user_a1).
Targets:
  own    rep_a1's one-on-one (held today, with an action item assigned to the rep), rep_a1
         for the next agenda, a sales meeting of A that rep_a1 attended, client A
  peer   the same for rep_a2 (a sales meeting rep_a1 did not attend): a rep never sees
         another rep's one-on-ones, but reads all of their team's sales meetings
  other  the same of company B: always 404, its existence never leaks
A refused request must leave every coaching row exactly as it was.
"""

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from app.models import ActionItem, CoachingChange, OneOnOne, SalesMeeting
from tests.support.assertions import problem
from tests.support.coaching_helpers import day, item, one_on_one, sales_meeting

ROLES = ("manager", "owner", "rep")
CALLERS = {"manager": "manager_a", "owner": "owner_a", "rep": "rep_user_a1"}
TARGETS = ("own", "peer", "other")

# endpoint -> (method, path under /api/v1, body)
ENDPOINTS = {
    "one_on_one.read": ("GET", "one-on-ones/{oid}", None),
    "one_on_one.update": ("PATCH", "one-on-ones/{oid}", {"shared_notes": "x"}),
    "one_on_one.agenda": ("POST", "one-on-ones/{oid}/agenda", {"text": "x"}),
    "one_on_one.add_item": ("POST", "one-on-ones/{oid}/action-items", {"title": "x"}),
    "one_on_one.archive": ("POST", "one-on-ones/{oid}/archive", None),
    "one_on_one.history": ("GET", "one-on-ones/{oid}/history", None),
    "next_one_on_one": ("GET", "reps/{rid}/next-one-on-one", None),
    "action_item.read": ("GET", "action-items/{iid}", None),
    "action_item.tick": ("PATCH", "action-items/{iid}", {"done": True}),
    "sales_meeting.read": ("GET", "sales-meetings/{mid}", None),
    "sales_meeting.update": ("PATCH", "sales-meetings/{mid}", {"notes": "x"}),
    "sales_meeting.archive": ("POST", "sales-meetings/{mid}/archive", None),
    "sales_meeting.history": ("GET", "sales-meetings/{mid}/history", None),
    "attendance": ("GET", "clients/{cid}/sales-meetings/attendance", None),
}
MANAGER = {"one_on_one.read": 200, "one_on_one.update": 200, "one_on_one.agenda": 201,
           "one_on_one.add_item": 201, "one_on_one.archive": 200, "one_on_one.history": 200,
           "next_one_on_one": 200, "action_item.read": 200, "action_item.tick": 200,
           "sales_meeting.read": 200, "sales_meeting.update": 200,
           "sales_meeting.archive": 200, "sales_meeting.history": 200, "attendance": 200}
OWNER = {"one_on_one.read": 200, "one_on_one.update": 403, "one_on_one.agenda": 403,
         "one_on_one.add_item": 403, "one_on_one.archive": 403, "one_on_one.history": 200,
         "next_one_on_one": 200, "action_item.read": 200, "action_item.tick": 403,
         "sales_meeting.read": 200, "sales_meeting.update": 403, "sales_meeting.archive": 403,
         "sales_meeting.history": 200, "attendance": 200}
REP_OWN = {"one_on_one.read": 200, "one_on_one.update": 403, "one_on_one.agenda": 201,
           "one_on_one.add_item": 403, "one_on_one.archive": 403, "one_on_one.history": 200,
           "next_one_on_one": 200, "action_item.read": 200, "action_item.tick": 200,
           "sales_meeting.read": 200, "sales_meeting.update": 403,
           "sales_meeting.archive": 403, "sales_meeting.history": 403, "attendance": 403}
# Another rep's one-on-ones don't exist for a rep; their team's meetings do.
REP_PEER = {e: 404 for e in ENDPOINTS if not e.startswith("sales_meeting")} | {
    "sales_meeting.read": 200, "sales_meeting.update": 403, "sales_meeting.archive": 403,
    "sales_meeting.history": 403}

EXPECTED: dict[tuple[str, str, str], int] = {
    **{("manager", e, t): s for e, s in MANAGER.items() for t in ("own", "peer")},
    **{("owner", e, t): s for e, s in OWNER.items() for t in ("own", "peer")},
    **{("rep", e, "own"): s for e, s in REP_OWN.items()},
    **{("rep", e, "peer"): s for e, s in REP_PEER.items()},
    # company B: never found, whoever asks
    **{(role, e, "other"): 404 for role in ROLES for e in ENDPOINTS},
}
# A client has no "peer": attendance is asked of client A or client B.
EXPECTED = {key: status for key, status in EXPECTED.items()
            if not (key[1] == "attendance" and key[2] == "peer")}


def _snapshot(db) -> list:
    """Every coaching row's stored values."""
    db.expire_all()
    rows = []
    for model in (OneOnOne, ActionItem, SalesMeeting, CoachingChange):
        for obj in db.exec(select(model)).all():
            rows.append({a.key: getattr(obj, a.key) for a in inspect(obj).mapper.column_attrs})
    return sorted(rows, key=lambda row: str(row["id"]))


def _prepare(world, as_user, target: str) -> dict[str, str]:
    """The target's one-on-one (held today), its action item, a sales meeting and ids."""
    if target == "other":
        boss, rep, client = as_user(world.manager_b), world.rep_b1, world.client_b
    else:
        boss, client = as_user(world.manager_a), world.client_a
        rep = world.rep_a1 if target == "own" else world.rep_a2
    meeting = one_on_one(boss, rep, held_on=day(0), private_notes="secret",
                         action_items=[item("Call Globex", "rep", 3)])
    team = sales_meeting(boss, client, rep_ids=[str(rep.id)])
    return {"oid": meeting["id"], "iid": meeting["action_items"][0]["id"],
            "mid": team["id"], "rid": str(rep.id), "cid": str(client.id)}


@pytest.mark.parametrize(("role", "endpoint", "target"), sorted(EXPECTED))
def test_role_endpoint_target_answers_the_expected_status(
        world, as_user, db, role, endpoint, target):
    method, path, body = ENDPOINTS[endpoint]
    ids = _prepare(world, as_user, target)
    before = _snapshot(db)

    response = as_user(getattr(world, CALLERS[role])).request(
        method, "/api/v1/" + path.format(**ids), json=body)

    expected = EXPECTED[(role, endpoint, target)]
    if expected >= 400:
        problem(response, expected)
        assert _snapshot(db) == before, "a refused request changed a coaching row"
    else:
        assert response.status_code == expected, response.text
        assert "secret" not in response.text or role == "manager"


def test_the_matrix_covers_every_role_endpoint_and_target():
    wanted = {(r, e, t) for r in ROLES for e in ENDPOINTS for t in TARGETS
              if not (e == "attendance" and t == "peer")}
    assert set(EXPECTED) == wanted
    assert all(status == 404 for key, status in EXPECTED.items() if key[2] == "other")
    peer_one_on_ones = {k for k in EXPECTED if k[0] == "rep" and k[2] == "peer"
                        and not k[1].startswith("sales_meeting")}
    assert all(EXPECTED[key] == 404 for key in peer_one_on_ones)


@pytest.mark.parametrize("url", ["/api/v1/one-on-ones", "/api/v1/action-items",
                                 "/api/v1/sales-meetings"])
@pytest.mark.parametrize("role", ROLES)
def test_lists_never_hold_company_bs_records(world, as_user, role, url):
    mine = _prepare(world, as_user, "own")
    theirs = _prepare(world, as_user, "other")
    response = as_user(getattr(world, CALLERS[role])).get(url)
    assert response.status_code == 200, response.text
    assert not {theirs["oid"], theirs["iid"], theirs["mid"]} & {
        i["id"] for i in response.json()["items"]}
    assert {i["id"] for i in response.json()["items"]} & {mine["oid"], mine["iid"], mine["mid"]}
    filtered = as_user(getattr(world, CALLERS[role])).get(
        url, params={"client_id": theirs["cid"]})
    assert filtered.status_code == 200 and filtered.json()["items"] == []
