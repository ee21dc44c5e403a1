"""The committed spec is the app's spec, and every operation is ready for client generation."""

import json
import re

from app.openapi import SPEC_PATH, render_spec

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def test_committed_spec_matches_the_app(app):
    committed = SPEC_PATH.read_text() if SPEC_PATH.exists() else ""
    assert committed == render_spec(app), (
        "openapi/openapi.json is stale: run `python -m app export-openapi` and commit it")


def test_every_operation_has_a_unique_id_a_tag_and_a_summary(app):
    spec = app.openapi()
    ids = []
    for path, method, operation in _operations(spec):
        assert operation.get("summary"), f"{method} {path} has no summary"
        assert operation.get("tags"), f"{method} {path} has no tag"
        assert operation["operationId"].startswith(operation["tags"][0] + "_")
        ids.append(operation["operationId"])
    assert len(ids) == len(set(ids))
    assert {"clients_list", "deals_update", "activities_batch"} <= set(ids)


def test_error_responses_are_problem_json_with_examples(app):
    spec = app.openapi()
    for path, method, operation in _operations(spec):
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")) and status != "503":
                content = response["content"]
                assert list(content) == ["application/problem+json"], (method, path, status)
                assert content["application/problem+json"]["example"]["status"] == int(status)


def test_schemas_carry_examples_for_client_generators(app):
    schemas = app.openapi()["components"]["schemas"]
    for name in ("ClientCreate", "ClientRead", "RepCreate", "RepRead", "UserCreate",
                 "UserRead", "TokenPair", "MeRead"):
        assert schemas[name].get("examples"), f"{name} has no example"


def test_docs_are_served_without_a_cdn(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower()
    assert "/docs-static/swagger-ui-bundle.js" in page.text
    script = client.get("/docs-static/swagger-ui-bundle.js")
    assert script.status_code == 200 and len(script.content) > 100_000
    assert json.loads(client.get("/openapi.json").text)["openapi"].startswith("3.")


def _schema_refs(node):
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/components/schemas/"):
            yield ref.rsplit("/", 1)[-1]
        for value in node.values():
            yield from _schema_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schema_refs(value)


def _closure(schemas, names):
    seen, todo = set(names), list(names)
    while todo:
        for ref in _schema_refs(schemas[todo.pop()]):
            if ref not in seen:
                seen.add(ref)
                todo.append(ref)
    return seen


def test_every_property_an_answer_always_carries_is_required(app):
    """Generated clients type a property that is not required as `X | Unset`: a schema the
    server only sends lists every property as required (nullable ones allow null)."""
    spec = app.openapi()
    schemas = spec["components"]["schemas"]
    sent, read = set(), set()
    for _, _, operation in _operations(spec):
        read |= set(_schema_refs([operation.get("requestBody"), operation.get("parameters")]))
        sent |= {ref for status, response in operation["responses"].items()
                 if status.startswith("2") for ref in _schema_refs(response)}
    answered = _closure(schemas, sent)
    assert {"DealRead", "DealPage", "ClientRead", "RepRead"} <= answered - _closure(schemas,
                                                                                     read)
    loose = {name: sorted(set(schemas[name].get("properties", {}))
                          - set(schemas[name].get("required", []))
                          - set(schemas[name].get("x-sometimes", [])))  # said so
             for name in answered}  # a schema shared with requests, too (e.g. Competence)
    assert not {name: props for name, props in loose.items() if props}


def test_schema_names_read_well_in_generated_code(app):
    spec = app.openapi()
    names = spec["components"]["schemas"]
    odd = [n for n in names if not re.fullmatch(r"[A-Z][A-Za-z0-9]*(-Input|-Output)?", n)]
    assert not odd
    inline = [(path, method, p["name"]) for path, method, operation in _operations(spec)
              for p in operation.get("parameters", [])
              if "enum" in json.dumps(p.get("schema", {})) and "$ref" not in json.dumps(
                  p.get("schema", {}))]
    assert not inline  # an enum parameter refers to a named enum
