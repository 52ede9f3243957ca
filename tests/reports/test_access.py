"""Who may read the measures: the pathway's team for one pathway; leaders (own teams) and admins for
the team reports; nurses never the team reports."""

from __future__ import annotations

import pytest

from tests.api.builders import assert_problem

TEAM_REPORTS = ["/api/v1/reports/board", "/api/v1/reports/runcharts", "/api/v1/reports/export/checklist.csv"]


@pytest.mark.parametrize("path", TEAM_REPORTS)
def test_nurse_is_refused_the_team_reports(world, as_user, path):
    assert_problem(as_user("kari").get(path), 403, "forbidden")


@pytest.mark.parametrize("path", TEAM_REPORTS)
def test_anonymous_is_refused_the_team_reports(world, client, path):
    assert_problem(client.get(path), 401, "not-authenticated")


@pytest.mark.parametrize("path", TEAM_REPORTS)
def test_leader_cannot_ask_for_another_team(world, as_user, path):
    assert_problem(as_user("lise").get(path, query_string={"team_id": world.sor}), 403, "forbidden")


@pytest.mark.parametrize("path", TEAM_REPORTS)
def test_leader_and_admin_get_their_reports(world, as_user, path):
    assert as_user("lise").get(path, query_string={"team_id": world.nord}).status_code == 200
    assert as_user("admin").get(path, query_string={"team_id": world.sor}).status_code == 200


def test_period_that_ends_before_it_starts_is_refused(world, as_user):
    response = as_user("lise").get("/api/v1/reports/board", query_string={"from": "2025-02-01",
                                                                          "to": "2025-01-01"})
    assert_problem(response, 422, "validation", ("from",))



@pytest.mark.parametrize("path", TEAM_REPORTS)
@pytest.mark.parametrize(("field", "value"), [("to", "0001-01-05"), ("from", "1926-01-01"), ("to", "9999-12-31")])
def test_a_period_with_a_mistyped_year_is_refused_naming_the_field(world, as_user, path, field, value):
    """Found by the OpenAPI fuzz: `to=0001-01-05` overflowed computing the default start (a 500)."""
    response = as_user("lise").get(path, query_string={field: value})
    body = assert_problem(response, 422, "validation", (field,))
    assert "Check the year" in body["errors"][field][0]

PATHWAY_READS = ["measures", "fhir"]


@pytest.mark.parametrize("what", PATHWAY_READS)
def test_nurse_of_the_team_reads_one_pathway(world, as_user, what):
    assert as_user("kari").get(f"/api/v1/pathways/{world.pathway}/{what}").status_code == 200


@pytest.mark.parametrize("what", PATHWAY_READS)
def test_nurse_of_another_team_sees_nothing(world, as_user, what):
    assert_problem(as_user("sofie").get(f"/api/v1/pathways/{world.pathway}/{what}"), 404, "not-found")


@pytest.mark.parametrize("what", PATHWAY_READS)
def test_anonymous_reads_no_pathway(world, client, what):
    assert_problem(client.get(f"/api/v1/pathways/{world.pathway}/{what}"), 401, "not-authenticated")


def test_summary_page_follows_the_same_rules(world, client, as_user):
    assert client.get(f"/pathways/{world.pathway}/summary").status_code == 401
    assert as_user("sofie").get(f"/pathways/{world.pathway}/summary").status_code == 404
    assert as_user("kari").get(f"/pathways/{world.pathway}/summary").status_code == 200


def test_identified_export_is_for_admins_only(world, as_user):
    response = as_user("lise").get("/api/v1/reports/export/psfs.csv", query_string={"identified": "1"})
    assert_problem(response, 403, "forbidden")


def test_unknown_export_is_not_found(world, as_user):
    assert_problem(as_user("lise").get("/api/v1/reports/export/names.csv"), 404, "not-found")
