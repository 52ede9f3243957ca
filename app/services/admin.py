"""Managing people and their keys: users and invites, passkeys, devices, sessions, and the per-patient audit.

Scope: an admin manages the whole organisation; a leader manages the nurses of her own teams.
"""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select, update

from app import audit
from app.access import Actor, require_role
from app.errors import Forbidden, NotFound, ValidationFailed
from app.extensions import db
from app.models import AuditEvent, Credential, Device, Patient, Team, User, UserSession
from app.models.base import utcnow
from app.services.users import create_enrolment_token, create_user, teams_in_org


def _manageable(actor: Actor, user: User | None) -> User:
    if user is None or user.org_id != actor.org_id:
        raise NotFound("No such user in your organisation.")
    if actor.is_admin:
        return user
    if user.role == "nurse" and set(user.team_ids) & set(actor.team_ids):
        return user
    raise Forbidden("Leaders manage the nurses of their own teams; ask an administrator.")


def _user_by_id(actor: Actor, user_id: str) -> User:
    require_role("admin", "leader")
    return _manageable(actor, db.session.get(User, user_id))


def user_summary(user: User) -> dict:
    passkeys = db.session.scalar(select(func.count()).select_from(Credential).where(
        Credential.user_id == user.id, Credential.revoked_at.is_(None)))
    return {"id": user.id, "username": user.username, "display_name": user.display_name, "role": user.role,
            "active": user.active, "teams": [{"id": t.id, "name": t.name} for t in user.teams],
            "passkeys": passkeys}


def assignable_teams(actor: Actor) -> list[Team]:
    """The teams the actor may put people in: an admin every team of the organisation, a leader her own."""
    require_role("admin", "leader")
    query = select(Team).where(Team.org_id == actor.org_id).order_by(Team.name)
    if not actor.is_admin:
        query = query.where(Team.id.in_(actor.team_ids))
    return list(db.session.scalars(query))


def list_users(actor: Actor) -> list[dict]:
    require_role("admin", "leader")
    users = db.session.scalars(select(User).where(User.org_id == actor.org_id).order_by(User.display_name))
    visible = []
    for user in users:
        try:
            visible.append(_manageable(actor, user))
        except Forbidden:
            continue
    return [user_summary(u) for u in visible]


def invite_user(actor: Actor, username: str, display_name: str, role: str, team_ids: list[str],
                hours: int) -> tuple[User, str]:
    """Create the account and its first enrolment link; the token is returned once, only its hash is kept."""
    require_role("admin", "leader")
    if not actor.is_admin:
        if role != "nurse":
            raise Forbidden("Leaders can create nurses only; ask an administrator for other roles.")
        if not team_ids or not set(team_ids) <= set(actor.team_ids):
            raise ValidationFailed("Check 'team_ids': choose one or more of your own teams.",
                                   {"team_ids": ["Must be teams you lead."]})
    user = create_user(actor.org_id, username, display_name, role, team_ids)
    return user, create_enrolment_token(user, hours, created_by=actor.user_id)


def update_user(actor: Actor, user_id: str, changes: dict) -> User:
    """Rename, move between teams, change role (admin only) or deactivate a user.

    A leader changes only her own teams in the user's list: memberships of other teams stay. A user who
    is deactivated is logged out everywhere. Nobody changes her own role or deactivates herself, so an
    organisation cannot lock its last administrator out by mistake.
    """
    user = _user_by_id(actor, user_id)
    own = user.id == actor.user_id
    if "role" in changes and changes["role"] != user.role:
        if not actor.is_admin:
            raise Forbidden("Only an administrator changes roles.")
        if own:
            raise Forbidden("You cannot change your own role; ask another administrator.")
        user.role = changes["role"]
    if "team_ids" in changes:
        wanted = teams_in_org(actor.org_id, changes["team_ids"])
        if not actor.is_admin:
            if not {t.id for t in wanted} <= set(actor.team_ids):
                raise ValidationFailed("Check 'team_ids': you can add or remove only teams you lead.",
                                       {"team_ids": ["Must be teams you lead."]})
            wanted += [t for t in user.teams if t.id not in actor.team_ids]
        user.teams = wanted
    if "display_name" in changes:
        user.display_name = changes["display_name"]
    if "active" in changes and changes["active"] != user.active:
        if own:
            raise Forbidden("You cannot deactivate yourself; ask another administrator.")
        user.active = changes["active"]
        if not user.active:
            _end_sessions(user.id)
    db.session.flush()
    return user


