"""Clinical entries: append-only versions; a correction is a new row that names the version it amends."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from app.extensions import db
from app.models.base import BigId, JsonDoc, UTCDateTime, utcnow


class ClinicalEntry:
    """One row per version. `id` is the record's identity (device UUID); (id, version) is unique."""

    pk: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(sa.String(36), index=True)
    version: Mapped[int] = mapped_column(default=1)
    amends_version: Mapped[int | None]
    # Set when a newer version exists; the content of the row itself is never changed.
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    author_id: Mapped[str] = mapped_column(sa.ForeignKey("user.id"))
    device_id: Mapped[str | None] = mapped_column(sa.String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @declared_attr
    def pathway_id(cls) -> Mapped[str]:
        return mapped_column(sa.ForeignKey("pathway.id"), index=True)

    @declared_attr.directive
    def __table_args__(cls):
        return (sa.UniqueConstraint("id", "version", name=f"uq_{cls.__tablename__}_id_version"),)

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class Conversation(ClinicalEntry, db.Model):
    """«Hva er viktig for deg?»"""

    held_on: Mapped[date]
    participants: Mapped[list] = mapped_column(JsonDoc, default=list)
    what_matters: Mapped[str] = mapped_column(sa.Text, default="")
    goals: Mapped[list] = mapped_column(JsonDoc, default=list)
    agreed_actions: Mapped[list] = mapped_column(JsonDoc, default=list)
    prompts_used: Mapped[list] = mapped_column(JsonDoc, default=list)
    next_follow_up: Mapped[date | None]


class PsfsAssessment(ClinicalEntry, db.Model):
    kind: Mapped[str] = mapped_column(sa.String(20))
    assessed_on: Mapped[date]
    activities: Mapped[list] = mapped_column(JsonDoc)


class ChecklistRecord(ClinicalEntry, db.Model):
    recorded_on: Mapped[date]
    template_version: Mapped[int] = mapped_column(default=1)
    items: Mapped[dict] = mapped_column(JsonDoc)


class CfsScore(ClinicalEntry, db.Model):
    assessed_on: Mapped[date]
    score: Mapped[int]
