"""Every read and write of patient data leaves an audit row: who, what, which patient, from which device."""

from __future__ import annotations

import pytest

from tests.api.builders import ENTRY_KINDS, conversation_body, pathway_body, patient_body

DEVICE = "tablet-7f3a"


def new_events(audit_events, before: int) -> list[dict]:
    return audit_events()[before:]


def test_reading_the_caseload_audits_each_patient_shown(world, as_user, audit_events, user_id):
    client = as_user("kari")
    before = len(audit_events())
    response = client.get("/api/v1/patients", headers={"X-Device-Id": DEVICE})
    assert [p["id"] for p in response.get_json()] == [world.patient]
    assert new_events(audit_events, before) == [
        {"user_id": user_id("kari"), "device_id": DEVICE, "action": "read", "entity": "patient",
         "entity_id": world.patient, "patient_id": world.patient, "detail": "caseload"}]


def test_reading_a_patient_is_audited(world, as_user, audit_events, user_id):
    client = as_user("kari")
    before = len(audit_events())
    assert client.get(f"/api/v1/patients/{world.patient}", headers={"X-Device-Id": DEVICE}).status_code == 200
    [event] = new_events(audit_events, before)
    assert event == {"user_id": user_id("kari"), "device_id": DEVICE, "action": "read", "entity": "patient",
                     "entity_id": world.patient, "patient_id": world.patient, "detail": ""}


def test_listing_a_patients_pathways_is_audited(world, as_user, audit_events):
    client = as_user("kari")
    before = len(audit_events())
    assert client.get(f"/api/v1/patients/{world.patient}/pathways").status_code == 200
    [event] = new_events(audit_events, before)
    assert (event["action"], event["entity"], event["patient_id"]) == ("read", "pathway", world.patient)


@pytest.mark.parametrize("entity", list(ENTRY_KINDS))
def test_reading_an_entry_is_audited(world, as_user, entries, audit_events, user_id, entity):
    client = as_user("kari")
    path = ENTRY_KINDS[entity][0]
    before = len(audit_events())
    assert client.get(f"{path}/{entries[entity]}", headers={"X-Device-Id": DEVICE}).status_code == 200
    [event] = new_events(audit_events, before)
    assert event == {"user_id": user_id("kari"), "device_id": DEVICE, "action": "read", "entity": entity,
                     "entity_id": entries[entity], "patient_id": world.patient, "detail": ""}


@pytest.mark.parametrize("entity", list(ENTRY_KINDS))
def test_listing_a_pathways_entries_is_audited(world, as_user, audit_events, user_id, entity):
    client = as_user("kari")
    plural = ENTRY_KINDS[entity][0].rsplit("/", 1)[1]
    before = len(audit_events())
    response = client.get(f"/api/v1/pathways/{world.pathway}/{plural}", headers={"X-Device-Id": DEVICE})
    assert response.status_code == 200
    [event] = new_events(audit_events, before)
    assert event == {"user_id": user_id("kari"), "device_id": DEVICE, "action": "read", "entity": entity,
                     "entity_id": None, "patient_id": world.patient, "detail": f"pathway {world.pathway}"}


def test_reading_an_entrys_history_is_audited(world, as_user, entries, audit_events):
    client = as_user("kari")
    before = len(audit_events())
    assert client.get(f"/api/v1/conversations/{entries['conversation']}/versions").status_code == 200
    [event] = new_events(audit_events, before)
    assert (event["action"], event["entity_id"], event["detail"]) == ("read", entries["conversation"], "history")


@pytest.mark.parametrize("entity", list(ENTRY_KINDS))
def test_recording_an_entry_is_audited(world, as_user, audit_events, user_id, entity):
    client = as_user("kari")
    path, body = ENTRY_KINDS[entity]
    before = len(audit_events())
    response = client.post(path, json=body(world.pathway), headers={"X-Device-Id": DEVICE})
    assert response.status_code == 201
    assert response.get_json()["device_id"] == DEVICE
    [event] = new_events(audit_events, before)
    assert event == {"user_id": user_id("kari"), "device_id": DEVICE, "action": "write", "entity": entity,
                     "entity_id": response.get_json()["id"], "patient_id": world.patient, "detail": "create"}


def test_amending_an_entry_is_audited(world, as_user, entries, audit_events, user_id):
    client = as_user("lise")
    before = len(audit_events())
    response = client.put(f"/api/v1/conversations/{entries['conversation']}",
                          json=conversation_body(world.pathway, base_version=1), headers={"X-Device-Id": DEVICE})
    assert response.status_code == 200
    [event] = new_events(audit_events, before)
    assert event == {"user_id": user_id("lise"), "device_id": DEVICE, "action": "write",
                     "entity": "conversation", "entity_id": entries["conversation"], "patient_id": world.patient,
                     "detail": "amend"}


def test_registering_a_patient_and_starting_a_pathway_are_audited(world, as_user, audit_events):
    client = as_user("kari")
    before = len(audit_events())
    patient = client.post("/api/v1/patients", json=patient_body(world.nord)).get_json()
    pathway = client.post("/api/v1/pathways", json=pathway_body(patient["id"])).get_json()
    assert [(e["action"], e["entity"], e["entity_id"], e["patient_id"])
            for e in new_events(audit_events, before)] == [
        ("write", "patient", patient["id"], patient["id"]),
        ("write", "pathway", pathway["id"], patient["id"])]


def test_without_a_device_header_the_device_of_the_login_is_recorded(world, client, audit_events):
    client.post("/api/v1/auth/dev-login", json={"username": "kari"}, headers={"X-Device-Id": "login-tablet"})
    before = len(audit_events())
    client.get(f"/api/v1/patients/{world.patient}")
    assert [e["device_id"] for e in new_events(audit_events, before)] == ["login-tablet"]


def test_a_refused_write_leaves_no_write_in_the_audit_log(world, as_user, audit_events):
    client = as_user("kari")
    before = len(audit_events())
    response = client.post("/api/v1/cfs", json=ENTRY_KINDS["cfs"][1](world.pathway, score=0))
    assert response.status_code == 422
    assert new_events(audit_events, before) == []