def new_enrolment_link(actor: Actor, user_id: str, hours: int) -> tuple[User, str]:
    user = _user_by_id(actor, user_id)
    return user, create_enrolment_token(user, hours, created_by=actor.user_id)


def list_credentials(actor: Actor, user_id: str) -> list[Credential]:
    user = _user_by_id(actor, user_id)
    return list(db.session.scalars(select(Credential).where(Credential.user_id == user.id)
                                   .order_by(Credential.created_at)))


def revoke_credential(actor: Actor, credential_row_id: str) -> Credential:
    credential = db.session.get(Credential, credential_row_id)
    if credential is None:
        raise NotFound("No such passkey.")
    _user_by_id(actor, credential.user_id)
    if credential.revoked_at is None:
        credential.revoked_at = utcnow()
    return credential


def list_devices(actor: Actor, user_id: str) -> list[Device]:
    user = _user_by_id(actor, user_id)
    query = select(Device).where(Device.user_id == user.id).order_by(Device.last_seen)
    return list(db.session.scalars(query))


def revoke_device(actor: Actor, device_id: str) -> Device:
    """The device is refused from now on (403 device-revoked, after which it wipes itself) and every
    session opened from it ends."""
    device = db.session.get(Device, device_id)
    if device is None:
        raise NotFound("No such device.")
    _user_by_id(actor, device.user_id)
    now = utcnow()
    if device.revoked_at is None:
        device.revoked_at = now
    db.session.execute(update(UserSession).where(UserSession.device_id == device.id,
                                                 UserSession.revoked_at.is_(None)).values(revoked_at=now))
    return device


def revoke_sessions(actor: Actor, user_id: str) -> int:
    return _end_sessions(_user_by_id(actor, user_id).id)


def _end_sessions(user_id: str) -> int:
    result = db.session.execute(update(UserSession).where(UserSession.user_id == user_id,
                                                          UserSession.revoked_at.is_(None))
                                .values(revoked_at=utcnow()))
    return result.rowcount


# --- «Hvem har sett journalen min?» -------------------------------------------------------------------

def _patient_in_org(actor: Actor, patient_id: str) -> Patient:
    require_role("admin")
    patient = db.session.get(Patient, patient_id)
    team = db.session.get(Team, patient.team_id) if patient else None
    if team is None or team.org_id != actor.org_id:
        raise NotFound("No such patient in your organisation.")
    return patient


def patient_audit(actor: Actor, patient_id: str) -> list[dict]:
    """Every recorded read, write and export of one patient's data, newest first, with names.
    Looking at the log is logged too (after the listing, so it shows from the next look on)."""
    events = _events(actor, patient_id)
    audit.record("read", "audit_log", None, patient_id, "audit log viewed")
    return events


def _events(actor: Actor, patient_id: str) -> list[dict]:
    _patient_in_org(actor, patient_id)
    rows = db.session.execute(
        select(AuditEvent, User.display_name, User.username)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(AuditEvent.patient_id == patient_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ).all()
    return [{"at": event.at, "user_id": event.user_id, "username": username, "display_name": name,
             "device_id": event.device_id, "action": event.action, "entity": event.entity,
             "entity_id": event.entity_id, "detail": event.detail} for event, name, username in rows]


_CSV_FIELDS = ["at", "display_name", "username", "action", "entity", "entity_id", "device_id", "detail"]


def _cell(value) -> str:
    text = "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
    # A cell starting with = + - @ runs as a formula in a spreadsheet: keep it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def patient_audit_csv(actor: Actor, patient_id: str) -> str:
    events = _events(actor, patient_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_CSV_FIELDS)
    for event in events:
        writer.writerow([_cell(event[name]) for name in _CSV_FIELDS])
    # The export is itself a disclosure of who handled the record: it goes into the same log.
    audit.record("export", "audit_log", None, patient_id, "audit log exported as CSV")
    return out.getvalue()
