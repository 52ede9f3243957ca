"""A simulated tablet: an outbox of 50 mutations pushed over a bad network with retries and back-off,
sending batches in odd orders and twice, deleting an entry only on `applied` or `duplicate`."""

from __future__ import annotations

import http.client
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tests.api.builders import cfs_body, checklist_body, conversation_body, psfs_body
from tests.sync.harness import Nurse, login, new_id, request

PUSH = "/api/v1/sync/push"


def _mutation(entity: str, data: dict, op: str = "create", entity_id: str | None = None,
              base_version: int | None = None) -> dict:
    return {"id": new_id(), "entity": entity, "entity_id": entity_id or new_id(), "op": op,
            "base_version": base_version, "recorded_at": datetime.now(UTC).isoformat(), "data": data}


@dataclass
class Plan:
    """What the nurse records: creates now, corrections once the original is synced, and 3 bad entries."""

    creates: list[dict] = field(default_factory=list)
    invalid: list[dict] = field(default_factory=list)
    # create entity_id → the scores of its later corrections, in order
    corrections: dict[str, list[int]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.creates) + len(self.invalid) + sum(len(c) for c in self.corrections.values())


def plan_for(nurse: Nurse, rng: random.Random) -> Plan:
    p = nurse.pathway_id
    plan = Plan()
    plan.creates.append(_mutation("psfs", psfs_body(p)))
    plan.creates += [_mutation("conversation", conversation_body(p, what_matters=f"Mål {i}")) for i in range(12)]
    cfs = [_mutation("cfs", cfs_body(p, score=rng.randint(1, 9))) for _ in range(11)]
    plan.creates += cfs + [_mutation("checklist", checklist_body(p)) for _ in range(11)]
    for i, entry in enumerate(cfs[:10]):
        plan.corrections[entry["entity_id"]] = [rng.randint(1, 9) for _ in range(2 if i < 2 else 1)]
    plan.invalid = [_mutation("cfs", cfs_body(p, score=12)),
                    _mutation("conversation", conversation_body(nurse.foreign_pathway_id)),
                    _mutation("checklist", checklist_body(p, items={"no_such_item": "done"}))]
    return plan


class SimDevice:
    def __init__(self, nurse: Nurse, port: int, seed: int, host: str = "127.0.0.1"):
        self.nurse, self.host, self.port = nurse, host, port
        self.rng = random.Random(seed)
        self.device_id = f"sim-{seed:03d}-{new_id()[:8]}"
        self.plan = plan_for(nurse, self.rng)
        self.outbox: list[dict] = list(self.plan.creates)
        for bad in self.plan.invalid:
            self.outbox.insert(self.rng.randrange(len(self.outbox) + 1), bad)
        self.held: dict[str, dict] = {}  # mutation id → the rejected/conflict answer shown to the nurse
        self.acked: dict[str, dict] = {}  # mutation id → mutation, once applied or duplicate
        self.pending_corrections = {k: list(v) for k, v in self.plan.corrections.items()}
        self.requests = self.failures = self.duplicates = 0
        self.problems: list[str] = []  # answers that break the protocol (checked by the test)
        self.cookie: str | None = None

    def run(self, deadline: float) -> None:
        try:
            self._run(deadline)
        except Exception as exc:  # noqa: BLE001 - reported to the test, not lost in a thread
            self.problems.append(f"crashed: {exc!r}")

    def _run(self, deadline: float) -> None:
        self.cookie = login(self.host, self.port, self.nurse.username)
        streak = 0
        while time.monotonic() < deadline:
            pending = [m for m in self.outbox if m["id"] not in self.held]
            if not pending:
                return
            if self.acked and self.rng.random() < 0.08:
                self._replay_old_batch()
            batch = self._pick(pending)
            results = self._send_maybe_twice(batch)
            if results is None:
                streak += 1
                time.sleep(self.rng.uniform(0, min(0.8, 0.04 * 2 ** streak)))  # full jitter
                continue
            streak = 0
            for sent, result in zip(batch, results, strict=True):
                self._handle(sent, result)
        self.problems.append(f"deadline passed with {len(self.outbox)} entries in the outbox")

    def _pick(self, pending: list[dict]) -> list[dict]:
        size = self.rng.randint(1, 8)
        start = self.rng.randrange(len(pending)) if self.rng.random() < 0.3 else 0  # a later batch first
        batch = pending[start:start + size] or pending[:size]
        if self.rng.random() < 0.3:
            batch = self.rng.sample(batch, len(batch))
        if self.rng.random() < 0.1:
            batch = batch + [self.rng.choice(batch)]  # the same entry twice in one batch
        return batch

    def _send(self, batch: list[dict]) -> list[dict] | None:
        self.requests += 1
        body = {"device_id": self.device_id, "outbox_size": len(self.outbox), "mutations": batch}
        try:
            status, answer, _ = request(self.host, self.port, "POST", PUSH, body, self.cookie)
        except (OSError, http.client.HTTPException):
            self.failures += 1
            return None
        if status == 401:
            self.cookie = login(self.host, self.port, self.nurse.username)
        if status != 200 or not isinstance(answer, dict) or len(answer.get("results", [])) != len(batch):
            self.failures += 1
            return None
        return answer["results"]

    def _send_maybe_twice(self, batch: list[dict]) -> list[dict] | None:
        if self.rng.random() >= 0.1:
            return self._send(batch)
        # Two sync triggers at once (timer and «Synkroniser nå»): the same batch on two connections.
        other: list = [None]
        thread = threading.Thread(target=lambda: other.__setitem__(0, self._send(batch)))
        thread.start()
        mine = self._send(batch)
        thread.join()
        return mine or other[0]

    def _replay_old_batch(self) -> None:
        """A stale retry of entries already acknowledged: every answer must be `duplicate`."""
        old = self.rng.sample(list(self.acked.values()), min(5, len(self.acked)))
        results = self._send(old)
        for sent, result in zip(old, results or [], strict=False):
            if result["status"] != "duplicate":
                self.problems.append(f"replayed {sent['id']} answered {result['status']}")

    def _handle(self, sent: dict, result: dict) -> None:
        if result.get("id") != sent["id"]:
            self.problems.append(f"answer for {result.get('id')} in the place of {sent['id']}")
            return
        status = result["status"]
        if status in ("applied", "duplicate"):
            self.duplicates += status == "duplicate"
            if sent["id"] in self.acked or sent not in self.outbox:
                return  # answered twice (same entry twice in a batch, or two sends): handled already
            self.outbox.remove(sent)
            self.acked[sent["id"]] = sent
            self._queue_correction(sent, result["version"])
        elif status in ("conflict", "rejected"):
            self.held[sent["id"]] = result
        else:
            self.problems.append(f"unknown status {status!r}")

    def _queue_correction(self, sent: dict, version: int) -> None:
        scores = self.pending_corrections.get(sent["entity_id"])
        if not scores:
            return
        data = cfs_body(self.nurse.pathway_id, score=scores.pop(0))
        self.outbox.append(_mutation("cfs", data, op="amend", entity_id=sent["entity_id"], base_version=version))
