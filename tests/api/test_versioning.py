"""Clinical entries are never overwritten: a correction is a new version, and a stale one is a conflict."""

from __future__ import annotations

import pytest

from tests.api.builders import ENTRY_KINDS, assert_problem, conversation_body, pathway_body, patient_body, psfs_body


def test_amending_a_conversation_keeps_the_earlier_version(world, as_user):
    client = as_user("kari")
    first = client.post("/api/v1/conversations", json=conversation_body(world.pathway)).get_json()
    path = f"/api/v1/conversations/{first['id']}"

    response = client.put(path, json=conversation_body(world.pathway, what_matters="Å gå tur med hunden.",
                                                       base_version=1))

    assert response.status_code == 200, response.get_json()
    second = response.get_json()
    assert (second["id"], second["version"], second["amends_version"]) == (first["id"], 2, 1)
    assert second["what_matters"] == "Å gå tur med hunden."
    versions = client.get(f"{path}/versions").get_json()
    assert [v["version"] for v in versions] == [1, 2]
    v1, v2 = versions
    assert v1["current"] is False and v2["current"] is True
    assert {**v1, "current": True} == first, "version 1 must be unchanged"
    assert v2 == second
    assert client.get(path).get_json() == second


def test_pathway_lists_only_the_current_version_of_an_amended_entry(world, as_user):
    client = as_user("kari")
    first = client.post("/api/v1/conversations", json=conversation_body(world.pathway)).get_json()
    client.put(f"/api/v1/conversations/{first['id']}",
               json=conversation_body(world.pathway, what_matters="Rettet", base_version=1))
    listed = client.get(f"/api/v1/pathways/{world.pathway}/conversations").get_json()
    assert [(c["id"], c["version"]) for c in listed] == [(first["id"], 2)]


@pytest.mark.parametrize("entity", list(ENTRY_KINDS))
def test_every_kind_of_entry_is_corrected_as_a_new_version(world, as_user, entries, entity):
    client = as_user("kari")
    path, body = ENTRY_KINDS[entity]
    response = client.put(f"{path}/{entries[entity]}", json=body(world.pathway, base_version=1))
    assert response.status_code == 200, response.get_json()
    assert [v["version"] for v in client.get(f"{path}/{entries[entity]}/versions").get_json()] == [1, 2]


def test_stale_base_version_is_a_conflict_carrying_the_server_record(world, as_user):
    client = as_user("kari")
    first = client.post("/api/v1/conversations", json=conversation_body(world.pathway)).get_json()
    path = f"/api/v1/conversations/{first['id']}"
    server = client.put(path, json=conversation_body(world.pathway, what_matters="Fra Lise", base_version=1))
    assert server.status_code == 200

    stale = client.put(path, json=conversation_body(world.pathway, what_matters="Fra Kari", base_version=1))

    body = assert_problem(stale, 409, "conflict")
    assert body["server_record"] == server.get_json()
    assert "version 1" in body["detail"] and "version 2" in body["detail"]
    assert [v["what_matters"] for v in client.get(f"{path}/versions").get_json()] == [
        first["what_matters"], "Fra Lise"]


def test_base_version_ahead_of_the_server_is_a_conflict_too(world, as_user, entries):
    client = as_user("kari")
    response = client.put(f"/api/v1/cfs/{entries['cfs']}",
                          json=ENTRY_KINDS["cfs"][1](world.pathway, base_version=5))
    assert assert_problem(response, 409, "conflict")["server_record"]["version"] == 1


def test_stale_patient_change_is_a_conflict(world, as_user):
    client = as_user("kari")
    path = f"/api/v1/patients/{world.patient}"
    assert client.put(path, json=patient_body(world.nord, base_version=1)).status_code == 200
    stale = client.put(path, json=patient_body(world.nord, phone="999", base_version=1))
    assert assert_problem(stale, 409, "conflict")["server_record"]["version"] == 2


def test_stale_pathway_change_is_a_conflict(world, as_user):
    client = as_user("kari")
    path = f"/api/v1/pathways/{world.pathway}"
    assert client.put(path, json=pathway_body(world.patient, base_version=1)).status_code == 200
    stale = client.put(path, json=pathway_body(world.patient, status="closed", base_version=1))
    assert assert_problem(stale, 409, "conflict")["server_record"]["status"] == "active"


def test_an_entry_cannot_be_moved_to_another_pathway_by_amending_it(world, as_user, entries):
    client = as_user("kari")
    other = client.post("/api/v1/pathways", json=pathway_body(world.patient, kind="other")).get_json()
    response = client.put(f"/api/v1/conversations/{entries['conversation']}",
                          json=conversation_body(other["id"], base_version=1))
    assert_problem(response, 422, "validation", ("pathway_id",))


def test_amending_an_entry_that_does_not_exist_is_not_found(world, as_user):
    client = as_user("kari")
    response = client.put("/api/v1/conversations/0d9a0000-0000-4000-8000-000000000000",
                          json=conversation_body(world.pathway, base_version=1))
    assert_problem(response, 404, "not-found")


def test_the_psfs_baseline_cannot_be_turned_into_its_own_follow_up(world, as_user, entries):
    client = as_user("kari")
    response = client.put(f"/api/v1/psfs/{entries['psfs']}",
                          json=psfs_body(world.pathway, kind="follow_up", base_version=1))
    assert_problem(response, 422, "validation", ("kind",))


def test_correcting_the_psfs_baseline_keeps_it_the_baseline(world, as_user, entries):
    client = as_user("kari")
    response = client.put(f"/api/v1/psfs/{entries['psfs']}", json=psfs_body(world.pathway, base_version=1))
    assert response.status_code == 200
    assert response.get_json()["kind"] == "baseline"
