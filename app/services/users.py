"""Creating users and their one-time enrolment links."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from app.errors import ValidationFailed
from app.extensions import db
from app.models import ROLES, Team, User
from app.models.auth import EnrolmentToken
from app.models.base import utcnow


def create_user(org_id: str, username: str, display_name: str, role: str, team_ids: list[str]) -> User:
    if role not in ROLES:
        raise ValidationFailed(f"Check 'role': unknown role '{role}'.",
                               {"role": [f"Must be one of {', '.join(ROLES)}."]})
    if db.session.scalars(select(User).where(User.username == username)).first():
        raise ValidationFailed(f"Check 'username': {username!r} is taken.", {"username": ["Already taken."]})
    user = User(org_id=org_id, username=username, display_name=display_name, role=role,
                teams=teams_in_org(org_id, team_ids))
    db.session.add(user)
    db.session.flush()
    return user


def teams_in_org(org_id: str, team_ids: list[str]) -> list[Team]:
    teams = db.session.scalars(select(Team).where(Team.id.in_(team_ids), Team.org_id == org_id)).all()
    if len(teams) != len(set(team_ids)):
        raise ValidationFailed("Check 'team_ids': a team does not exist in this organisation.",
                               {"team_ids": ["Unknown team."]})
    return list(teams)


def hash_enrolment_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_enrolment_token(user: User, hours: int, created_by: str | None = None) -> str:
    """Returns the token once; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    db.session.add(EnrolmentToken(token_hash=hash_enrolment_token(token), user_id=user.id, created_by=created_by,
                                  expires_at=utcnow() + timedelta(hours=hours)))
    return token
