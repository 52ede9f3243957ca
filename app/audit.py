"""Write audit rows for reads and writes of patient data, attributed to the current actor and device."""

from __future__ import annotations

from app.access import optional_actor
from app.extensions import db
from app.models import AuditEvent


def record(action: str, entity: str, entity_id: str | None, patient_id: str | None, detail: str = "") -> None:
    actor = optional_actor()
    db.session.add(AuditEvent(
        user_id=actor.user_id if actor else None,
        device_id=actor.device_id if actor else None,
        action=action,
        entity=entity,
        entity_id=entity_id,
        patient_id=patient_id,
        detail=detail[:300],
    ))


def record_reads(entity: str, rows: list[tuple[str, str | None]], detail: str = "") -> None:
    """One row per patient whose data was read: rows are (entity_id, patient_id)."""
    for entity_id, patient_id in rows:
        record("read", entity, entity_id, patient_id, detail)
