"""A nurse who types something the record cannot hold gets a problem+json answer naming the field; never a 500."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.api.builders import (
    TODAY,
    activity,
    assert_problem,
    cfs_body,
    checklist_body,
    conversation_body,
    pathway_body,
    patient_body,
    psfs_body,
)


def entries_of(client, pathway_id: str, plural: str) -> list:
    response = client.get(f"/api/v1/pathways/{pathway_id}/{plural}")
    assert response.status_code == 200
    return response.get_json()


# --- PSFS -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("score", [11, -1], ids=["above_10", "below_0"])
def test_nurse_cannot_score_psfs_outside_0_to_10(world, as_user, score):
    client = as_user("kari")
    response = client.post("/api/v1/psfs", json=psfs_body(world.pathway, activities=[activity("a1", score)]))
    body = assert_problem(response, 422, "validation", ("activities.0.score",))
    assert body["errors"]["activities.0.score"] == ["Must be a whole number from 0 to 10."]
    assert entries_of(client, world.pathway, "psfs") == []


@pytest.mark.parametrize("score", [7.5, "7"], ids=["fraction", "text"])
def test_nurse_cannot_score_psfs_with_anything_but_a_whole_number(world, as_user, score):
    client = as_user("kari")
    response = client.post("/api/v1/psfs", json=psfs_body(world.pathway, activities=[activity("a1", score)]))
    assert_problem(response, 422, "validation", ("activities.0.score",))


def test_nurse_cannot_name_six_psfs_activities(world, as_user):
    client = as_user("kari")
    six = [activity(f"a{i}", 4) for i in range(6)]
    body = assert_problem(client.post("/api/v1/psfs", json=psfs_body(world.pathway, activities=six)),
                          422, "validation", ("activities",))
    assert "1 to 5 activities" in body["errors"]["activities"][0]


def test_nurse_cannot_save_psfs_without_activities(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/psfs", json=psfs_body(world.pathway, activities=[]))
    assert_problem(response, 422, "validation", ("activities",))


def test_two_psfs_activities_cannot_share_an_id(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/psfs", json=psfs_body(world.pathway, activities=[
        activity("a1", 3), activity("a1", 4)]))
    assert_problem(response, 422, "validation", ("activities",))


def test_psfs_activity_without_id_is_refused_not_a_crash(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/psfs", json=psfs_body(world.pathway, activities=[
        {"name": "Gå", "score": 3}, activity("a2", 4)]))
    assert_problem(response, 422, "validation", ("activities.0.id",))


def test_psfs_follow_up_needs_a_baseline_first(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/psfs", json=psfs_body(world.pathway, kind="follow_up"))
    body = assert_problem(response, 422, "validation", ("kind",))
    assert "baseline" in body["detail"]


def test_psfs_follow_up_must_rescore_every_baseline_activity(world, as_user):
    client = as_user("kari")
    assert client.post("/api/v1/psfs", json=psfs_body(world.pathway)).status_code == 201
    response = client.post("/api/v1/psfs", json=psfs_body(world.pathway, kind="follow_up", activities=[
        activity("a1", 6, "Gå til butikken"), activity("a3", 2, "Gå i trappen")]))
    body = assert_problem(response, 422, "validation", ("activities",))
    assert body["errors"]["activities"] == ["Missing baseline activity: Dusje selv."]
    assert "Dusje selv" in body["detail"]


def test_psfs_follow_up_rescoring_the_baseline_and_adding_one_is_accepted(world, as_user):
    client = as_user("kari")
    assert client.post("/api/v1/psfs", json=psfs_body(world.pathway)).status_code == 201
    response = client.post("/api/v1/psfs", json=psfs_body(world.pathway, kind="follow_up", activities=[
        activity("a1", 6), activity("a2", 7), activity("a3", 2)]))
    assert response.status_code == 201, response.get_json()


def test_a_pathway_has_one_psfs_baseline(world, as_user):
    client = as_user("kari")
    assert client.post("/api/v1/psfs", json=psfs_body(world.pathway)).status_code == 201
    response = client.post("/api/v1/psfs", json=psfs_body(world.pathway))
    assert_problem(response, 422, "validation", ("kind",))


# --- checklist -----------------------------------------------------------------------------------------

def test_nurse_cannot_tick_an_unknown_checklist_item(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/checklists", json=checklist_body(world.pathway, items={"hph9_coffee": "done"}))
    body = assert_problem(response, 422, "validation", ("items.hph9_coffee",))
    assert body["errors"]["items.hph9_coffee"] == ["Unknown checklist item 'hph9_coffee'."]


def test_nurse_cannot_give_a_checklist_item_an_unknown_status(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/checklists",
                           json=checklist_body(world.pathway, items={"hph0_hospital_info": "maybe"}))
    body = assert_problem(response, 422, "validation", ("items.hph0_hospital_info",))
    assert body["errors"]["items.hph0_hospital_info"] == ["Must be one of done, not_done, not_applicable."]


def test_checklist_of_an_unknown_template_version_is_refused(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/checklists", json=checklist_body(world.pathway, template_version=99))
    assert_problem(response, 422, "validation", ("template_version",))


# --- dates and the device clock ------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "build", "field"), [
    ("/api/v1/conversations", conversation_body, "held_on"),
    ("/api/v1/psfs", psfs_body, "assessed_on"),
    ("/api/v1/cfs", cfs_body, "assessed_on"),
    ("/api/v1/checklists", checklist_body, "recorded_on"),
], ids=["conversation", "psfs", "cfs", "checklist"])
def test_nurse_cannot_date_an_entry_two_days_ahead(world, as_user, path, build, field):
    client = as_user("kari")
    two_days_ahead = (TODAY + timedelta(days=2)).isoformat()
    body = assert_problem(client.post(path, json=build(world.pathway, **{field: two_days_ahead})),
                          422, "validation", (field,))
    assert "in the future" in body["errors"][field][0]


@pytest.mark.parametrize(("path", "build", "field"), [
    ("/api/v1/conversations", conversation_body, "held_on"),
    ("/api/v1/conversations", conversation_body, "next_follow_up"),
    ("/api/v1/psfs", psfs_body, "assessed_on"),
    ("/api/v1/cfs", cfs_body, "assessed_on"),
    ("/api/v1/checklists", checklist_body, "recorded_on"),
], ids=["conversation", "follow-up", "psfs", "cfs", "checklist"])
def test_a_year_typed_wrong_into_the_past_is_refused_asking_to_check_the_year(world, as_user, path, build, field):
    client = as_user("kari")
    body = assert_problem(client.post(path, json=build(world.pathway, **{field: "0226-11-25"})),
                          422, "validation", (field,))
    assert "Check the year" in body["errors"][field][0]


def test_a_follow_up_planned_years_ahead_is_refused_and_one_within_two_years_accepted(world, as_user):
    client = as_user("kari")
    years_ahead = (TODAY + timedelta(days=3 * 365)).isoformat()
    body = assert_problem(client.post("/api/v1/conversations",
                                      json=conversation_body(world.pathway, next_follow_up=years_ahead)),
                          422, "validation", ("next_follow_up",))
    assert "more than two years ahead" in body["errors"]["next_follow_up"][0]
    next_year = (TODAY + timedelta(days=365)).isoformat()
    ok = client.post("/api/v1/conversations", json=conversation_body(world.pathway, next_follow_up=next_year))
    assert ok.status_code == 201, ok.get_json()


@pytest.mark.parametrize(("birth_date", "status"), [("1899-12-31", 422), ("1900-01-01", 201)])
def test_birth_dates_before_1900_are_refused(world, as_user, birth_date, status):
    response = as_user("kari").post("/api/v1/patients", json=patient_body(world.nord, birth_date=birth_date))
    assert response.status_code == status, response.get_json()
    if status == 422:
        assert list(response.get_json()["errors"]) == ["birth_date"]


def test_a_pathway_starting_in_1926_is_refused_naming_start_date(world, as_user):
    response = as_user("kari").post("/api/v1/pathways", json=pathway_body(world.patient, start_date="1926-11-25"))
    assert_problem(response, 422, "validation", ("start_date",))


def test_entry_dated_tomorrow_is_accepted_for_time_zones_and_fast_clocks(world, as_user):
    client = as_user("kari")
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = client.post("/api/v1/conversations", json=conversation_body(world.pathway, held_on=tomorrow))
    assert response.status_code == 201


def test_device_clock_an_hour_ahead_is_refused(world, as_user):
    client = as_user("kari")
    an_hour_ahead = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    response = client.post("/api/v1/conversations",
                           json=conversation_body(world.pathway, recorded_at=an_hour_ahead))
    body = assert_problem(response, 422, "validation", ("recorded_at",))
    assert "10 minutes" in body["errors"]["recorded_at"][0]


def test_device_clock_a_few_minutes_ahead_is_accepted(world, as_user):
    client = as_user("kari")
    five_minutes_ahead = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
    response = client.post("/api/v1/conversations",
                           json=conversation_body(world.pathway, recorded_at=five_minutes_ahead))
    assert response.status_code == 201
    assert response.get_json()["recorded_at"].startswith(five_minutes_ahead[:16])


@pytest.mark.parametrize("recorded_at", ["0001-01-01T00:00:00+14:00", "1970-01-01T00:00:00+00:00"])
def test_device_clock_in_the_distant_past_is_refused(world, as_user, recorded_at):
    client = as_user("kari")
    response = client.post("/api/v1/conversations",
                           json=conversation_body(world.pathway, recorded_at=recorded_at))
    assert_problem(response, 422, "validation", ("recorded_at",))


def test_device_time_without_a_zone_is_refused(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/conversations",
                           json=conversation_body(world.pathway, recorded_at="2026-01-01T10:00:00"))
    assert_problem(response, 422, "validation", ("recorded_at",))


def test_pathway_cannot_end_before_it_starts(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/pathways", json=pathway_body(
        world.patient, start_date=TODAY.isoformat(), end_date=(TODAY - timedelta(days=3)).isoformat()))
    body = assert_problem(response, 422, "validation", ("end_date",))
    assert body["errors"]["end_date"] == ["The end date is before the start date."]


# --- text, shape and types -----------------------------------------------------------------------------

def test_what_matters_longer_than_4000_characters_is_refused(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/conversations",
                           json=conversation_body(world.pathway, what_matters="x" * 4001))
    body = assert_problem(response, 422, "validation", ("what_matters",))
    assert body["errors"]["what_matters"] == ["Must be at most 4000 characters."]


def test_what_matters_of_exactly_4000_characters_is_kept_whole(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/conversations",
                           json=conversation_body(world.pathway, what_matters="x" * 4000))
    assert response.status_code == 201
    assert len(response.get_json()["what_matters"]) == 4000


def test_text_with_a_nul_character_is_refused_on_every_database(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/conversations",
                           json=conversation_body(world.pathway, what_matters="før\u0000etter"))
    # app/security.py refuses NUL anywhere in a request before the body is parsed, naming the field.
    body = assert_problem(response, 422, "validation", ("what_matters",))
    assert body["errors"]["what_matters"] == ["Must not contain NUL characters."]
    assert entries_of(client, world.pathway, "conversations") == []


def test_the_entry_rules_themselves_refuse_nul_characters_by_field(world, app):
    """Also for entries that do not come through an HTTP body check (sync batches, imports)."""
    from app.errors import ValidationFailed
    from app.services.records import validate

    with pytest.raises(ValidationFailed) as refused:
        validate("conversation", conversation_body(world.pathway, what_matters="før\u0000etter",
                                                   participants=["pasient\u0000"]))
    assert set(refused.value.errors) == {"what_matters", "participants.0"}
    assert refused.value.errors["what_matters"] == ["Must not contain NUL (\\u0000) characters."]


def test_an_unknown_field_is_refused_not_ignored(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/conversations", json=conversation_body(world.pathway, mood="glad"))
    body = assert_problem(response, 422, "validation", ("mood",))
    assert body["errors"]["mood"] == ["Unknown field."]


def test_a_body_that_is_not_json_is_refused(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/conversations", data='{"pathway_id": ', content_type="application/json")
    body = assert_problem(response, 400, "bad-request", ("_schema",))
    assert body["errors"]["_schema"] == ["Invalid JSON body."]


def test_a_form_posted_instead_of_json_is_refused_as_the_wrong_media_type(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/conversations", data={"pathway_id": world.pathway, "held_on": "2026-01-01"})
    body = assert_problem(response, 415, "unsupported-media-type", ("_schema",))
    assert "application/json" in body["detail"]


def test_a_list_instead_of_an_object_is_refused(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/conversations", json=[conversation_body(world.pathway)])
    body = assert_problem(response, 422, "validation", ("_schema",))
    assert body["errors"]["_schema"] == ["Must be a JSON object."]


@pytest.mark.parametrize(("path", "build", "field", "wrong"), [
    ("/api/v1/checklists", checklist_body, "items", ["hph0_hospital_info"]),
    ("/api/v1/psfs", psfs_body, "activities", {"a1": 3}),
    ("/api/v1/conversations", conversation_body, "goals", "Lage middag"),
    ("/api/v1/conversations", conversation_body, "held_on", 20260101),
    ("/api/v1/cfs", cfs_body, "score", {"value": 5}),
], ids=["items_list", "activities_object", "goals_text", "date_number", "score_object"])
def test_a_field_of_the_wrong_type_is_refused(world, as_user, path, build, field, wrong):
    client = as_user("kari")
    assert_problem(client.post(path, json=build(world.pathway, **{field: wrong})), 422, "validation", (field,))


def test_a_psfs_activity_that_is_not_an_object_is_refused(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/psfs", json=psfs_body(world.pathway, activities=[["a1", 3]]))
    body = assert_problem(response, 422, "validation", ("activities.0._schema",))
    assert body["errors"]["activities.0._schema"] == ["Must be a JSON object."]


# --- CFS -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("score", [0, 10])
def test_nurse_cannot_score_cfs_outside_1_to_9(world, as_user, score):
    client = as_user("kari")
    body = assert_problem(client.post("/api/v1/cfs", json=cfs_body(world.pathway, score=score)),
                          422, "validation", ("score",))
    assert body["errors"]["score"] == ["Must be a whole number from 1 to 9."]


@pytest.mark.parametrize("score", [1, 9])
def test_cfs_from_1_to_9_is_accepted(world, as_user, score):
    client = as_user("kari")
    assert client.post("/api/v1/cfs", json=cfs_body(world.pathway, score=score)).status_code == 201


# --- amendments ----------------------------------------------------------------------------------------

def test_amend_without_base_version_is_refused(world, as_user, entries):
    client = as_user("kari")
    response = client.put(f"/api/v1/conversations/{entries['conversation']}",
                          json=conversation_body(world.pathway, what_matters="Rettet"))
    body = assert_problem(response, 422, "validation", ("base_version",))
    assert body["errors"]["base_version"] == ["Missing data for required field."]


@pytest.mark.parametrize("base_version", [0, 2**70, "1", 1.5])
def test_amend_with_an_impossible_base_version_is_refused(world, as_user, entries, base_version):
    client = as_user("kari")
    response = client.put(f"/api/v1/conversations/{entries['conversation']}",
                          json=conversation_body(world.pathway, base_version=base_version))
    assert_problem(response, 422, "validation", ("base_version",))


def test_entry_for_a_pathway_that_does_not_exist_names_the_pathway_field(world, as_user):
    client = as_user("kari")
    response = client.post("/api/v1/cfs", json=cfs_body("0d9a0000-0000-4000-8000-000000000000"))
    assert_problem(response, 422, "validation", ("pathway_id",))


def test_entry_id_chosen_by_the_device_is_kept(world, as_user):
    client = as_user("kari")
    device_id = "6f0c0000-0000-4000-8000-0000000000aa"
    response = client.post("/api/v1/cfs", json=cfs_body(world.pathway, id=device_id))
    assert response.status_code == 201
    assert response.get_json()["id"] == device_id
    again = client.post("/api/v1/cfs", json=cfs_body(world.pathway, id=device_id))
    assert "exists already" in assert_problem(again, 422, "validation")["detail"]
