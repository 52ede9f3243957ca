"""Organisation (municipality), its teams (soner) and its users with their roles."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, new_uuid, utcnow

ROLES = ("nurse", "leader", "admin")


class Organisation(db.Model):
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_uuid)
    name: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Team(db.Model):
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_uuid)
    org_id: Mapped[str] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))


class TeamMembership(db.Model):
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    team_id: Mapped[str] = mapped_column(sa.ForeignKey("team.id", ondelete="CASCADE"), primary_key=True)


class User(db.Model):
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_uuid)
    org_id: Mapped[str] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    username: Mapped[str] = mapped_column(sa.String(120), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(20))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    teams: Mapped[list[Team]] = relationship(secondary="team_membership", lazy="selectin")

    __table_args__ = (sa.CheckConstraint(f"role IN {ROLES}", name="ck_user_role"),)

    @property
    def team_ids(self) -> list[str]:
        return [team.id for team in self.teams]
