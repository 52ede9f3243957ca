"""How fast the leader's reports answer on SQLite with 5 000 pathways in one team.

    python bench/reports_bench.py [--pathways 5000] [--repeat 5]

Seeds a throw-away SQLite database (bulk inserts, not the API: the seed is not what is measured), logs in
as the leader through dev-login and times each report endpoint through the WSGI app, median of --repeat
runs after one warm-up. The target in the issue: < 1 s for the board and the run charts.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ENDPOINTS = [
    ("board", "/api/v1/reports/board"),
    ("runcharts", "/api/v1/reports/runcharts"),
    ("export checklist.csv", "/api/v1/reports/export/checklist.csv"),
    ("export psfs.csv", "/api/v1/reports/export/psfs.csv"),
]


def seed(app, pathways: int) -> tuple[str, date]:
    from app.domain.content_store import checklist_item_keys
    from app.extensions import db
    from app.models import (
        CfsScore,
        ChecklistRecord,
        Conversation,
        Organisation,
        Pathway,
        Patient,
        PsfsAssessment,
        Team,
    )
    from app.services.users import create_user

    rng = random.Random(7)
    today = date.today()
    now = datetime.now(UTC)
    keys = checklist_item_keys()
    with app.app_context():
        org = Organisation(name="Benchkommune")
        db.session.add(org)
        db.session.flush()
        team = Team(org_id=org.id, name="Sone Bench")
        db.session.add(team)
        db.session.flush()
        leader = create_user(org.id, "leder", "Lise Leder", "leader", [team.id])
        rows: dict[type, list[dict]] = {m: [] for m in (Patient, Pathway, Conversation, PsfsAssessment,
                                                        ChecklistRecord, CfsScore)}
        meta = {"version": 1, "author_id": leader.id, "recorded_at": now, "created_at": now}
        for i in range(pathways):
            patient_id, pathway_id = str(uuid.uuid4()), str(uuid.uuid4())
            start = today - timedelta(days=rng.randrange(0, 365))
            rows[Patient].append({"id": patient_id, "team_id": team.id, "given_name": f"P{i}",
                                  "family_name": "Bench", "version": 1, "created_at": now, "updated_at": now})
            rows[Pathway].append({"id": pathway_id, "patient_id": patient_id, "kind": "hjemkomst",
                                  "start_date": start, "status": "active", "checklist_template_version": 1,
                                  "version": 1, "created_at": now, "updated_at": now})
            age = (today - start).days
            if rng.random() < 0.9:
                rows[Conversation].append({**meta, "id": str(uuid.uuid4()), "pathway_id": pathway_id,
                                           "held_on": min(today, start + timedelta(days=rng.randrange(0, 6))),
                                           "participants": ["pasient"], "what_matters": "Klare meg selv",
                                           "goals": [{"id": "g1", "text": "Gå tur"}], "agreed_actions": [],
                                           "prompts_used": []})
                base_on = min(today, start + timedelta(days=rng.randrange(0, 5)))
                acts = [{"id": f"a{k}", "name": f"Aktivitet {k}", "score": rng.randrange(0, 8)}
                        for k in range(3)]
                rows[PsfsAssessment].append({**meta, "id": str(uuid.uuid4()), "pathway_id": pathway_id,
                                             "kind": "baseline", "assessed_on": base_on, "activities": acts})
                if age > 30 and rng.random() < 0.7:
                    rows[PsfsAssessment].append({
                        **meta, "id": str(uuid.uuid4()), "pathway_id": pathway_id, "kind": "follow_up",
                        "assessed_on": base_on + timedelta(days=28),
                        "activities": [{**a, "score": min(10, a["score"] + rng.randrange(0, 5))}
                                       for a in acts]})
            rows[ChecklistRecord].append({**meta, "id": str(uuid.uuid4()), "pathway_id": pathway_id,
                                          "recorded_on": min(today, start + timedelta(days=3)),
                                          "template_version": 1,
                                          "items": {k: rng.choice(["done", "done", "done", "not_done",
                                                                   "not_applicable"]) for k in keys}})
            if rng.random() < 0.4:
                rows[CfsScore].append({**meta, "id": str(uuid.uuid4()), "pathway_id": pathway_id,
                                       "assessed_on": min(today, start + timedelta(days=1)),
                                       "score": rng.randrange(1, 10)})
        for model, values in rows.items():
            if values:
                db.session.execute(model.__table__.insert(), values)
        db.session.commit()
        return team.id, today


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pathways", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="viktig-bench-")
    os.environ["VIKTIG_INSTANCE"] = folder
    os.environ.setdefault("VIKTIG_SECRET_KEY", "bench-only")
    from app import create_app
    from app.database import upgrade_schema

    url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    upgrade_schema(app)
    started = time.perf_counter()
    seed(app, args.pathways)
    print(f"seeded {args.pathways} pathways in {time.perf_counter() - started:.1f} s ({url})")

    client = app.test_client()
    assert client.post("/api/v1/auth/dev-login", json={"username": "leder"}).status_code == 200
    query = {"from": (date.today() - timedelta(days=366)).isoformat()}
    print(f"{'endpoint':<24} {'median ms':>10} {'max ms':>8}  rows")
    for name, path in ENDPOINTS:
        times = []
        for attempt in range(args.repeat + 1):
            t0 = time.perf_counter()
            response = client.get(path, query_string=query)
            elapsed = (time.perf_counter() - t0) * 1000
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            if attempt:
                times.append(elapsed)
        body = response.get_json(silent=True)
        size = (body.get("pathways") if name == "board" else
                len(body["checklist_fulfilment"]["points"]) if body else
                response.get_data(as_text=True).count("\n") - 1)
        print(f"{name:<24} {statistics.median(times):>10.0f} {max(times):>8.0f}  {size}")


if __name__ == "__main__":
    main()
