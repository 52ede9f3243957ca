"""The API describes itself: an OpenAPI 3 document that lists every route and the errors' real media type."""

from __future__ import annotations

import re

import pytest

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def api_routes(app) -> set[tuple[str, str]]:
    """(METHOD, /path/{param}) of every /api/ rule the app serves, except the document itself."""
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.endpoint.startswith("api-docs."):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        routes |= {(method, path) for method in rule.methods - IGNORED_METHODS}
    return routes


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_openapi_document_is_openapi_3(document):
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Viktig API"


def test_openapi_document_lists_every_api_route(app, document):
    documented = {(method.upper(), path) for path, item in document["paths"].items()
                  for method in item if method != "parameters"}
    assert api_routes(app) - documented == set()
    assert documented - api_routes(app) == set()


def test_every_operation_has_a_summary(document):
    missing = [f"{method.upper()} {path}" for path, item in document["paths"].items()
               for method, operation in item.items() if method != "parameters" and not operation.get("summary")]
    assert missing == []


def test_errors_are_documented_as_problem_json(document):
    responses = document["components"]["responses"]
    assert set(responses["DEFAULT_ERROR"]["content"]) == {"application/problem+json"}
    assert set(responses["UNPROCESSABLE_ENTITY"]["content"]) == {"application/problem+json"}
    problem = document["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "errors", "server_record"} <= set(problem["properties"])
    assert problem.get("additionalProperties") is not False, "RFC 9457 allows extension members"


def test_entry_bodies_refuse_unknown_fields_in_the_document_too(document):
    schemas = document["components"]["schemas"]
    for name in ("ConversationDataCreate", "PsfsDataCreate", "ChecklistDataCreate", "CfsDataCreate",
                 "PsfsDataAmend"):
        assert schemas[name]["additionalProperties"] is False, name
    assert "base_version" in schemas["PsfsDataAmend"]["required"]


def test_psfs_score_limits_are_in_the_document(document):
    score = document["components"]["schemas"]["PsfsActivityData"]["properties"]["score"]
    assert (score["type"], score["minimum"], score["maximum"]) == ("integer", 0, 10)
