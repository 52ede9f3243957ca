"""Server-side sessions: a random token in an HttpOnly cookie, its hash and expiry in the database."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, Response, current_app, g, request
from sqlalchemy.exc import IntegrityError

from app.access import Actor, reset_actor, set_actor
from app.errors import Forbidden, NotAuthenticated, ValidationFailed
from app.extensions import db
from app.models import Device, User, UserSession
from app.models.base import utcnow

COOKIE_NAME = "viktig_session"
DEVICE_HEADER = "X-Device-Id"
# Touching last_seen on every request would write on every read; once a minute is precise enough.
_TOUCH_INTERVAL = timedelta(seconds=60)
# Deny by default: every /api/ endpoint needs a session except these (health, API description, the
# ceremonies that create a session, logout). A new blueprint is protected without anyone remembering to.
PUBLIC_ENDPOINTS = frozenset({
    "system.Ping", "api-docs.openapi_json", "session.Logout", "session.DevLogin",
    "session.LoginOptionsInfo",
    "webauthn.EnrolOptions", "webauthn.EnrolVerify", "webauthn.LoginOptions", "webauthn.LoginVerify",
})


class DeviceRevoked(Forbidden):
    type_slug = "device-revoked"
    title = "This device was revoked"


class DeviceMismatch(NotAuthenticated):
    type_slug = "device-mismatch"
    title = "This session belongs to another device"


_MISMATCH = ("You are logged in from another device than this one (or this device's data was reset). "
             "Log in again on this device.")


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


def bind_device(claimed: str | None, field: str | None = None) -> str | None:
    """The device this session acts from: the one it presented first (normally at login), for its whole life.

    The audit log and sync bookkeeping name this device, so a request cannot claim another one. A
    different claim is refused: as a validation error on `field` when it came in a body, otherwise as
    DeviceMismatch (401), which sends the app back to its login.
    """
    row: UserSession | None = g.get("session_row")
    if row is None or claimed is None or claimed == row.device_id:
        return row.device_id if row is not None else claimed
    if row.device_id is None:
        # Guarded: two first requests racing on two instances bind one device, not the last one's.
        db.session.execute(sa.update(UserSession)
                           .where(UserSession.token_hash == row.token_hash, UserSession.device_id.is_(None))
                           .values(device_id=claimed))
        db.session.commit()
        db.session.refresh(row)
        if row.device_id == claimed:
            register_device(row.user_id, claimed)
            try:
                db.session.commit()
            except IntegrityError:  # the same new device registered at this moment by another session
                db.session.rollback()
            return claimed
    if field:
        raise ValidationFailed(_MISMATCH, errors={field: ["This is not the device this session was started on."]})
    raise DeviceMismatch(_MISMATCH)


def _refuse_revoked_device(device_id: str | None) -> None:
    if device_id is None:
        return
    device = db.session.get(Device, device_id)
    if device is not None and device.revoked_at is not None:
        # docs/sync.md: on this problem type the device wipes its local data.
        raise DeviceRevoked("This device was revoked by an administrator. Its local data must be erased; "
                            "log in again on a device you have been given.")


def _bind_actor() -> None:
    g.session_row = None
    g.actor_token = set_actor(None)
    api = request.path.startswith("/api/")
    public = not api or request.endpoint in PUBLIC_ENDPOINTS
    if api:
        _refuse_revoked_device(request_device_id())
    row = _load_session()
    user = db.session.get(User, row.user_id) if row is not None else None
    if user is not None and user.active:
        g.session_row = row
        try:
            device_id = bind_device(request_device_id())
        except DeviceMismatch:
            g.session_row = None
            if public:  # e.g. logging in afresh on a tablet whose storage was reset: not a refusal
                return
            raise
        if api:
            _refuse_revoked_device(device_id)
        set_actor(actor_for(user, device_id))
    elif not public:
        raise NotAuthenticated("You are not logged in. Log in with your passkey and try again.")


def _unbind_actor(_exc=None) -> None:
    token = g.pop("actor_token", None)
    if token is not None:
        reset_actor(token)


def init_app(app: Flask) -> None:
    app.before_request(_bind_actor)
    app.teardown_request(_unbind_actor)
