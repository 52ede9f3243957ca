"""Schemas for the administration endpoints."""

from marshmallow import RAISE, Schema, fields, validate

from app.api.auth.schemas import TeamSchema
from app.models import ROLES


class UserSummary(Schema):
    id = fields.String()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    active = fields.Boolean()
    teams = fields.List(fields.Nested(TeamSchema))
    passkeys = fields.Integer(metadata={"description": "Passkeys not revoked"})


class NewUser(Schema):
    username = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9._-]{2,120}$",
                                                                     error="Use 2–120 of a-z, 0-9, . _ -"))
    display_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = fields.String(load_default="nurse", validate=validate.OneOf(ROLES))
    team_ids = fields.List(fields.String(), load_default=list)


class UserChanges(Schema):
    class Meta:
        unknown = RAISE

    display_name = fields.String(validate=validate.Length(min=1, max=200))
    role = fields.String(validate=validate.OneOf(ROLES), metadata={"description": "Administrators only"})
    team_ids = fields.List(fields.String(), metadata={
        "description": "The user's teams from now on (a leader: her own teams among them)"})
    active = fields.Boolean(metadata={"description": "false logs the user out everywhere and refuses her logins"})


class Invitation(Schema):
    user = fields.Nested(UserSummary)
    enrolment_link = fields.String(metadata={"description": "One-time link for the nurse; shown only now"})
    valid_hours = fields.Integer()


class CredentialSchema(Schema):
    id = fields.String()
    label = fields.String()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    sign_count = fields.Integer()
    transports = fields.List(fields.String())


class DeviceSchema(Schema):
    id = fields.String()
    label = fields.String()
    first_seen = fields.DateTime()
    last_seen = fields.DateTime()
    last_outbox_size = fields.Integer(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)


class RevokedSessions(Schema):
    revoked = fields.Integer()


class AuditEventSchema(Schema):
    at = fields.DateTime()
    user_id = fields.String(allow_none=True)
    username = fields.String(allow_none=True)
    display_name = fields.String(allow_none=True)
    device_id = fields.String(allow_none=True)
    action = fields.String(metadata={"description": "read | write | export"})
    entity = fields.String()
    entity_id = fields.String(allow_none=True)
    detail = fields.String()
