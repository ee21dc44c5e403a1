"""The spec's examples are valid, its parameters and bodies described, and its public
operations say so (python -m tests.spec.check lints and generates clients from it too)."""

import pytest
from pydantic import BaseModel

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}
PUBLIC = {"auth_token", "auth_refresh", "auth_logout", "invitations_accept", "health_alive",
          "health_ready"}


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def test_every_schema_example_is_valid_against_its_schema(app):
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    spec = app.openapi()
    schemas = spec["components"]["schemas"]
    invalid = {}
    for name, schema in schemas.items():
        validator = jsonschema_rs.Draft202012Validator(
            {"$ref": f"#/components/schemas/{name}", "components": {"schemas": schemas}})
        for i, example in enumerate(schema.get("examples", [])):
            errors = [str(e) for e in validator.iter_errors(example)]
            if errors:
                invalid[f"{name}.examples[{i}]"] = errors[:3]
    assert not invalid


def _models(cls=BaseModel):
    for sub in cls.__subclasses__():
        yield sub
        yield from _models(sub)


def test_every_model_example_validates_against_its_model(app):
    """At the source: a model's json_schema_extra examples are instances of it."""
    invalid = {}
    for model in set(_models()):
        extra = model.model_config.get("json_schema_extra")
        if not model.__module__.startswith("app.") or not isinstance(extra, dict):
            continue
        for i, example in enumerate(extra.get("examples", [])):
            try:
                model.model_validate(example)
            except ValueError as exc:
                invalid[f"{model.__module__}.{model.__qualname__}[{i}]"] = str(exc)[:300]
    assert not invalid


def test_every_parameter_and_request_body_is_described(app):
    bare = [(method, path, p["name"]) for path, method, operation in _operations(app.openapi())
            for p in operation.get("parameters", []) if not p.get("description")]
    bare += [(method, path, "body") for path, method, operation in _operations(app.openapi())
             if "requestBody" in operation and not operation["requestBody"].get("description")]
    assert not bare


def test_only_the_public_operations_need_no_credentials(app):
    spec = app.openapi()
    public = {operation["operationId"] for _, _, operation in _operations(spec)
              if operation["security"] == []}
    assert public == PUBLIC
    assert spec["servers"] and spec["info"]["license"] and spec["info"]["contact"]


def test_answers_document_their_headers(app):
    spec = app.openapi()
    for path, method, operation in _operations(spec):
        for status, response in operation["responses"].items():
            headers = response.get("headers", {})
            assert "X-Request-ID" in headers, (method, path, status)
            if status == "429":
                assert "Retry-After" in headers, (method, path)
    deal = spec["paths"]["/api/v1/deals/{deal_id}"]
    assert "ETag" in deal["get"]["responses"]["200"]["headers"]
    assert "ETag" in deal["patch"]["responses"]["200"]["headers"]
    assert "ETag" not in spec["paths"]["/api/v1/deals"]["get"]["responses"]["200"]["headers"]
