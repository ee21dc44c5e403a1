"""A statement budget per request: how many SQL statements the app sends for the common
calls, counted on the app's engine (`before_cursor_execute`), so that a change which adds a
round trip to every request shows up here rather than in production latency.

The suite runs each test in a rolled-back transaction and each request of the app in a
savepoint of it (tests/conftest.py `db`), so the connection also carries `SAVEPOINT`,
`RELEASE SAVEPOINT` and `ROLLBACK TO SAVEPOINT` lines that a real request (BEGIN ... COMMIT
on its own connection, which SQLAlchemy does not send as statements on PostgreSQL) does
not: those are left out of the count. Everything else the request sends is counted: the
caller's principal, the route's reads and writes, the audit log, the webhook outbox. On
SQLite the `BEGIN` the app emits itself (app.db `_sqlite_begin`) would be counted too, but
inside the test's transaction it is a savepoint and not sent.
"""

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from tests.support.webhook_helpers import subscribe

URL = "/api/v1"
BUDGET_GET_ONE = 2
BUDGET_PATCH_DEAL = 6
BUDGET_KPIS = 8


class Statements:
    """The app's SQL statements since the last `clear()`, savepoint bookkeeping left out."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, _conn, _cursor, statement: str, *_args) -> None:
        line = " ".join(statement.split())
        if not line.upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT",
                                        "ROLLBACK TO SAVEPOINT")):
            self.seen.append(line)

    def clear(self) -> None:
        self.seen.clear()

    def __len__(self) -> int:
        return len(self.seen)

    def listing(self) -> str:
        return "\n".join(f"  {i + 1}. {s[:200]}" for i, s in enumerate(self.seen))


@pytest.fixture
def statements(app) -> Iterator[Statements]:
    counted = Statements()
    event.listen(app.state.engine, "before_cursor_execute", counted)
    yield counted
    event.remove(app.state.engine, "before_cursor_execute", counted)


def new_deal(caller, rep_id) -> dict:
    response = caller.post(f"{URL}/deals", json={
        "rep_id": str(rep_id), "name": "Line 4 retrofit", "account_name": "Northwind Foods",
        "amount": "1000.00"})
    assert response.status_code == 201, response.text
    return response.json()


def within(statements: Statements, budget: int) -> None:
    assert len(statements) <= budget, (
        f"{len(statements)} statements, budget {budget}:\n{statements.listing()}")


@pytest.mark.parametrize("who", ["manager_a", "owner_a", "rep_user_a1"])
def test_an_authenticated_get_of_one_record_takes_at_most_two(world, as_user, statements, who):
    caller = as_user(getattr(world, who))
    deal = new_deal(as_user(world.manager_a), world.rep_a1.id)
    statements.clear()

    response = caller.get(f"{URL}/deals/{deal['id']}")

    assert response.status_code == 200, response.text
    within(statements, BUDGET_GET_ONE)


def test_get_me_takes_at_most_two(world, as_user, statements):
    manager = as_user(world.manager_a)
    statements.clear()

    response = manager.get(f"{URL}/me")

    assert response.status_code == 200, response.text
    assert response.json()["client_ids"] == [str(world.client_a.id)]
    within(statements, BUDGET_GET_ONE)


def patch_a_deal(world, as_user, statements: Statements) -> None:
    manager = as_user(world.manager_a)
    deal = new_deal(manager, world.rep_a1.id)
    statements.clear()

    response = manager.patch(f"{URL}/deals/{deal['id']}", json={"stage": "negotiation",
                                                                "amount": "2500.00"})

    assert response.status_code == 200, response.text


def test_patching_a_deal_takes_at_most_six_and_reads_no_webhook_subscriptions(
        world, as_user, statements):
    """The caller; the deal with its client and sales process; the audit entry; the update;
    the history rows; the events (two, deal.updated and deal.stage_changed, in one INSERT).
    The dispatcher fans the events out to subscribers later, so the write reads none."""
    subscribe(as_user(world.manager_a), "https://hooks.zapier.com/hooks/standard/1/abc/",
              ["deal.updated", "deal.stage_changed"])
    patch_a_deal(world, as_user, statements)

    assert not [s for s in statements.seen if "FROM webhook_subscriptions" in s], (
        statements.listing())
    within(statements, BUDGET_PATCH_DEAL)


def client_kpis(world, as_user, statements: Statements) -> None:
    manager = as_user(world.manager_a)
    new_deal(manager, world.rep_a1.id)
    statements.clear()

    response = manager.get(f"{URL}/clients/{world.client_a.id}/kpis")

    assert response.status_code == 200, response.text


def test_client_kpis_take_at_most_eight(world, as_user, statements):
    """The caller; the client with its reps; the deal figures with the median cycles; the
    activity; the forecast's method and the calls in hand; the targets and quotas in force;
    the practice's medians."""
    client_kpis(world, as_user, statements)

    within(statements, BUDGET_KPIS)
