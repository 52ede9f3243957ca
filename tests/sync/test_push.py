"""POST /sync/push: applied, duplicate, conflict and rejected answers, limits, and who may push what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.api.builders import (
    activity,
    assert_problem,
    cfs_body,
    checklist_body,
    conversation_body,
    pathway_body,
    patient_body,
    psfs_body,
)
from tests.sync.helpers import DEVICE, PUSH, mutation, new_id, push, statuses


def test_nurse_pushes_one_entry_of_every_kind_and_each_is_applied(synced, count):
    from app.models import AppliedMutation, CfsScore, ChecklistRecord, Conversation, PsfsAssessment

    batch = [mutation("conversation", conversation_body(synced.pathway)),
             mutation("psfs", psfs_body(synced.pathway)),
             mutation("checklist", checklist_body(synced.pathway)),
             mutation("cfs", cfs_body(synced.pathway, score=6))]
    results = push(synced.client, batch)

    assert statuses(results) == ["applied"] * 4
    for sent, result in zip(batch, results, strict=True):
        assert (result["id"], result["entity"], result["entity_id"]) == (sent["id"], sent["entity"],
                                                                          sent["entity_id"])
        assert result["version"] == 1 and result["record"]["id"] == sent["entity_id"]
        assert result["record"]["device_id"] == DEVICE
    assert results[3]["record"]["score"] == 6
    for model in (Conversation, PsfsAssessment, ChecklistRecord, CfsScore):
        assert count(model) == 1
    assert count(AppliedMutation) == 6  # the patient and pathway of the fixture too


def test_retry_after_a_lost_answer_is_duplicate_with_the_first_answer(synced, count):
    from app.models import AuditEvent, CfsScore, ChangeLog

    batch = [mutation("cfs", cfs_body(synced.pathway)), mutation("conversation", conversation_body(synced.pathway))]
    first = push(synced.client, batch)
    changes, writes = count(ChangeLog), count(AuditEvent, action="write")

    again = push(synced.client, batch)

    assert statuses(again) == ["duplicate", "duplicate"]
    for before, after in zip(first, again, strict=True):
        assert {**before, "status": "duplicate"} == after
    assert count(CfsScore) == 1
    assert (count(ChangeLog), count(AuditEvent, action="write")) == (changes, writes)


def test_the_same_id_twice_in_one_batch_applies_once(synced, count):
    from app.models import CfsScore

    entry = mutation("cfs", cfs_body(synced.pathway))
    assert statuses(push(synced.client, [entry, entry])) == ["applied", "duplicate"]
    assert count(CfsScore) == 1


def test_a_reused_id_with_other_content_is_rejected_and_changes_nothing(synced, count):
    from app.models import CfsScore

    entry = mutation("cfs", cfs_body(synced.pathway, score=4))
    push(synced.client, [entry])
    reused = {**entry, "data": cfs_body(synced.pathway, score=8)}

    [result] = push(synced.client, [reused])

    assert result["status"] == "rejected"
    assert "already used for other content" in result["message"]
    assert "id" in result["errors"]
    assert count(CfsScore) == 1 and count(CfsScore, score=8) == 0


def test_stale_amend_is_a_conflict_carrying_the_server_version(synced, count):
    from app.models import AppliedMutation, CfsScore

    created = mutation("cfs", cfs_body(synced.pathway, score=3))
    entry_id = created["entity_id"]
    push(synced.client, [created])
    mine = mutation("cfs", cfs_body(synced.pathway, score=4), op="amend", entity_id=entry_id, base_version=1)
    theirs = mutation("cfs", cfs_body(synced.pathway, score=7), op="amend", entity_id=entry_id, base_version=1)

    results = push(synced.client, [mine, theirs])

    assert statuses(results) == ["applied", "conflict"]
    assert results[0]["version"] == 2
    conflict = results[1]
    assert conflict["server_record"]["version"] == 2 and conflict["server_record"]["score"] == 4
    assert "changed by somebody else" in conflict["message"]
    # Not remembered as applied: resending it answers the conflict again, never `duplicate`.
    assert count(AppliedMutation, id=theirs["id"]) == 0
    assert statuses(push(synced.client, [theirs])) == ["conflict"]
    assert count(CfsScore, id=entry_id) == 2


def test_invalid_entries_are_rejected_with_field_errors_while_the_rest_applies(synced, count):
    from app.models import AppliedMutation

    good_first = mutation("cfs", cfs_body(synced.pathway))
    bad_score = mutation("cfs", cfs_body(synced.pathway, score=12))
    bad_activity = mutation("psfs", psfs_body(synced.pathway, activities=[activity("a1", 11)]))
    no_entity_id = {k: v for k, v in mutation("cfs", cfs_body(synced.pathway)).items() if k != "entity_id"}
    unknown_field = {**mutation("cfs", cfs_body(synced.pathway)), "colour": "blue"}
    naive_time = mutation("cfs", cfs_body(synced.pathway), recorded_at="2026-01-01T10:00:00")
    good_last = mutation("conversation", conversation_body(synced.pathway))

    results = push(synced.client, [good_first, bad_score, bad_activity, no_entity_id, unknown_field,
                                   naive_time, "not a mutation", good_last])

    assert statuses(results) == ["applied"] + ["rejected"] * 6 + ["applied"]
    assert set(results[1]["errors"]) == {"data.score"}
    assert set(results[2]["errors"]) == {"data.activities.0.score"}
    assert set(results[3]["errors"]) == {"entity_id"}
    assert set(results[4]["errors"]) == {"colour"}
    assert set(results[5]["errors"]) == {"recorded_at"}
    assert results[6]["id"] is None and results[6]["errors"]
    assert all(r["message"] for r in results[1:7])
    assert results[1]["id"] == bad_score["id"] and results[1]["entity_id"] == bad_score["entity_id"]
    assert count(AppliedMutation) == 4


def test_clock_far_ahead_is_rejected_naming_recorded_at(synced):
    ahead = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    [result] = push(synced.client, [mutation("cfs", cfs_body(synced.pathway), recorded_at=ahead)])
    assert result["status"] == "rejected" and set(result["errors"]) == {"recorded_at"}


def test_rejected_follow_up_is_applied_when_resent_after_its_baseline_arrived(synced, count):
    from app.models import PsfsAssessment

    follow_up = mutation("psfs", psfs_body(synced.pathway, kind="follow_up"))
    [first] = push(synced.client, [follow_up])
    assert first["status"] == "rejected" and "data.kind" in first["errors"]

    push(synced.client, [mutation("psfs", psfs_body(synced.pathway))])
    [again] = push(synced.client, [follow_up])

    assert again["status"] == "applied"
    assert count(PsfsAssessment) == 2


def test_a_whole_new_patient_with_pathway_and_entries_applies_in_one_batch(world, as_user, count):
    from app.models import Pathway, Patient

    client = as_user("kari")
    patient = mutation("patient", patient_body(world.nord))
    pathway = mutation("pathway", pathway_body(patient["entity_id"]))
    entry = mutation("cfs", cfs_body(pathway["entity_id"]))
    assert statuses(push(client, [patient, pathway, entry])) == ["applied"] * 3
    assert count(Patient, id=patient["entity_id"]) == 1 and count(Pathway, id=pathway["entity_id"]) == 1


def test_nurse_of_another_team_cannot_write_into_a_foreign_pathway(synced, client_for, count):
    from app.models import CfsScore, Pathway

    created = mutation("cfs", cfs_body(synced.pathway))
    push(synced.client, [created])
    sofie = client_for("sofie")

    results = push(sofie, [
        mutation("cfs", cfs_body(synced.pathway)),
        mutation("cfs", cfs_body(synced.pathway, score=9), op="amend", entity_id=created["entity_id"],
                 base_version=1),
        mutation("pathway", pathway_body(synced.patient)),
    ], device_id="sofie-tablet")

    assert statuses(results) == ["rejected"] * 3
    assert "data.pathway_id" in results[0]["errors"]
    assert "data.pathway_id" in results[1]["errors"]
    assert "data.patient_id" in results[2]["errors"]
    assert all("your teams" in r["message"] for r in results)
    assert count(CfsScore) == 1 and count(CfsScore, score=9) == 0 and count(Pathway) == 2


def test_another_user_resending_a_mutation_gets_duplicate_without_the_record(synced, client_for):
    entry = mutation("cfs", cfs_body(synced.pathway))
    push(synced.client, [entry])
    [result] = push(client_for("lise"), [entry], device_id="lise-tablet")
    assert result["status"] == "duplicate" and "record" not in result and result["version"] == 1


def test_push_records_the_device_and_its_outbox_size(synced, app):
    from app.extensions import db
    from app.models import Device

    before = datetime.now(UTC)
    push(synced.client, [mutation("cfs", cfs_body(synced.pathway))], outbox_size=17)
    with app.app_context():
        device = db.session.get(Device, DEVICE)
        assert device.last_outbox_size == 17 and device.last_seen >= before - timedelta(seconds=1)


def test_writes_are_audited_with_the_pushing_device(synced, app):
    from sqlalchemy import select

    from app.extensions import db
    from app.models import AuditEvent

    entry = mutation("cfs", cfs_body(synced.pathway))
    push(synced.client, [entry])
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.entity_id == entry["entity_id"])).one()
        assert (event.action, event.device_id, event.patient_id) == ("write", DEVICE, synced.patient)


def test_revoked_device_is_refused_with_device_revoked(synced, app, count):
    from app.extensions import db
    from app.models import CfsScore, Device

    with app.app_context():
        db.session.get(Device, DEVICE).revoked_at = datetime.now(UTC)
        db.session.commit()
    response = synced.client.post(PUSH, json={"device_id": DEVICE,
                                              "mutations": [mutation("cfs", cfs_body(synced.pathway))]})
    assert_problem(response, 403, "device-revoked")
    assert count(CfsScore) == 0


def test_too_many_mutations_is_422_telling_to_split(synced, app, count):
    from app.models import CfsScore

    app.config["SYNC_MAX_MUTATIONS"] = 3
    batch = [mutation("cfs", cfs_body(synced.pathway)) for _ in range(4)]
    response = synced.client.post(PUSH, json={"device_id": DEVICE, "mutations": batch})
    body = assert_problem(response, 422, "validation", ("mutations",))
    assert "At most 3" in body["detail"] and "further batches" in body["detail"]
    assert count(CfsScore) == 0


def test_too_large_batch_is_413_telling_to_split(synced, app, count):
    from app.models import Conversation

    app.config["SYNC_MAX_BYTES"] = 4000
    big = mutation("conversation", conversation_body(synced.pathway, what_matters="x" * 3900))
    response = synced.client.post(PUSH, json={"device_id": DEVICE, "mutations": [big]})
    body = assert_problem(response, 413, "too-large")
    assert "4000 bytes" in body["detail"] and "smaller batches" in body["detail"]
    assert count(Conversation) == 0


def test_a_bad_envelope_is_422_naming_the_field(synced):
    no_device = synced.client.post(PUSH, json={"mutations": []})
    assert_problem(no_device, 422, "validation", ("device_id",))
    not_a_list = synced.client.post(PUSH, json={"device_id": DEVICE, "mutations": {"id": new_id()}})
    assert_problem(not_a_list, 422, "validation", ("mutations",))
    negative = synced.client.post(PUSH, json={"device_id": DEVICE, "mutations": [], "outbox_size": -1})
    assert_problem(negative, 422, "validation", ("outbox_size",))


def test_anonymous_push_and_pull_are_401(client, world):
    response = client.post(PUSH, json={"device_id": DEVICE, "mutations": []})
    assert_problem(response, 401, "not-authenticated")
    assert_problem(client.get("/api/v1/sync/pull"), 401, "not-authenticated")
