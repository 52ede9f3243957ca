"""Admin and leader endpoints: invite users, list and revoke passkeys, devices and sessions, patient audit."""

import os

from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from app.access import current_actor
from app.api.admin.schemas import (
    AuditEventSchema,
    CredentialSchema,
    DeviceSchema,
    Invitation,
    NewUser,
    RevokedSessions,
    UserChanges,
    UserSummary,
)
from app.api.auth.schemas import TeamSchema
from app.extensions import db
from app.services import admin

blp = Blueprint("admin", __name__, url_prefix="/api/v1/admin", description="Administration (leader, admin)")


def _invitation(user, token: str) -> dict:
    base = (os.environ.get("VIKTIG_BASE_URL") or request.host_url).rstrip("/")
    hours = current_app.config["ENROLMENT_LINK_HOURS"]
    return {"user": admin.user_summary(user), "enrolment_link": f"{base}/#/enrol/{token}",
            "valid_hours": hours}


@blp.route("/teams")
class Teams(MethodView):
    @blp.response(200, TeamSchema(many=True))
    def get(self):
        """Teams you may put people in (leader: your own; admin: the organisation's)"""
        return admin.assignable_teams(current_actor())


@blp.route("/users")
class Users(MethodView):
    @blp.response(200, UserSummary(many=True))
    def get(self):
        """Users you manage (leader: nurses of your teams; admin: everybody)"""
        return admin.list_users(current_actor())

    @blp.arguments(NewUser)
    @blp.response(201, Invitation)
    def post(self, body):
        """Create a user and a one-time enrolment link for her first passkey"""
        user, token = admin.invite_user(current_actor(), body["username"], body["display_name"], body["role"],
                                        body["team_ids"], current_app.config["ENROLMENT_LINK_HOURS"])
        result = _invitation(user, token)
        db.session.commit()
        return result


@blp.route("/users/<string:user_id>")
class UserDetail(MethodView):
    @blp.arguments(UserChanges)
    @blp.response(200, UserSummary)
    def patch(self, body, user_id):
        """Rename, move between teams, change role (admin) or deactivate a user"""
        user = admin.update_user(current_actor(), user_id, body)
        result = admin.user_summary(user)
        db.session.commit()
        return result


@blp.route("/users/<string:user_id>/enrolment-link")
class EnrolmentLink(MethodView):
    @blp.response(201, Invitation)
    def post(self, user_id):
        """A new one-time enrolment link (new tablet, lost passkey)"""
        hours = current_app.config["ENROLMENT_LINK_HOURS"]
        user, token = admin.new_enrolment_link(current_actor(), user_id, hours)
        result = _invitation(user, token)
        db.session.commit()
        return result


@blp.route("/users/<string:user_id>/credentials")
class Credentials(MethodView):
    @blp.response(200, CredentialSchema(many=True))
    def get(self, user_id):
        """The user's passkeys, revoked ones included"""
        return admin.list_credentials(current_actor(), user_id)


@blp.route("/credentials/<string:credential_id>/revoke")
class RevokeCredential(MethodView):
    @blp.response(200, CredentialSchema)
    def post(self, credential_id):
        """Revoke one passkey: it can no longer log in"""
        credential = admin.revoke_credential(current_actor(), credential_id)
        db.session.commit()
        return credential


@blp.route("/users/<string:user_id>/devices")
class Devices(MethodView):
    @blp.response(200, DeviceSchema(many=True))
    def get(self, user_id):
        """Devices the user has logged in from"""
        return admin.list_devices(current_actor(), user_id)


@blp.route("/devices/<string:device_id>/revoke")
class RevokeDevice(MethodView):
    @blp.response(200, DeviceSchema)
    def post(self, device_id):
        """Revoke a lost device: its sessions end and it is told to wipe itself"""
        device = admin.revoke_device(current_actor(), device_id)
        db.session.commit()
        return device


@blp.route("/users/<string:user_id>/sessions/revoke")
class RevokeSessions(MethodView):
    @blp.response(200, RevokedSessions)
    def post(self, user_id):
        """Log the user out everywhere"""
        count = admin.revoke_sessions(current_actor(), user_id)
        db.session.commit()
        return {"revoked": count}


@blp.route("/patients/<string:patient_id>/audit")
class PatientAudit(MethodView):
    @blp.response(200, AuditEventSchema(many=True))
    def get(self, patient_id):
        """«Hvem har sett journalen min?» Every read, write and export of the patient's data (admin)"""
        events = admin.patient_audit(current_actor(), patient_id)
        db.session.commit()
        return events


@blp.route("/patients/<string:patient_id>/audit.csv")
class PatientAuditCsv(MethodView):
    @blp.response(200, content_type="text/csv")
    def get(self, patient_id):
        """The same log as CSV; the export itself is logged (admin)"""
        text = admin.patient_audit_csv(current_actor(), patient_id)
        db.session.commit()
        return Response(text, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="audit-{patient_id}.csv"'})
