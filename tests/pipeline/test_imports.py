"""CSV imports of deals and activities (dry run, all or nothing, reps by email), and the
activities export."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import func, select

from app.main import create_app
from app.models import Activity, Deal
from app.services.pipeline.imports.source import MAX_ROWS, SYNC_ROWS
from tests.support.assertions import problem

DEALS = "/api/v1/deals"
ACTIVITIES = "/api/v1/activities"
EXPORT = f"{ACTIVITIES}/export.csv"
EXPORT_HEADER = ["id", "rep_email", "occurred_on", "kind", "quantity", "deal_id", "note",
                 "created_at", "updated_at"]


def day(offset: int = 0) -> str:
    """A day relative to today for the world's clients (their time zone is UTC)."""
    return (datetime.now(UTC).date() + timedelta(days=offset)).isoformat()


def count(db, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def url(client, what: str) -> str:
    return f"/api/v1/clients/{client.id}/imports/{what}"


def upload(caller, client, what: str, content: str | bytes, *, dry_run: bool = False,
           **params):
    data = content.encode() if isinstance(content, str) else content
    return caller.post(url(client, what), params={"dry_run": str(dry_run).lower(), **params},
                       files={"file": (f"{what}.csv", data, "text/csv")})


def deals_csv(*rows: str) -> str:
    return "\n".join(["rep_email,name,amount,stage,expected_close_on", *rows]) + "\n"


def activities_csv(*rows: str) -> str:
    return "\n".join(["rep_email,occurred_on,kind,quantity,note", *rows]) + "\n"


GOOD_DEALS = deals_csv(f"rep1@a.example,Line 4 retrofit,48000,proposal,{day(30)}",
                       f"rep2@a.example,Spare parts,1200.50,discovery,{day(60)}")
BAD_DEALS = deals_csv(f"rep1@a.example,Line 4 retrofit,48000,proposal,{day(30)}",
                      "nobody@a.example,Ghost deal,10,prospecting,",
                      "rep2@a.example,Bad amount,lots,discovery,",
                      "rep2@a.example,Fine deal,500,prospecting,")


def test_deals_dry_run_previews_and_writes_nothing(world, as_user, db):
    response = upload(as_user(world.manager_a), world.client_a, "deals", GOOD_DEALS,
                      dry_run=True)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["dry_run"] is True and body["rows"] == 2 and body["valid_rows"] == 2
    assert body["created"] == 0 and body["errors"] == []
    assert [item["name"] for item in body["items"]] == ["Line 4 retrofit", "Spare parts"]
    assert body["items"][0]["rep_id"] == str(world.rep_a1.id)
    assert count(db, Deal) == 0


def test_deals_dry_run_lists_errors_with_line_numbers(world, as_user, db):
    response = upload(as_user(world.manager_a), world.client_a, "deals", BAD_DEALS,
                      dry_run=True)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["rows"] == 4 and body["valid_rows"] == 2 and body["created"] == 0
    assert {(e["line"], e["field"]) for e in body["errors"]} == {
        (3, "rep_email"), (4, "amount")}
    assert all(e["message"] for e in body["errors"])
    assert count(db, Deal) == 0


def test_deals_import_creates_every_row_visible_in_the_deal_list(world, as_user, db):
    manager = as_user(world.manager_a)
    response = upload(manager, world.client_a, "deals", GOOD_DEALS)
    assert response.status_code == 201, response.text
    assert response.json()["created"] == 2 and response.json()["dry_run"] is False
    listed = manager.get(DEALS, params={"client_id": str(world.client_a.id)}).json()["items"]
    by_name = {deal["name"]: deal for deal in listed}
    assert set(by_name) == {"Line 4 retrofit", "Spare parts"}
    assert by_name["Spare parts"]["amount"] == "1200.50"
    assert by_name["Spare parts"]["rep_id"] == str(world.rep_a2.id)
    assert by_name["Line 4 retrofit"]["expected_close_on"] == day(30)


def test_deals_import_with_an_invalid_row_is_422_and_writes_nothing(world, as_user, db):
    body = problem(upload(as_user(world.manager_a), world.client_a, "deals", BAD_DEALS), 422)
    assert sorted({e["line"] for e in body["errors"]}) == [3, 4]
    assert all({"line", "field", "message"} <= set(e) for e in body["errors"])
    assert count(db, Deal) == 0


def test_deal_rules_apply_to_imported_rows(world, as_user, db):
    content = deals_csv("rep1@a.example,Lost one,100,closed_lost,")  # no lost_reason
    body = problem(upload(as_user(world.manager_a), world.client_a, "deals", content), 422)
    assert [(e["line"], e["field"]) for e in body["errors"]] == [(2, "lost_reason")]
    assert count(db, Deal) == 0


def test_rep_email_is_matched_case_insensitively(world, as_user):
    content = deals_csv("  REP1@A.Example ,Shouty,10,prospecting,")
    body = upload(as_user(world.manager_a), world.client_a, "deals", content,
                  dry_run=True).json()
    assert body["errors"] == [] and body["items"][0]["rep_id"] == str(world.rep_a1.id)


def test_reps_of_another_client_are_not_matched(world, as_user, db):
    content = deals_csv("rep1@b.example,Poached,10,prospecting,")
    body = problem(upload(as_user(world.manager_a), world.client_a, "deals", content), 422)
    assert [(e["line"], e["field"]) for e in body["errors"]] == [(2, "rep_email")]
    assert count(db, Deal) == 0


GOOD_ACTIVITIES = activities_csv(f"rep1@a.example,{day(-1)},call,6,Trade show",
                                 f"rep1@a.example,{day(-1)},prospecting,2.5,",
                                 f"Rep2@A.example,{day(0)},meeting,1,Kick-off")


def test_activities_dry_run_previews_and_writes_nothing(world, as_user, db):
    response = upload(as_user(world.manager_a), world.client_a, "activities",
                      GOOD_ACTIVITIES, dry_run=True)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["rows"], body["valid_rows"], body["created"]) == (3, 3, 0)
    assert [item["kind"] for item in body["items"]] == ["call", "prospecting", "meeting"]
    assert body["items"][2]["rep_id"] == str(world.rep_a2.id)
    assert count(db, Activity) == 0


