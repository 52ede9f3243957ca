"""Small hand-worked datasets for the reports tests, written through the same path as the API and sync."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from app.domain.content_store import checklist_item_keys

TODAY = date.today()
KEYS = checklist_item_keys()


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def checklist(done: int, not_applicable: int = 0, not_done: list[str] | None = None) -> dict:
    """Items: the first `done` done, the last `not_applicable` not applicable, the rest not_done."""
    items = {}
    for index, key in enumerate(KEYS):
        if index < done:
            items[key] = "done"
        elif index >= len(KEYS) - not_applicable:
            items[key] = "not_applicable"
        else:
            items[key] = "not_done"
    for key in not_done or []:
        items[key] = "not_done"
    return items


class Seeder:
    """Writes patients, pathways and entries as a given user (in an app context)."""

    def __init__(self, username: str = "kari"):
        from sqlalchemy import select

        from app.extensions import db
        from app.models import User
        from app.sessions import actor_for

        user = db.session.scalars(select(User).where(User.username == username)).one()
        self.actor = actor_for(user, "test-device")

    def _write(self, entity: str, data: dict) -> str:
        from app.services.records import apply_change

        record_id = str(uuid.uuid4())
        apply_change(self.actor, entity, "create", record_id, data)
        return record_id

    def pathway(self, team_id: str, start: date, *, name: str = "Ola Hansen",
                conversation: date | None = None,
                goals: list[str] = (), baseline: tuple[date, list[int]] | None = None,
                follow_up: tuple[date, list[int]] | None = None, checklist: dict | None = None,
                cfs: int | None = None, status: str = "active") -> dict:
        given, family = name.split(" ", 1)
        patient = self._write("patient", {"team_id": team_id, "given_name": given, "family_name": family,
                                          "birth_date": "1940-03-01"})
        pathway = self._write("pathway", {"patient_id": patient, "start_date": start.isoformat(),
                                          "status": status})
        ids = {"patient": patient, "pathway": pathway}
        if conversation:
            ids["conversation"] = self._write("conversation", {
                "pathway_id": pathway, "held_on": conversation.isoformat(), "participants": ["pasient"],
                "what_matters": "Å klare seg selv hjemme.",
                "goals": [{"id": f"g{i}", "text": text} for i, text in enumerate(goals, 1)],
                "agreed_actions": ["Fysioterapeut to ganger i uken"]})
        if baseline:
            on, scores = baseline
            ids["baseline"] = self._write("psfs", {
                "pathway_id": pathway, "kind": "baseline", "assessed_on": on.isoformat(),
                "activities": [{"id": f"a{i}", "name": f"Aktivitet {i}", "score": s}
                               for i, s in enumerate(scores, 1)]})
        if follow_up:
            on, scores = follow_up
            ids["follow_up"] = self._write("psfs", {
                "pathway_id": pathway, "kind": "follow_up", "assessed_on": on.isoformat(),
                "activities": [{"id": f"a{i}", "name": f"Aktivitet {i}", "score": s}
                               for i, s in enumerate(scores, 1)]})
        if checklist is not None:
            ids["checklist"] = self._write("checklist", {"pathway_id": pathway, "recorded_on": min(
                TODAY, start + timedelta(days=3)).isoformat(), "template_version": 1, "items": checklist})
        if cfs is not None:
            on = min(start + timedelta(days=1), TODAY)
            ids["cfs"] = self._write("cfs", {"pathway_id": pathway, "assessed_on": on.isoformat(),
                                             "score": cfs})
        return ids


def seed(app, build, username: str = "kari") -> object:
    """Run build(seeder) as that user in an app context and commit; returns what build returns."""
    from app.extensions import db

    with app.app_context():
        result = build(Seeder(username))
        db.session.commit()
        return result
