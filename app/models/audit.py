"""Audit log: every read and write of patient data — who, what, when, from which device."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import BigId, UTCDateTime, utcnow


class AuditEvent(db.Model):
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    user_id: Mapped[str | None] = mapped_column(sa.String(36), index=True)
    device_id: Mapped[str | None] = mapped_column(sa.String(64))
    action: Mapped[str] = mapped_column(sa.String(20))  # read | write | export
    patient_id: Mapped[str | None] = mapped_column(sa.String(36), index=True)
    entity: Mapped[str] = mapped_column(sa.String(30))
    entity_id: Mapped[str | None] = mapped_column(sa.String(36))
    detail: Mapped[str] = mapped_column(sa.String(300), default="")
