"""Server-side sessions: a random token in an HttpOnly cookie, its hash and expiry in the database."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import Flask, Response, current_app, g, request

from app.access import Actor, reset_actor, set_actor
from app.extensions import db
from app.models import Device, User, UserSession
from app.models.base import utcnow

COOKIE_NAME = "viktig_session"
DEVICE_HEADER = "X-Device-Id"
# Touching last_seen on every request would write on every read; once a minute is precise enough.
_TOUCH_INTERVAL = timedelta(seconds=60)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_device_id() -> str | None:
    value = (request.headers.get(DEVICE_HEADER) or "").strip()
    return value[:64] or None


def start_session(response: Response, user: User, device_id: str | None) -> None:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    absolute = timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"])
    db.session.add(UserSession(token_hash=hash_token(token), user_id=user.id, device_id=device_id,
                               created_at=now, last_seen_at=now, expires_at=now + absolute))
    if device_id:
        register_device(user.id, device_id)
    response.set_cookie(COOKIE_NAME, token, httponly=True, samesite="Strict", path="/",
                        secure=cookie_secure(), max_age=int(absolute.total_seconds()))


def end_session(response: Response) -> None:
    token = request.cookies.get(COOKIE_NAME)
    if token:
        row = db.session.get(UserSession, hash_token(token))
        if row and row.revoked_at is None:
            row.revoked_at = utcnow()
    response.delete_cookie(COOKIE_NAME, path="/", samesite="Strict", secure=cookie_secure())


def cookie_secure() -> bool:
    return bool(current_app.config["COOKIE_SECURE"] or request.is_secure)


def register_device(user_id: str, device_id: str) -> Device:
    device = db.session.get(Device, device_id)
    if device is None:
        device = Device(id=device_id, user_id=user_id)
        db.session.add(device)
    return device


def _load_session() -> UserSession | None:
    token = request.cookies.get(COOKIE_NAME)
    if not token:
        return None
    row = db.session.get(UserSession, hash_token(token))
    if row is None or row.revoked_at is not None:
        return None
    now = utcnow()
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    if row.expires_at <= now or row.last_seen_at + idle <= now:
        return None
    if now - row.last_seen_at > _TOUCH_INTERVAL:
        row.last_seen_at = now
        db.session.commit()
    return row


def actor_for(user: User, device_id: str | None) -> Actor:
    return Actor(user_id=user.id, org_id=user.org_id, role=user.role, team_ids=frozenset(user.team_ids),
                 device_id=device_id, display_name=user.display_name)


def _bind_actor() -> None:
    g.session_row = None
    g.actor_token = set_actor(None)
    row = _load_session()
    if row is None:
        return
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        return
    g.session_row = row
    set_actor(actor_for(user, request_device_id() or row.device_id))


def _unbind_actor(_exc=None) -> None:
    token = g.pop("actor_token", None)
    if token is not None:
        reset_actor(token)


def init_app(app: Flask) -> None:
    app.before_request(_bind_actor)
    app.teardown_request(_unbind_actor)
