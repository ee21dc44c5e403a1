"""/api/v1/deals lists: filters, every sort paged exactly once, and the CSV export."""

import csv
import io
import uuid
from datetime import datetime
from decimal import Decimal

import pytest

from tests.support.assertions import problem, walk_pages

URL = "/api/v1/deals"


def create(caller, **fields) -> dict:
    body = {"name": "Line 4 retrofit", "account_name": "Northwind Foods", "amount": "1000.00"}
    response = caller.post(URL, json=body | fields)
    assert response.status_code == 201, response.text
    return response.json()


def make_pipeline(world, as_user) -> dict[str, str]:
    """Deals of company A (and one of B) by letter -> id."""
    manager, a1, a2 = as_user(world.manager_a), str(world.rep_a1.id), str(world.rep_a2.id)
    specs = {
        "a": dict(rep_id=a1, amount="100.00", expected_close_on="2026-03-01"),
        "b": dict(rep_id=a1, amount="500.00", stage="negotiation", forecast_category="commit",
                  expected_close_on="2026-06-15"),
        "c": dict(rep_id=a2, amount="500.00", stage="closed_won", expected_close_on="2026-04-10"),
        "d": dict(rep_id=a2, amount="0.00", stage="closed_lost", lost_reason="price_terms"),
        "e": dict(rep_id=a1, amount="250.00", stage="discovery", forecast_category="best_case"),
    }
    ids = {key: create(manager, name=f"Deal {key}", **spec)["id"] for key, spec in specs.items()}
    ids["z"] = create(as_user(world.manager_b), name="Deal z", rep_id=str(world.rep_b1.id),
                      stage="negotiation", expected_close_on="2026-04-01")["id"]
    return ids


@pytest.mark.parametrize(("params", "expected"), [
    ({}, "abcde"), ({"rep_id": "rep_a2"}, "cd"), ({"stage": "negotiation"}, "b"),
    ({"status": "open"}, "abe"), ({"status": "closed"}, "cd"),
    ({"forecast_category": "commit"}, "b"), ({"forecast_category": "closed"}, "cd"),
    ({"expected_close_from": "2026-04-01"}, "bc"), ({"expected_close_to": "2026-04-10"}, "ac"),
    ({"expected_close_from": "2026-04-01", "expected_close_to": "2026-04-30"}, "c"),
    ({"client_id": "client_a"}, "abcde"), ({"client_id": "client_b"}, "")])
def test_filters_narrow_the_list_to_company_a_deals(world, as_user, params, expected):
    ids = make_pipeline(world, as_user)
    params = {k: str(getattr(world, v).id) if k.endswith("_id") else v for k, v in params.items()}
    items = as_user(world.manager_a).get(URL, params=params).json()["items"]
    assert {item["id"] for item in items} == {ids[key] for key in expected}


def test_updated_since_returns_only_deals_changed_since(world, as_user):
    ids = make_pipeline(world, as_user)
    manager = as_user(world.manager_a)
    changed = manager.patch(f"{URL}/{ids['a']}", json={"next_step": "Call back"}).json()
    items = manager.get(URL, params={"updated_since": changed["updated_at"]}).json()["items"]
    assert [item["id"] for item in items] == [ids["a"]]


@pytest.mark.parametrize("params", [{"status": "won"}, {"sort": "name"},
                                    {"updated_since": "2026-01-01T00:00:00"},
                                    {"cursor": "not-a-cursor"}])
def test_invalid_list_parameters_are_422(world, as_user, params):
    problem(as_user(world.manager_a).get(URL, params=params), 422)


class Sorted:
    """A caller whose list requests keep a sort (httpx replaces a URL's query by params)."""

    def __init__(self, caller, sort: str) -> None:
        self.caller, self.sort = caller, sort

    def get(self, url: str, *, params: dict):
        return self.caller.get(url, params={"sort": self.sort} | params)


SORTS = {
    "amount": lambda d: Decimal(d["amount"]),
    "expected_close_on": lambda d: d["expected_close_on"] or "9999-12-31",
    "updated_at": lambda d: datetime.fromisoformat(d["updated_at"]),
    "created_at": lambda d: datetime.fromisoformat(d["created_at"]),
}


