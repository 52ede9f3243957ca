"""Crash: SIGKILL gunicorn (master and workers) while two big batches are being applied, restart it,
retry the same batches: the entries committed before the kill answer `duplicate`, the rest `applied`."""

from __future__ import annotations

import http.client
import threading
import time

import pytest
import sqlalchemy as sa

from tests.api.builders import cfs_body, conversation_body
from tests.sync.harness import Server, login, new_id, request, seed

BATCH = 100  # the largest batch a device may send


def big_batch(pathway_id: str) -> list[dict]:
    batch = []
    for i in range(BATCH):
        entity, data = ("cfs", cfs_body(pathway_id, score=1 + i % 9)) if i % 2 else (
            "conversation", conversation_body(pathway_id, what_matters="Å bo hjemme. " * 40))
        batch.append({"id": new_id(), "entity": entity, "entity_id": new_id(), "op": "create",
                      "recorded_at": "2026-01-05T10:00:00+01:00", "data": data})
    return batch


def push(port: int, cookie: str, device: str, batch: list[dict]) -> list[dict]:
    status, body, _ = request("127.0.0.1", port, "POST", "/api/v1/sync/push",
                              {"device_id": device, "outbox_size": len(batch), "mutations": batch}, cookie)
    assert status == 200, body
    return body["results"]


@pytest.mark.slow
def test_server_killed_mid_push_then_retried_stores_each_entry_once(server_db, tmp_path):
    url = server_db
    nurses = seed(url, 2, tmp_path)
    server = Server(url, tmp_path).start()
    engine = sa.create_engine(url)
    try:
        cookies = [login("127.0.0.1", server.port, n.username) for n in nurses]
        batches = [big_batch(n.pathway_id) for n in nurses]
        ids = [m["id"] for batch in batches for m in batch]

        outcomes: dict[int, str] = {}

        def send(slot: int) -> None:
            try:
                push(server.port, cookies[slot], f"tablet-{slot}", batches[slot])
                outcomes[slot] = "answered"  # on a loaded machine one batch may finish before the kill
            except (OSError, http.client.HTTPException):
                outcomes[slot] = "lost"  # the answer dies with the server, as the device would see it
            except AssertionError as exc:
                outcomes[slot] = f"refused: {exc}"

        senders = [threading.Thread(target=send, args=(slot,)) for slot in (0, 1)]
        for thread in senders:
            thread.start()
        deadline = time.monotonic() + 30
        while applied_count(engine, ids) < 20 and time.monotonic() < deadline:
            time.sleep(0.002)
        server.kill()
        for thread in senders:
            thread.join(10)
        committed = applied_ids(engine, ids)
        assert 0 < len(committed) < len(ids), "the kill did not land in the middle of the pushes"
        assert sorted(outcomes) == [0, 1], "a push neither answered nor failed"
        assert "lost" in outcomes.values() and set(outcomes.values()) <= {"lost", "answered"}, outcomes

        server = Server(url, tmp_path, port=server.port).start()
        results = [r for slot in (0, 1) for r in push(server.port, cookies[slot], f"tablet-{slot}",
                                                      batches[slot])]
    finally:
        server.stop()
    assert {r["id"] for r in results if r["status"] == "duplicate"} == committed
    assert {r["id"] for r in results if r["status"] == "applied"} == set(ids) - committed
    assert all(r["version"] == 1 and r["record"]["id"] == r["entity_id"] for r in results)
    with engine.connect() as conn:
        for table in ("conversation", "cfs_score"):
            rows = conn.execute(sa.text(f"SELECT id, count(*) FROM {table} GROUP BY id")).all()
            assert len(rows) == BATCH and {n for _, n in rows} == {1}
        assert conn.execute(sa.text("SELECT count(*) FROM change_log")).scalar() == 2 * BATCH
    assert applied_ids(engine, ids) == set(ids)
    engine.dispose()


def applied_ids(engine: sa.Engine, ids: list[str]) -> set[str]:
    table = sa.table("applied_mutation", sa.column("id"))
    with engine.connect() as conn:
        return set(conn.scalars(sa.select(table.c.id).where(table.c.id.in_(ids))))


def applied_count(engine: sa.Engine, ids: list[str]) -> int:
    return len(applied_ids(engine, ids))
