"""Sync bookkeeping: applied mutation ids (exactly once), the change feed for pulls, and devices."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import BigId, JsonDoc, UTCDateTime, utcnow


class AppliedMutation(db.Model):
    """Kept for ever: the primary key is what makes a retried mutation a no-op."""

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(sa.String(36))
    device_id: Mapped[str | None] = mapped_column(sa.String(64))
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    result: Mapped[dict] = mapped_column(JsonDoc)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ChangeLog(db.Model):
    """Monotonic feed of what changed, scoped by team, read by /sync/pull."""

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    team_id: Mapped[str | None] = mapped_column(sa.String(36), index=True)
    entity: Mapped[str] = mapped_column(sa.String(30))
    entity_id: Mapped[str] = mapped_column(sa.String(36))
    op: Mapped[str] = mapped_column(sa.String(10), default="upsert")  # upsert | remove
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Device(db.Model):
    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("user.id"), index=True)
    label: Mapped[str] = mapped_column(sa.String(200), default="")
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_outbox_size: Mapped[int | None]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
