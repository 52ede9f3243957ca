"""Schemas for the session endpoints."""

from marshmallow import Schema, fields, validate


class DevLoginBody(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=120))


class TeamSchema(Schema):
    id = fields.String()
    name = fields.String()


class MeSchema(Schema):
    id = fields.String()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    org_id = fields.String()
    teams = fields.List(fields.Nested(TeamSchema))
