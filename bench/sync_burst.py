"""Sync ingest under a burst: N tablets push 50 entries each at once against gunicorn, compared with one
request per entry and with plain inserts of the same rows in one transaction (the ceiling).

    python bench/sync_burst.py [--devices 200] [--entries 50] [--db sqlite,postgres] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.api.builders import cfs_body, checklist_body, conversation_body  # noqa: E402
from tests.sync.harness import Nurse, Server, fresh_database, login, new_id, request, seed  # noqa: E402

PUSH = "/api/v1/sync/push"


def entries_for(nurse: Nurse, count: int) -> list[dict]:
    builders = (conversation_body, cfs_body, checklist_body)
    entities = ("conversation", "cfs", "checklist")
    now = datetime.now(UTC).isoformat()
    return [{"id": new_id(), "entity": entities[i % 3], "entity_id": new_id(), "op": "create",
             "recorded_at": now, "data": builders[i % 3](nurse.pathway_id)} for i in range(count)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def run_clients(port: int, cookies: list[str], batches: list[list[list[dict]]]) -> tuple[float, list[float]]:
    """Every device sends its batches one after another, all devices at once: (wall seconds, latencies)."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(cookies) + 1)

    def device(slot: int) -> None:
        start.wait()
        for batch in batches[slot]:
            began = time.perf_counter()
            status, body, _ = request("127.0.0.1", port, "POST", PUSH,
                                      {"device_id": f"bench-{slot}", "outbox_size": len(batch),
                                       "mutations": batch}, cookies[slot], timeout=600)
            took = time.perf_counter() - began
            bad = [r for r in (body or {}).get("results", []) if r["status"] != "applied"]
            with lock:
                latencies.append(took)
                if status != 200 or bad:
                    failures.append(f"{status} {bad[:1]}")

    threads = [threading.Thread(target=device, args=(slot,)) for slot in range(len(cookies))]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if failures:
        raise SystemExit(f"{len(failures)} pushes failed, e.g. {failures[0]}")
    return wall, latencies


def raw_ceiling(url: str, nurses: list[Nurse], per_device: int) -> float:
    """Seconds to insert the rows one sync entry writes (entry, applied id, change log, audit) for every
    entry, with plain SQL in one transaction."""
    import sqlalchemy as sa

    from app.models import AppliedMutation, AuditEvent, CfsScore, ChangeLog, User

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        users = dict(conn.execute(sa.select(User.username, User.id)).all())
        org_id = conn.execute(sa.text("SELECT id FROM organisation")).scalar()
    now = datetime.now(UTC)
    entries, applied, changes, audits = [], [], [], []
    for slot, nurse in enumerate(nurses):
        for i in range(per_device):
            entry_id, user_id = new_id(), users[nurse.username]
            entries.append({"id": entry_id, "version": 1, "author_id": user_id, "device_id": f"raw-{slot}",
                            "recorded_at": now, "created_at": now, "pathway_id": nurse.pathway_id,
                            "assessed_on": now.date(), "score": 1 + i % 9})
            applied.append({"id": new_id(), "user_id": user_id, "device_id": f"raw-{slot}",
                            "fingerprint": "0" * 64, "applied_at": now,
                            "result": {"status": "applied", "entity_id": entry_id, "version": 1}})
            changes.append({"org_id": org_id, "team_id": nurse.team_id, "entity": "cfs", "entity_id": entry_id,
                            "op": "upsert", "at": now})
            audits.append({"at": now, "user_id": user_id, "device_id": f"raw-{slot}", "action": "write",
                           "entity": "cfs", "entity_id": entry_id, "patient_id": None, "detail": "create"})
    began = time.perf_counter()
    with engine.begin() as conn:
        for model, rows in ((CfsScore, entries), (AppliedMutation, applied), (ChangeLog, changes),
                            (AuditEvent, audits)):
            conn.execute(model.__table__.insert(), rows)
    took = time.perf_counter() - began
    engine.dispose()
    return took


def bench(kind: str, devices: int, per_device: int, workers: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"viktig-bench-{kind}-"))
    os.environ["VIKTIG_INSTANCE"] = str(folder)
    try:
        url = fresh_database(kind, folder, "viktig_bench")
        nurses = seed(url, devices, folder)
        server = Server(url, folder, workers=workers).start()
        try:
            cookies = [login("127.0.0.1", server.port, n.username) for n in nurses]
            burst = [[entries_for(n, per_device)] for n in nurses]
            burst_s, burst_lat = run_clients(server.port, cookies, burst)
            naive = [[[e] for e in entries_for(n, per_device)] for n in nurses]
            naive_s, naive_lat = run_clients(server.port, cookies, naive)
        finally:
            server.stop()
        raw_s = raw_ceiling(url, nurses, per_device)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if kind == "postgres":
            drop_schema("viktig_bench")
    total = devices * per_device
    return {"kind": kind, "entries": total, "burst_s": burst_s, "burst_rate": total / burst_s,
            "burst_p": [percentile(burst_lat, q) for q in (50, 95, 99)],
            "naive_s": naive_s, "naive_rate": total / naive_s,
            "naive_p": [percentile(naive_lat, q) for q in (50, 95, 99)],
            "raw_s": raw_s, "raw_rate": total / raw_s}


def drop_schema(schema: str) -> None:
    import psycopg

    from tests import databases

    with psycopg.connect(databases.PG_DSN, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def versions() -> str:
    import sqlalchemy as sa

    from tests import databases

    pg = "unreachable"
    if not databases.pg_reachable():
        engine = sa.create_engine(databases.pg_url())
        with engine.connect() as conn:
            pg = conn.execute(sa.text("SHOW server_version")).scalar()
        engine.dispose()
    return (f"{os.cpu_count()} CPUs, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"PostgreSQL {pg}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50, help="entries per device (at most 100)")
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    args = parser.parse_args()
    print(versions())
    print(f"{args.devices} devices × {args.entries} entries, gunicorn -w {args.workers}\n")
    print("| DB | burst: total | entries/s | push p50 / p95 / p99 | one request per entry: total | entries/s "
          "| request p50 / p95 / p99 | batch speed-up | raw inserts, one transaction | ingest ÷ raw |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind in args.db.split(","):
        r = bench(kind, args.devices, args.entries, args.workers)
        ms = " / ".join(f"{p * 1000:.0f}" for p in r["burst_p"])
        naive_ms = " / ".join(f"{p * 1000:.0f}" for p in r["naive_p"])
        print(f"| {kind} | {r['burst_s']:.1f} s | {r['burst_rate']:.0f} | {ms} ms | {r['naive_s']:.1f} s "
              f"| {r['naive_rate']:.0f} | {naive_ms} ms | {r['naive_s'] / r['burst_s']:.1f}× "
              f"| {r['raw_s']:.2f} s ({r['raw_rate']:.0f}/s) | {100 * r['burst_rate'] / r['raw_rate']:.1f} % |",
              flush=True)


if __name__ == "__main__":
    main()