def test_activities_import_logs_every_row(world, as_user, db):
    manager = as_user(world.manager_a)
    response = upload(manager, world.client_a, "activities", GOOD_ACTIVITIES)
    assert response.status_code == 201, response.text
    assert response.json()["created"] == 3
    items = manager.get(ACTIVITIES, params={"rep_id": str(world.rep_a1.id)}).json()["items"]
    assert {(i["kind"], i["note"]) for i in items} == {("call", "Trade show"),
                                                       ("prospecting", "")}


def test_activities_import_refuses_bad_rows_with_their_lines(world, as_user, db):
    manager = as_user(world.manager_a)
    assert manager.post(ACTIVITIES, json={"rep_id": str(world.rep_a1.id), "kind": "call",
                                          "occurred_on": day(-2), "quantity": "1"}).is_success
    content = activities_csv(f"rep1@a.example,{day(-1)},call,6,",
                             f"rep1@a.example,{day(-2)},call,3,",  # already logged
                             f"rep1@a.example,{day(3)},meeting,1,",  # too far ahead
                             f"rep1@a.example,{day(-1)},call,2,",  # twice in the file
                             f"rep2@a.example,{day(-1)},call,1.5,")  # not a whole count
    dry = upload(manager, world.client_a, "activities", content, dry_run=True,
                 mode="create").json()
    assert sorted({e["line"] for e in dry["errors"]}) == [3, 4, 5, 6]
    assert ("occurred_on" in {e["field"] for e in dry["errors"] if e["line"] == 4})
    body = problem(upload(manager, world.client_a, "activities", content, mode="create"), 422)
    assert sorted({e["line"] for e in body["errors"]}) == [3, 4, 5, 6]
    assert count(db, Activity) == 1


def test_activities_may_name_one_of_the_reps_deals(world, as_user, db):
    manager = as_user(world.manager_a)
    deals = [manager.post(DEALS, json={"rep_id": str(rep.id), "name": "D"}).json()["id"]
             for rep in (world.rep_a1, world.rep_a2)]
    content = ("rep_email,occurred_on,kind,quantity,deal_id\n"
               f"rep1@a.example,{day(0)},proposal,1,{deals[0]}\n"
               f"rep1@a.example,{day(0)},meeting,1,{deals[1]}\n")
    body = problem(upload(manager, world.client_a, "activities", content), 422)
    assert [(e["line"], e["field"]) for e in body["errors"]] == [(3, "deal_id")]
    assert count(db, Activity) == 0


@pytest.mark.parametrize("caller, status", [("owner_a", 403), ("rep_user_a1", 403),
                                            ("manager_b", 404)])
@pytest.mark.parametrize("what, content", [("deals", GOOD_DEALS),
                                           ("activities", GOOD_ACTIVITIES)])
def test_only_the_clients_managers_may_import(world, as_user, db, caller, status, what,
                                              content):
    for dry_run in (True, False):
        problem(upload(as_user(getattr(world, caller)), world.client_a, what, content,
                       dry_run=dry_run), status)
    assert count(db, Deal) == 0 and count(db, Activity) == 0


@pytest.mark.parametrize("content", [
    "rep_email,name\nrep1@a.example,Caf\xe9\n".encode("latin-1"),
    "rep_email,amount\nrep1@a.example,10\n",
    "rep_email,name,colour\nrep1@a.example,Deal,red\n",
    b"rep_email,name\nrep1@a.example,Deal\x00\n",
    "rep_email,name\n" + "nobody@a.example,Deal\n" * (MAX_ROWS + 1),
    'rep_email,name\nrep1@a.example,"Open quote\nrep1@a.example,Second\n',
], ids=["not-utf8", "missing-column", "unknown-column", "nul", "too-many-rows",
        "unterminated-quote"])
