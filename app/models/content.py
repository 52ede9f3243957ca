"""Pocket-card prompt sets (lommekort): versioned content per organisation and language."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import JsonDoc, UTCDateTime, new_uuid, utcnow


class PocketCardSet(db.Model):
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_uuid)
    org_id: Mapped[str] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    language: Mapped[str] = mapped_column(sa.String(5))
    version: Mapped[int] = mapped_column(default=1)
    content: Mapped[dict] = mapped_column(JsonDoc)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by: Mapped[str | None] = mapped_column(sa.ForeignKey("user.id"))

    __table_args__ = (sa.UniqueConstraint("org_id", "language", "version", name="uq_pocket_card_version"),)
