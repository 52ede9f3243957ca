"""An absurd outbox size in a push envelope is a 422 naming the field, not a database overflow."""


def test_outbox_size_beyond_any_real_device_is_refused(world, as_user):
    response = as_user("kari").post("/api/v1/sync/push", json={
        "device_id": "tablet-1", "outbox_size": 1025361993679, "mutations": []})
    assert response.status_code == 422
    assert "outbox_size" in response.get_json()["errors"]
