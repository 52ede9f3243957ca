"""Patients (belong to one team) and their pathways (pasientforløp)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, new_uuid, utcnow


class Patient(db.Model):
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_uuid)
    team_id: Mapped[str] = mapped_column(sa.ForeignKey("team.id"), index=True)
    given_name: Mapped[str] = mapped_column(sa.String(120))
    family_name: Mapped[str] = mapped_column(sa.String(120))
    birth_date: Mapped[date | None]
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Pathway(db.Model):
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_uuid)
    patient_id: Mapped[str] = mapped_column(sa.ForeignKey("patient.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20), default="hjemkomst")
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(sa.String(20), default="active")
    checklist_template_version: Mapped[int] = mapped_column(default=1)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
