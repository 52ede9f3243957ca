"""Building outbox mutations and pushing them through the Flask test client."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

DEVICE = "7e3f1c2a-0000-4000-8000-000000000001"
PUSH = "/api/v1/sync/push"
PULL = "/api/v1/sync/pull"


def new_id() -> str:
    return str(uuid.uuid4())


def mutation(entity: str, data: dict, op: str = "create", entity_id: str | None = None,
             base_version: int | None = None, **extra) -> dict:
    body = {"id": new_id(), "entity": entity, "entity_id": entity_id or new_id(), "op": op,
            "recorded_at": datetime.now(UTC).isoformat(), "data": data}
    if base_version is not None:
        body["base_version"] = base_version
    return {**body, **extra}


def push(client, mutations: list, device_id: str = DEVICE, outbox_size: int | None = None) -> list[dict]:
    response = client.post(PUSH, json={"device_id": device_id, "mutations": mutations,
                                       "outbox_size": len(mutations) if outbox_size is None else outbox_size})
    assert response.status_code == 200, response.get_data(as_text=True)
    results = response.get_json()["results"]
    assert len(results) == len(mutations)
    return results


def pull_all(client, cursor: str | None = None, limit: int = 200) -> tuple[list[dict], str, int]:
    """Page until has_more is false: (changes, final cursor, pages)."""
    changes: list[dict] = []
    pages = 0
    while True:
        query = {"limit": limit} | ({"cursor": cursor} if cursor is not None else {})
        response = client.get(PULL, query_string=query)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        changes += body["changes"]
        cursor, pages = body["cursor"], pages + 1
        if not body["has_more"]:
            return changes, cursor, pages


def statuses(results: list[dict]) -> list[str]:
    return [r["status"] for r in results]
