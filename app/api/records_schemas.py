"""Response shapes of the records, for the OpenAPI document (the API returns plain dicts)."""

from marshmallow import Schema, fields


class _Record(Schema):
    id = fields.String(required=True)
    version = fields.Integer(required=True)


class _Clinical(_Record):
    amends_version = fields.Integer(allow_none=True)
    pathway_id = fields.String(required=True)
    author_id = fields.String()
    device_id = fields.String(allow_none=True)
    recorded_at = fields.String()
    created_at = fields.String()
    current = fields.Boolean()


class PatientRecord(_Record):
    team_id = fields.String()
    given_name = fields.String()
    family_name = fields.String()
    birth_date = fields.String(allow_none=True)
    address = fields.String()
    phone = fields.String()
    updated_at = fields.String()


class PathwayRecord(_Record):
    patient_id = fields.String()
    kind = fields.String()
    start_date = fields.String()
    end_date = fields.String(allow_none=True)
    status = fields.String()
    checklist_template_version = fields.Integer()
    updated_at = fields.String()


class GoalRecord(Schema):
    id = fields.String()
    text = fields.String()


class ConversationRecord(_Clinical):
    held_on = fields.String()
    participants = fields.List(fields.String())
    what_matters = fields.String()
    goals = fields.List(fields.Nested(GoalRecord))
    agreed_actions = fields.List(fields.String())
    prompts_used = fields.List(fields.String())
    next_follow_up = fields.String(allow_none=True)


class ActivityRecord(Schema):
    id = fields.String()
    name = fields.String()
    score = fields.Integer()


class PsfsRecord(_Clinical):
    kind = fields.String()
    assessed_on = fields.String()
    activities = fields.List(fields.Nested(ActivityRecord))


class ChecklistRecordOut(_Clinical):
    recorded_on = fields.String()
    template_version = fields.Integer()
    items = fields.Dict(keys=fields.String(), values=fields.String())


class CfsRecord(_Clinical):
    assessed_on = fields.String()
    score = fields.Integer()


RECORD_SCHEMAS = {
    "patient": PatientRecord,
    "pathway": PathwayRecord,
    "conversation": ConversationRecord,
    "psfs": PsfsRecord,
    "checklist": ChecklistRecordOut,
    "cfs": CfsRecord,
}
