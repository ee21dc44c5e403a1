"""If-Match is checked in the write itself: every versioned table's UPDATE carries
`AND version = :read`, and a write whose version was replaced meanwhile is a 412."""

import re

import pytest
from sqlalchemy import event, update
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import SQLModel

from app.models import Rep
from tests.support.assertions import problem


def test_every_versioned_table_guards_its_writes_by_version():
    versioned = [m for m in SQLModel._sa_registry.mappers if "version" in m.local_table.c]
    assert len(versioned) >= 12
    unguarded = [m.class_.__name__ for m in versioned
                 if m.version_id_col is not m.local_table.c.version]
    assert unguarded == []


@pytest.fixture
def statements(app):
    seen: list[str] = []

    def capture(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    event.listen(app.state.engine, "before_cursor_execute", capture)
    yield seen
    event.remove(app.state.engine, "before_cursor_execute", capture)


def test_the_update_itself_checks_the_version(world, as_user, statements):
    manager = as_user(world.manager_a)
    deal = manager.post("/api/v1/deals", json={"rep_id": str(world.rep_a1.id), "name": "D"})
    etag = deal.headers["ETag"]
    statements.clear()

    response = manager.patch(f"/api/v1/deals/{deal.json()['id']}", json={"amount": "5"},
                             headers={"If-Match": etag})

    assert response.status_code == 200, response.text
    updates = [s for s in statements if s.startswith("UPDATE deals ")]
    assert len(updates) == 1, updates
    assert re.search(r"SET .*version=\S+.* WHERE deals\.id = \S+ AND deals\.version = \S+$",
                     updates[0]), updates


def test_a_version_replaced_before_the_write_is_412_and_writes_nothing(world, as_user, db):
    """The row changes between the read and the write (another worker, say): the guarded
    UPDATE meets no row and the request answers 412."""
    owner = as_user(world.owner_a)
    rep_id = world.rep_a1.id
    etag = owner.get(f"/api/v1/reps/{rep_id}").headers["ETag"]

    def bump_the_version_meanwhile(session, _context, _instances):
        if any(getattr(obj, "id", None) == rep_id for obj in session.dirty):
            session.connection().execute(
                update(Rep).where(Rep.id == rep_id).values(version=Rep.version + 1))

    event.listen(OrmSession, "before_flush", bump_the_version_meanwhile)
    try:
        response = owner.patch(f"/api/v1/reps/{rep_id}", json={"title": "AE"},
                               headers={"If-Match": etag})
    finally:
        event.remove(OrmSession, "before_flush", bump_the_version_meanwhile)

    body = problem(response, 412)
    assert "changed" in body["detail"]
    db.expire_all()
    assert db.get(Rep, rep_id).title == ""


def test_a_weak_etag_never_matches(world, as_user):
    """If-Match compares strongly (RFC 9110 13.1.1): W/ in front of the current tag is 412."""
    rep = as_user(world.manager_a)
    url = f"/api/v1/reps/{world.rep_a1.id}"
    etag = rep.get(url).headers["etag"]
    problem(rep.patch(url, json={"title": "Weak"}, headers={"If-Match": f"W/{etag}"}), 412)
    strong = rep.patch(url, json={"title": "Strong"}, headers={"If-Match": etag})
    assert strong.status_code == 200, strong.text
