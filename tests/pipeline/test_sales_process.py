"""A client's own sales process: versions kept, the stage probabilities following it, and
a deal entering a stage only with the fields the stage requires (422 naming them)."""

from app.models.pipeline.sales_process import PROCESS_EXAMPLE
from tests.support.alarm_helpers import change, deal
from tests.support.assertions import problem


def process_url(client) -> str:
    return f"/api/v1/clients/{client.id}/sales-process"


def put(caller, client, body=PROCESS_EXAMPLE):
    return caller.put(process_url(client), json=body)


def test_each_change_is_a_new_version_and_earlier_ones_stay_readable(world, as_user):
    manager = as_user(world.manager_a)
    first = put(manager, world.client_a)
    assert first.status_code == 200 and first.json()["version"] == 1
    renamed = {**PROCESS_EXAMPLE, "stages": [{**PROCESS_EXAMPLE["stages"][0],
                                              "label": "Intro call"},
                                             *PROCESS_EXAMPLE["stages"][1:]]}
    assert put(manager, world.client_a, renamed).json()["version"] == 2
    current = manager.get(process_url(world.client_a)).json()
    assert current["version"] == 2 and current["stages"][0]["label"] == "Intro call"
    old = manager.get(process_url(world.client_a), params={"version": 1}).json()
    assert old["stages"][0]["label"] == "First call"
    versions = manager.get(process_url(world.client_a) + "/versions").json()["items"]
    assert [v["version"] for v in versions] == [2, 1]
    rep_view = as_user(world.rep_user_a1).get(process_url(world.client_a))
    assert rep_view.status_code == 200  # reps read their process
    problem(put(as_user(world.owner_a), world.client_a), 403)
    problem(as_user(world.manager_b).get(process_url(world.client_a)), 404)


def test_the_stage_probabilities_follow_the_process(world, as_user):
    manager = as_user(world.manager_a)
    put(manager, world.client_a)
    client = manager.get(f"/api/v1/clients/{world.client_a.id}").json()
    assert {k: client["stage_probabilities"][k] for k in
            ("prospecting", "discovery", "proposal", "negotiation")} == {
        "prospecting": 5, "discovery": 25, "proposal": 50, "negotiation": 80}


def test_stages_out_of_phase_order_or_twice_are_422(world, as_user):
    manager = as_user(world.manager_a)
    backwards = {"stages": [PROCESS_EXAMPLE["stages"][2], PROCESS_EXAMPLE["stages"][0]]}
    problem(put(manager, world.client_a, backwards), 422)
    twice = {"stages": [PROCESS_EXAMPLE["stages"][0], PROCESS_EXAMPLE["stages"][0]]}
    problem(put(manager, world.client_a, twice), 422)
    closed = {"stages": [{**PROCESS_EXAMPLE["stages"][0], "phase": "closed_won"}]}
    problem(put(manager, world.client_a, closed), 422)
    problem(manager.get(process_url(world.client_a)), 404)  # none was kept


def test_entering_a_stage_without_its_required_fields_is_422_naming_them(world, as_user):
    put(as_user(world.manager_a), world.client_a)
    rep = as_user(world.rep_user_a1)
    created = deal(rep, 10000)
    assert created["process_stage"] == "first_call"  # its phase's first stage
    refused = problem(rep.patch(f"/api/v1/deals/{created['id']}", json={"stage": "discovery"}),
                      422)
    assert {e["field"] for e in refused["errors"]} == {"body.next_step", "body.decision_maker"}
    assert "'Site visit'" in refused["detail"]
    moved = change(rep, created, stage="discovery", next_step="Book the plant tour",
                   decision_maker="Ana Ruiz (COO)")
    assert (moved["stage"], moved["process_stage"]) == ("discovery", "site_visit")


def test_a_process_stage_sets_its_phase_and_an_unknown_one_is_422(world, as_user):
    put(as_user(world.manager_a), world.client_a)
    rep = as_user(world.rep_user_a1)
    created = deal(rep, 10000, next_step="Send the PO", decision_maker="Ana",
                   next_step_due_on="2030-01-01", process_stage="po_pending")
    assert (created["stage"], created["process_stage"]) == ("negotiation", "po_pending")
    problem(rep.patch(f"/api/v1/deals/{created['id']}", json={"process_stage": "nope"}), 422)
    problem(rep.patch(f"/api/v1/deals/{created['id']}",
                      json={"process_stage": "quote", "stage": "negotiation"}), 422)


def test_without_a_process_nothing_is_required(world, as_user):
    rep = as_user(world.rep_user_a1)
    created = deal(rep, 10000)
    assert created["process_stage"] is None
    assert change(rep, created, stage="negotiation")["stage"] == "negotiation"
