"""Two sessions push the same batch at the same moment (a retry racing the original): each entry once."""

from __future__ import annotations

import threading
from collections import Counter

from tests.api.builders import cfs_body, conversation_body, patient_body
from tests.sync.helpers import mutation, push


def test_the_same_batch_pushed_twice_at_once_is_applied_once(synced, client_for, count):
    from app.models import AppliedMutation, CfsScore, ChangeLog, Conversation

    created = [mutation("cfs", cfs_body(synced.pathway, score=2)) for _ in range(8)]
    push(synced.client, created)
    clients = [client_for("kari"), client_for("kari")]
    changes_before = count(ChangeLog)
    total = 0
    for round_ in range(4):
        # Creates and amends (of entries made above): the two ways a second apply could slip through.
        batch = [mutation("conversation", conversation_body(synced.pathway)) for _ in range(6)]
        batch += [mutation("cfs", cfs_body(synced.pathway, score=3 + round_), op="amend",
                           entity_id=c["entity_id"], base_version=1 + round_) for c in created]
        total += len(batch)
        answers: list[list[dict]] = [[], []]
        start = threading.Barrier(2)

        def send(slot: int, batch=batch, answers=answers, start=start) -> None:
            start.wait()
            # One of them sends the batch back to front, so the two interleave on every entry.
            order = batch if slot == 0 else batch[::-1]
            results = push(clients[slot], order, device_id="same-tablet")
            answers[slot] = results if slot == 0 else results[::-1]

        threads = [threading.Thread(target=send, args=(slot,)) for slot in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)

        for first, second in zip(*answers, strict=True):
            assert Counter([first["status"], second["status"]]) == Counter(["applied", "duplicate"]), (
                first, second)
            assert first["version"] == second["version"]
    assert count(Conversation) == 24
    assert count(CfsScore) == 8 * 5 and count(CfsScore, score=6) == 8
    assert count(AppliedMutation) == 2 + 8 + total
    assert count(ChangeLog) - changes_before == total


def test_two_nurses_amending_the_same_patient_version_at_once_get_one_conflict(synced, client_for, world):
    clients = [client_for("kari"), client_for("lise")]
    for round_ in range(5):
        answers: list[str] = ["", ""]
        start = threading.Barrier(2)

        def send(slot: int, answers=answers, start=start, base=1 + round_) -> None:
            amend = mutation("patient", patient_body(world.nord, given_name=f"Navn {slot}"), op="amend",
                             entity_id=synced.patient, base_version=base)
            start.wait()
            answers[slot] = push(clients[slot], [amend], device_id=f"tablet-{slot}")[0]["status"]

        threads = [threading.Thread(target=send, args=(slot,)) for slot in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert sorted(answers) == ["applied", "conflict"], answers