@pytest.mark.parametrize("sort", ["amount", "-amount", "expected_close_on", "-expected_close_on",
                                  "updated_at", "-updated_at", "-created_at"])
def test_every_sort_pages_through_each_deal_once_in_order(world, as_user, sort):
    manager, a1 = as_user(world.manager_a), str(world.rep_a1.id)
    for amount, close in [("100.00", "2026-05-01"), ("250.00", None), ("100.00", "2026-05-01"),
                          ("0.00", "2026-02-01"), ("900.00", None), ("100.00", "2026-03-15")]:
        create(manager, rep_id=a1, amount=amount, expected_close_on=close)
    for item in manager.get(URL, params={"sort": "amount", "limit": 2}).json()["items"]:
        manager.patch(f"{URL}/{item['id']}", json={"next_step": "Touched"})
    key = SORTS[sort.lstrip("-")]
    items = manager.get(URL, params={"sort": sort, "limit": 200}).json()["items"]
    expected = sorted(items, key=lambda d: (key(d), uuid.UUID(d["id"])),
                      reverse=sort.startswith("-"))
    assert [d["id"] for d in items] == [d["id"] for d in expected]
    assert walk_pages(Sorted(manager, sort), URL, limit=2) == [d["id"] for d in expected]


def test_deals_without_expected_close_sort_last_ascending(world, as_user):
    rep = as_user(world.rep_user_a1)
    undated = create(rep)["id"]
    dated = create(rep, expected_close_on="2026-12-31")["id"]
    items = rep.get(URL, params={"sort": "expected_close_on"}).json()["items"]
    assert [item["id"] for item in items] == [dated, undated]


def test_default_order_is_newest_first(world, as_user):
    rep = as_user(world.rep_user_a1)
    ids = [create(rep, name=f"Deal {n}")["id"] for n in range(3)]
    assert [item["id"] for item in rep.get(URL).json()["items"]] == ids[::-1]


# --- CSV export ----------------------------------------------------------------------------

EXPORT_HEADER = ["id", "rep_email", "name", "account_name", "amount", "gross_margin_pct", "kind",
                 "stage", "forecast_category", "expected_close_on", "proposal_sent_on",
                 "closed_on", "lost_reason", "next_step", "next_step_due_on", "decision_maker",
                 "account_id", "process_stage", "external_id", "source", "slip_count",
                 "created_at",
                 "updated_at"]


def export(caller, **params) -> list[dict]:
    response = caller.get(f"{URL}/export.csv", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(response.text))
    assert reader.fieldnames == EXPORT_HEADER
    return list(reader)


def test_export_streams_company_a_deals_with_rep_emails(world, as_user):
    ids = make_pipeline(world, as_user)
    rows = {row["id"]: row for row in export(as_user(world.manager_a))}
    assert set(rows) == {ids[key] for key in "abcde"}
    assert rows[ids["b"]]["rep_email"] == "rep1@a.example"
    assert rows[ids["b"]]["amount"] == "500.00" and rows[ids["b"]]["stage"] == "negotiation"


def test_a_reps_export_holds_only_their_own_deals(world, as_user):
    ids = make_pipeline(world, as_user)
    rows = export(as_user(world.rep_user_a2))
    assert {row["id"] for row in rows} == {ids["c"], ids["d"]}


def test_export_applies_the_filters(world, as_user):
    ids = make_pipeline(world, as_user)
    rows = export(as_user(world.owner_a), status="open", forecast_category="commit")
    assert [row["id"] for row in rows] == [ids["b"]]


@pytest.mark.parametrize("caller", ["manager_a", "owner_a", "rep_user_a1"])
def test_an_export_never_holds_another_companys_deals(world, as_user, caller):
    ids = make_pipeline(world, as_user)
    rows = export(as_user(getattr(world, caller)), client_id=str(world.client_b.id))
    assert rows == []
    assert ids["z"] not in {row["id"] for row in export(as_user(getattr(world, caller)))}
