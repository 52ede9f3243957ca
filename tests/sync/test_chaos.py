"""Chaos: 20 tablets × 50 entries through a proxy that loses, delays, truncates and doubles exchanges,
against real gunicorn workers; afterwards every valid entry is in the database exactly once."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from tests.sync.device_sim import SimDevice
from tests.sync.fault_proxy import FaultProxy
from tests.sync.harness import Server, seed

DEVICES = 20
DEADLINE_S = 75


@pytest.mark.slow
def test_tablets_on_a_bad_network_store_every_entry_exactly_once(server_db, tmp_path):
    url = server_db
    nurses = seed(url, DEVICES, tmp_path)
    server = Server(url, tmp_path).start()
    proxy = FaultProxy(("127.0.0.1", server.port), seed=DEVICES).start()
    devices = [SimDevice(nurse, proxy.port, seed=i) for i, nurse in enumerate(nurses)]
    try:
        deadline = time.monotonic() + DEADLINE_S
        threads = [threading.Thread(target=d.run, args=(deadline,)) for d in devices]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(DEADLINE_S + 30)
    finally:
        proxy.stop()
        server.stop()

    assert [p for d in devices for p in d.problems] == []
    assert all(d.plan.size == 50 for d in devices)
    # The network really was bad, and retries really met entries applied before.
    assert all(proxy.stats[fault] > 0 for fault in ("drop_before", "drop_after", "bad_gateway", "delay",
                                                      "truncate", "twice")), proxy.stats
    assert sum(d.duplicates for d in devices) > 0
    for device in devices:
        # Only the deliberately invalid entries are left, each rejected with a reason.
        assert {m["id"] for m in device.outbox} == {m["id"] for m in device.plan.invalid}
        assert set(device.held) == {m["id"] for m in device.plan.invalid}
        assert all(r["status"] == "rejected" and r["message"] and r["errors"] for r in device.held.values())
    assert_stored_exactly_once(url, devices, tmp_path)


def assert_stored_exactly_once(url: str, devices: list[SimDevice], folder) -> None:
    from sqlalchemy import func, select

    from app import create_app
    from app.extensions import db
    from app.models import AppliedMutation, AuditEvent, CfsScore, ChangeLog
    from app.services.records import CLINICAL_MODELS

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        applied = set(db.session.scalars(select(AppliedMutation.id)))
        valid = {i for d in devices for i in d.acked}
        invalid = {m["id"] for d in devices for m in d.plan.invalid}
        assert applied == valid and not applied & invalid
        assert len(valid) == sum(d.plan.size - 3 for d in devices)

        versions: dict[str, list[int]] = {}
        for model in CLINICAL_MODELS.values():
            for entry_id, version in db.session.execute(select(model.id, model.version)):
                versions.setdefault(entry_id, []).append(version)
        expected = {m["entity_id"]: 1 + len(d.plan.corrections.get(m["entity_id"], []))
                    for d in devices for m in d.plan.creates}
        assert {k: sorted(v) for k, v in versions.items()} == {k: list(range(1, n + 1))
                                                                for k, n in expected.items()}
        logged = Counter(db.session.scalars(select(ChangeLog.entity_id)))
        written = Counter(db.session.scalars(select(AuditEvent.entity_id).where(AuditEvent.action == "write")))
        assert dict(logged) == expected and dict(written) == expected
        for device in devices:
            for entry_id, scores in device.plan.corrections.items():
                current = db.session.scalars(select(CfsScore.score).where(
                    CfsScore.id == entry_id, CfsScore.superseded_at.is_(None))).one()
                assert current == scores[-1]
        assert db.session.scalar(select(func.count()).select_from(AppliedMutation)) == len(valid)
        db.session.remove()
        db.engine.dispose()
