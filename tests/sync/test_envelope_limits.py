"""What a push envelope may carry: an absurd outbox size or a NUL in the device id is a 422 naming the
field; a NUL inside one entry rejects that entry alone."""

from tests.api.builders import assert_problem, conversation_body
from tests.sync.helpers import mutation, push, statuses


def test_outbox_size_beyond_any_real_device_is_refused(world, as_user):
    response = as_user("kari").post("/api/v1/sync/push", json={
        "device_id": "tablet-1", "outbox_size": 1025361993679, "mutations": []})
    assert response.status_code == 422
    assert "outbox_size" in response.get_json()["errors"]


def test_a_nul_character_in_one_entry_rejects_that_entry_and_the_rest_of_the_batch_applies(synced, count):
    """A tablet back after a day offline must not have its whole batch held back by one bad entry."""
    from app.models import Conversation

    good = [mutation("conversation", conversation_body(synced.pathway)) for _ in range(2)]
    bad = mutation("conversation", conversation_body(synced.pathway, what_matters="Å bo\x00 hjemme"))
    results = push(synced.client, [good[0], bad, good[1]])
    assert statuses(results) == ["applied", "rejected", "applied"]
    assert results[1]["errors"] == {"data.what_matters": ["Must not contain NUL (\\u0000) characters."]}
    assert count(Conversation) == 2


def test_a_nul_character_in_the_device_id_refuses_the_envelope_naming_it(synced):
    response = synced.client.post("/api/v1/sync/push", json={"device_id": "tab\x00let", "mutations": []})
    assert_problem(response, 422, "validation", ("device_id",))
