"""Append to the change feed that /sync/pull reads, keeping sequence order equal to commit order."""

from __future__ import annotations

from sqlalchemy import text

from app.extensions import db
from app.models import ChangeLog

# Any constant works; it only has to be the same for every writer of the change log.
_CHANGE_LOG_LOCK = 0x5649_4B54


def log_change(org_id: str, team_id: str | None, entity: str, entity_id: str, op: str = "upsert") -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        # Sequence numbers are handed out before commit; without this lock a pull could read seq 11
        # and move its cursor past seq 10, which commits a moment later and would never be pulled.
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHANGE_LOG_LOCK})
    db.session.add(ChangeLog(org_id=org_id, team_id=team_id, entity=entity, entity_id=entity_id, op=op))