def test_bad_files_are_422(world, as_user, db, content):
    for dry_run in (True, False):
        body = problem(upload(as_user(world.manager_a), world.client_a, "deals", content,
                              dry_run=dry_run), 422)
        assert body["errors"][0]["field"] == "body.file"
    assert count(db, Deal) == 0


def test_up_to_2000_rows_are_imported_at_once(world, as_user):
    content = "rep_email,name\n" + "nobody@a.example,Deal\n" * SYNC_ROWS
    body = upload(as_user(world.manager_a), world.client_a, "deals", content,
                  dry_run=True).json()
    assert body["rows"] == SYNC_ROWS and len(body["errors"]) == SYNC_ROWS
    assert body["errors"][-1]["line"] == SYNC_ROWS + 1


def test_a_utf8_file_with_a_byte_order_mark_is_read(world, as_user):
    content = "\ufeffrep_email,name\nrep1@a.example,Café\n".encode()
    body = upload(as_user(world.manager_a), world.client_a, "deals", content,
                  dry_run=True).json()
    assert body["errors"] == [] and body["items"][0]["name"] == "Café"


def test_a_file_over_the_import_limit_is_413_and_one_over_a_mebibyte_is_not(
        world, as_user, db, settings):
    content = "rep_email,name\n" + "".join(f"nobody@a.example,Deal number {n:08d} of a "
                                           "long list\n" for n in range(24_000))
    assert len(content) > 1024 * 1024
    queued = upload(as_user(world.manager_a), world.client_a, "deals", content)
    assert queued.status_code == 202 and queued.json()["rows_total"] == 24_000
    small = create_app(settings.model_copy(update={"max_import_bytes": 1024 * 1024}))
    with TestClient(small) as other:
        response = other.post(url(world.client_a, "deals"),
                              headers=as_user(world.manager_a).headers,
                              files={"file": ("deals.csv", content.encode(), "text/csv")})
    problem(response, 413)
    assert count(db, Deal) == 0


def test_upload_without_a_file_is_422(world, as_user):
    problem(as_user(world.manager_a).post(url(world.client_a, "deals")), 422)


def export_rows(caller, **params) -> list[dict]:
    response = caller.get(EXPORT, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(response.text))
    assert reader.fieldnames == EXPORT_HEADER
    return list(reader)


@pytest.fixture
def logged(world, as_user) -> None:
    manager = as_user(world.manager_a)
    assert upload(manager, world.client_a, "activities", GOOD_ACTIVITIES).status_code == 201
    assert as_user(world.rep_user_b1).post(ACTIVITIES, json={
        "occurred_on": day(0), "kind": "call", "quantity": "4"}).status_code == 201


def test_export_streams_the_rows_the_manager_may_see(world, as_user, logged):
    rows = export_rows(as_user(world.manager_a))
    assert len(rows) == 3 and {r["rep_email"] for r in rows} == {"rep1@a.example",
                                                                  "rep2@a.example"}
    call = next(r for r in rows if r["kind"] == "call")
    assert call["occurred_on"] == day(-1) and float(call["quantity"]) == 6
    assert call["note"] == "Trade show" and call["deal_id"] == ""
    assert call["created_at"] and call["updated_at"]


def test_export_applies_the_list_filters(world, as_user, logged):
    manager = as_user(world.manager_a)
    assert [r["kind"] for r in export_rows(manager, kind="meeting")] == ["meeting"]
    assert len(export_rows(manager, **{"from": day(0), "to": day(0)})) == 1
    assert export_rows(manager, client_id=str(world.client_b.id)) == []


def test_rep_exports_only_their_own_rows(world, as_user, logged):
    rows = export_rows(as_user(world.rep_user_a2))
    assert [(r["rep_email"], r["kind"]) for r in rows] == [("rep2@a.example", "meeting")]
    assert [r["rep_email"] for r in export_rows(as_user(world.rep_user_b1))] == [
        "rep1@b.example"]


def test_export_ids_match_the_list(world, as_user, logged):
    owner = as_user(world.owner_a)
    listed = {i["id"] for i in owner.get(ACTIVITIES).json()["items"]}
    assert {r["id"] for r in export_rows(owner)} == listed


def test_export_keeps_formulas_inert(world, as_user):
    rep = as_user(world.rep_user_a1)
    assert rep.post(ACTIVITIES, json={"occurred_on": day(0), "kind": "call", "quantity": "1",
                                      "note": "=HYPERLINK(\"x\")"}).status_code == 201
    assert [r["note"] for r in export_rows(rep)] == ["'=HYPERLINK(\"x\")"]
