"""/api/v1/invitations: who may invite whom, the token shown once and kept only as a hash,
accepting (the login is created, linked to its rep and signed in), and every way an
invitation can no longer be used: accepted, revoked, expired."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlmodel import func, select

from app.models import ClientManager, Invitation, Rep, User
from app.security import token_digest
from tests.support import factories
from tests.support.assertions import problem

URL = "/api/v1/invitations"
PASSWORD = "a-long-passphrase"


def invite(caller, **fields):
    return caller.post(URL, json={"email": "new.person@a.example", "role": "owner"} | fields)


def invited(caller, **fields) -> dict:
    response = invite(caller, **fields)
    assert response.status_code == 201, response.text
    return response.json()


def accept(client, token: str, password: str = PASSWORD, **fields):
    return client.post(f"{URL}/{token}/accept", json={"password": password} | fields)


def log_in(client, email: str, password: str = PASSWORD):
    return client.post("/api/v1/auth/token", data={"username": email, "password": password})


def count(db, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


# --- the life cycle ----------------------------------------------------------------------------

def test_an_owner_invitation_is_accepted_once_and_signs_the_new_owner_in(world, as_user, client,
                                                                         db):
    manager = as_user(world.manager_a)
    made = invited(manager, email="New.Owner@A.example", client_id=str(world.client_a.id),
                   full_name="Nora Owner")
    assert made["status"] == "pending" and made["email"] == "new.owner@a.example"
    assert made["accept_url"] == f"/api/v1/invitations/{made['token']}/accept"
    expires = datetime.fromisoformat(made["expires_at"].replace("Z", "+00:00"))
    created = datetime.fromisoformat(made["created_at"].replace("Z", "+00:00"))
    assert expires - created == timedelta(days=7)
    stored = db.get(Invitation, uuid.UUID(made["id"]))
    assert stored.token_hash == token_digest(made["token"]) != made["token"]

    tokens = accept(client, made["token"])
    assert tokens.status_code == 200, tokens.text
    assert tokens.headers["Cache-Control"] == "no-store"
    pair = tokens.json()
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {pair['access_token']}"})
    assert me.status_code == 200 and me.json()["email"] == "new.owner@a.example"
    assert me.json()["role"] == "owner"
    assert me.json()["full_name"] == "Nora Owner"
    assert log_in(client, "new.owner@a.example").status_code == 200

    again = problem(accept(client, made["token"]), 410)
    assert "used" in again["detail"]
    got = manager.get(f"{URL}/{made['id']}").json()
    assert got["status"] == "accepted" and got["accepted_user_id"] == me.json()["id"]
    assert "token" not in got and "accept_url" not in got


def test_a_rep_invitation_links_the_login_to_the_rep(world, as_user, client, db):
    rep = factories.make_rep(db, world.client_a, full_name="Quinn Quick")
    made = invited(as_user(world.owner_a), email="quinn@a.example", role="rep",
                   client_id=str(world.client_a.id), rep_id=str(rep.id))
    assert made["full_name"] == "Quinn Quick"  # the rep's name when none is given
    pair = accept(client, made["token"], full_name="Quinn Q.").json()
    user = db.exec(select(User).where(User.email == "quinn@a.example")).one()
    db.refresh(rep)
    assert rep.user_id == user.id and user.role == "rep" and user.full_name == "Quinn Q."
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {pair['access_token']}"})
    assert me.json()["rep_id"] == str(rep.id)


def test_a_second_manager_joins_the_client_named_in_the_invitation(world, as_user, client, db):
    made = invited(as_user(world.manager_a), email="second.manager@practice.example",
                   role="manager", client_id=str(world.client_a.id))
    assert accept(client, made["token"]).status_code == 200
    user = db.exec(select(User).where(User.email == "second.manager@practice.example")).one()
    assert user.role == "manager" and user.client_id is None
    assert db.get(ClientManager, (world.client_a.id, user.id)) is not None


def test_an_expired_invitation_is_gone(world, as_user, client, db):
    made = invited(as_user(world.manager_a), client_id=str(world.client_a.id))
    users = count(db, User)
    later = datetime.now(UTC) + timedelta(days=7, minutes=1)
    with time_machine.travel(later, tick=True):
        body = problem(accept(client, made["token"]), 410)
        assert "expired" in body["detail"]
        listed = as_user(world.manager_a).get(URL, params={"status": "expired"}).json()
        assert [i["id"] for i in listed["items"]] == [made["id"]]
    assert count(db, User) == users


def test_a_revoked_invitation_is_gone(world, as_user, client, db):
    owner = as_user(world.owner_a)
    rep = factories.make_rep(db, world.client_a)
    made = invited(owner, role="rep", client_id=str(world.client_a.id), rep_id=str(rep.id))
    revoked = owner.post(f"{URL}/{made['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert "token" not in revoked.json()
    assert "revoked" in problem(accept(client, made["token"]), 410)["detail"]
    db.refresh(rep)
    assert rep.user_id is None


def test_an_unknown_token_is_404_and_a_short_password_is_422(world, as_user, client, db):
    problem(accept(client, "no-such-token"), 404)
    made = invited(as_user(world.manager_a), client_id=str(world.client_a.id))
    problem(accept(client, made["token"], password="short"), 422)
    assert as_user(world.manager_a).get(f"{URL}/{made['id']}").json()["status"] == "pending"


def test_an_email_that_got_a_login_meanwhile_is_409_and_nothing_is_written(world, as_user,
                                                                           client, db):
    made = invited(as_user(world.manager_a), email="late@a.example",
                   client_id=str(world.client_a.id))
    factories.make_user(db, role="owner", client=world.client_a, email="late@a.example")
    users = count(db, User)
    problem(accept(client, made["token"]), 409)
    assert count(db, User) == users
    assert as_user(world.manager_a).get(f"{URL}/{made['id']}").json()["status"] == "pending"


def test_list_filters_by_status_and_never_shows_tokens(world, as_user):
    manager = as_user(world.manager_a)
    first = invited(manager, email="one@a.example", client_id=str(world.client_a.id))
    second = invited(manager, email="two@a.example", client_id=str(world.client_a.id))
    manager.post(f"{URL}/{second['id']}/revoke")
    page = manager.get(URL).json()
    assert [i["id"] for i in page["items"]] == [second["id"], first["id"]]
    assert all("token" not in i for i in page["items"])
    pending = manager.get(URL, params={"status": "pending"}).json()["items"]
    assert [i["id"] for i in pending] == [first["id"]]
    revoked = manager.get(URL, params={"status": "revoked"}).json()["items"]
    assert [i["id"] for i in revoked] == [second["id"]]
    problem(manager.get(URL, params={"status": "lost"}), 422)


# --- who may invite whom -----------------------------------------------------------------------

def test_reps_may_not_invite_nor_read_invitations(world, as_user):
    made = invited(as_user(world.manager_a), client_id=str(world.client_a.id))
    rep = as_user(world.rep_user_a1)
    problem(invite(rep, email="x@a.example", role="rep", client_id=str(world.client_a.id),
                   rep_id=str(world.rep_a2.id)), 403)
    problem(rep.get(URL), 403)
    problem(rep.get(f"{URL}/{made['id']}"), 403)


def test_an_owner_invites_only_reps(world, as_user):
    owner = as_user(world.owner_a)
    problem(invite(owner, client_id=str(world.client_a.id)), 403)
    problem(invite(owner, role="manager"), 403)


def test_another_tenants_client_or_rep_is_404(world, as_user, db):
    manager = as_user(world.manager_a)
    problem(invite(manager, client_id=str(world.client_b.id)), 404)
    rep_b = factories.make_rep(db, world.client_b)
    problem(invite(manager, role="rep", client_id=str(world.client_a.id),
                   rep_id=str(rep_b.id)), 404)
    problem(invite(as_user(world.owner_a), role="rep", client_id=str(world.client_b.id),
                   rep_id=str(rep_b.id)), 404)
    made = invited(manager, client_id=str(world.client_a.id))
    problem(as_user(world.manager_b).get(f"{URL}/{made['id']}"), 404)
    problem(as_user(world.manager_b).post(f"{URL}/{made['id']}/revoke"), 404)
    assert as_user(world.manager_b).get(URL).json()["items"] == []


@pytest.mark.parametrize("fields, status", [
    ({"role": "rep"}, 422),  # no client
    ({"role": "owner"}, 422),
    ({"role": "rep", "client_id": "A"}, 422),  # no rep_id
    ({"role": "owner", "client_id": "A", "rep_id": "REP"}, 422),
    ({"role": "rep", "client_id": "A", "rep_id": "REP"}, 409),  # the rep has a login
    ({"role": "owner", "client_id": "A", "email": "owner@a.example"}, 409),  # taken
    ({"role": "boss", "client_id": "A"}, 422),
    ({"role": "owner", "client_id": "A", "email": "not-an-email"}, 422),
    ({"role": "owner", "client_id": "A", "token": "mine"}, 422),
])
def test_invalid_invitations_are_refused(world, as_user, db, fields, status):
    ids = {"A": str(world.client_a.id), "REP": str(world.rep_a1.id)}
    body = {k: ids.get(v, v) for k, v in fields.items()}
    problem(invite(as_user(world.manager_a), **body), status)
    assert count(db, Invitation) == 0


def test_a_second_pending_invitation_for_the_same_email_or_rep_is_409(world, as_user, db):
    manager = as_user(world.manager_a)
    rep = factories.make_rep(db, world.client_a)
    first = invited(manager, role="rep", client_id=str(world.client_a.id), rep_id=str(rep.id))
    problem(invite(manager, role="rep", client_id=str(world.client_a.id), rep_id=str(rep.id),
                   email="other@a.example"), 409)
    problem(invite(manager, client_id=str(world.client_a.id)), 409)
    manager.post(f"{URL}/{first['id']}/revoke")
    invited(manager, role="rep", client_id=str(world.client_a.id), rep_id=str(rep.id))
    assert db.exec(select(func.count()).select_from(Invitation)
                   .where(Invitation.rep_id == rep.id)).one() == 2


def test_an_accepted_invitation_cannot_be_revoked(world, as_user, client):
    manager = as_user(world.manager_a)
    made = invited(manager, client_id=str(world.client_a.id))
    accept(client, made["token"])
    problem(manager.post(f"{URL}/{made['id']}/revoke"), 409)


def test_a_rep_archived_before_accepting_is_409(world, as_user, client, db):
    rep = factories.make_rep(db, world.client_a)
    made = invited(as_user(world.manager_a), role="rep", client_id=str(world.client_a.id),
                   rep_id=str(rep.id))
    rep.archived_at = datetime.now(UTC)
    db.add(rep)
    db.flush()
    problem(accept(client, made["token"]), 409)
    assert db.get(Rep, rep.id).user_id is None
