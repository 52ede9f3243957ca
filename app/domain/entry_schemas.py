"""The rules for what a record may contain, one schema per entity; used by the REST API and by sync."""

from __future__ import annotations

from datetime import date, timedelta

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates, validates_schema

from app.domain.content_store import checklist_item_keys, checklist_template, psfs_rules

# Dates are the nurse's local calendar date; one day of slack covers time zones and a clock a bit fast.
_DATE_SLACK = timedelta(days=1)
MAX_TEXT = 4000
MAX_SHORT = 500


# A date before these is a slip of the keyboard (0226 for 2026, 1926 for 2026), and would skew the run
# charts and due lists; no record of this programme or living patient is that old.
EARLIEST_CLINICAL_DATE = date(2000, 1, 1)
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
# A planned date (next follow-up, a pathway's planned start or end) further ahead than this is a typo.
_PLANNING_HORIZON = timedelta(days=2 * 366)


def _not_in_future(value: date) -> None:
    if value > date.today() + _DATE_SLACK:
        raise ValidationError(f"The date {value.isoformat()} is in the future. Use the date it happened.")


def _not_before(earliest: date):
    def check(value: date) -> None:
        if value < earliest:
            raise ValidationError(f"The date {value.isoformat()} is before {earliest.isoformat()}. "
                                  "Check the year.")
    return check


def _within_planning_horizon(value: date) -> None:
    if value > date.today() + _PLANNING_HORIZON:
        raise ValidationError(f"The date {value.isoformat()} is more than two years ahead. Check the year.")


_HAPPENED = [_not_before(EARLIEST_CLINICAL_DATE), _not_in_future]
# Also the bounds of a report period (app/api/reports/schemas.py).
PLANNED_DATE_RULES = [_not_before(EARLIEST_CLINICAL_DATE), _within_planning_horizon]


class CleanString(fields.String):
    """A string both databases store alike: PostgreSQL refuses NUL characters, so SQLite may not keep them."""

    default_error_messages = {"nul": "Must not contain NUL (\\u0000) characters."}

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        result = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in result:
            raise self.make_error("nul")
        return result


def _text(max_len: int, required: bool = True, **kw) -> fields.String:
    return CleanString(
        required=required,
        validate=validate.Length(min=1 if required else 0, max=max_len,
                                 error=f"Must be {'1 to ' if required else 'at most '}{max_len} characters."),
        **kw,
    )


_uuid = fields.UUID(required=True, error_messages={"invalid_uuid": "Must be a UUID."})


class StrictSchema(Schema):
    error_messages = {"type": "Must be a JSON object."}

    class Meta:
        unknown = RAISE
        ordered = True


class PatientData(StrictSchema):
    team_id = CleanString(required=True, validate=validate.Length(min=1, max=36))
    given_name = _text(120)
    family_name = _text(120)
    birth_date = fields.Date(load_default=None, allow_none=True,
                             validate=[_not_before(EARLIEST_BIRTH_DATE), _not_in_future])
    address = _text(300, required=False, load_default="")
    phone = _text(40, required=False, load_default="")


class PathwayData(StrictSchema):
    patient_id = CleanString(required=True, validate=validate.Length(min=1, max=36))
    kind = CleanString(load_default="hjemkomst", validate=validate.OneOf(["hjemkomst", "other"]))
    start_date = fields.Date(required=True, validate=PLANNED_DATE_RULES)
    end_date = fields.Date(load_default=None, allow_none=True, validate=PLANNED_DATE_RULES)
    status = CleanString(load_default="active", validate=validate.OneOf(["active", "closed"]))

    @validates_schema
    def _end_after_start(self, data, **_):
        if data.get("end_date") and data["end_date"] < data["start_date"]:
            raise ValidationError("The end date is before the start date.", "end_date")


class GoalData(StrictSchema):
    id = CleanString(required=True, validate=validate.Length(min=1, max=64))
    text = _text(MAX_SHORT)


class ConversationData(StrictSchema):
    pathway_id = CleanString(required=True, validate=validate.Length(min=1, max=36))
    held_on = fields.Date(required=True, validate=_HAPPENED)
    participants = fields.List(_text(120), load_default=list,
                               validate=validate.Length(max=10, error="At most 10 participants."))
    what_matters = _text(MAX_TEXT, required=False, load_default="")
    goals = fields.List(fields.Nested(GoalData), load_default=list,
                        validate=validate.Length(max=10, error="At most 10 goals."))
    agreed_actions = fields.List(_text(MAX_SHORT), load_default=list,
                                 validate=validate.Length(max=20, error="At most 20 agreed actions."))
    prompts_used = fields.List(CleanString(validate=validate.Length(min=1, max=64)), load_default=list,
                               validate=validate.Length(max=50, error="At most 50 prompts."))
    next_follow_up = fields.Date(load_default=None, allow_none=True, validate=PLANNED_DATE_RULES)


class PsfsActivityData(StrictSchema):
    id = CleanString(required=True, validate=validate.Length(min=1, max=64))
    name = _text(200)
    score = fields.Integer(
        required=True, strict=True,
        validate=validate.Range(min=0, max=10, error="Must be a whole number from 0 to 10."),
        error_messages={"invalid": "Must be a whole number from 0 to 10."},
    )


class PsfsData(StrictSchema):
    pathway_id = CleanString(required=True, validate=validate.Length(min=1, max=36))
    kind = CleanString(required=True, validate=validate.OneOf(
        ["baseline", "follow_up"], error="Must be 'baseline' or 'follow_up'."))
    assessed_on = fields.Date(required=True, validate=_HAPPENED)
    activities = fields.List(fields.Nested(PsfsActivityData), required=True)

    @validates("activities")
    def _activity_count(self, value, **_):
        rules = psfs_rules()
        if not rules["min_activities"] <= len(value) <= rules["max_activities"]:
            raise ValidationError(
                f"A PSFS assessment has {rules['min_activities']} to {rules['max_activities']} activities; "
                f"this one has {len(value)}.")
        # Runs on the valid part even when an activity failed its own checks, so an id may be absent.
        ids = [a["id"] for a in value if "id" in a]
        if len(set(ids)) != len(ids):
            raise ValidationError("Two activities have the same id.")


class ChecklistData(StrictSchema):
    pathway_id = CleanString(required=True, validate=validate.Length(min=1, max=36))
    recorded_on = fields.Date(required=True, validate=_HAPPENED)
    template_version = fields.Integer(strict=True, load_default=1)
    items = fields.Dict(keys=CleanString(), values=CleanString(), required=True)

    @validates_schema
    def _known_items(self, data, **_):
        template = checklist_template()
        if data.get("template_version", 1) != template["version"]:
            raise ValidationError(f"Unknown checklist template version; the server has version "
                                  f"{template['version']}.", "template_version")
        known = set(checklist_item_keys())
        statuses = template["statuses"]
        errors: dict[str, list[str]] = {}
        for key, status in (data.get("items") or {}).items():
            if key not in known:
                errors[key] = [f"Unknown checklist item '{key}'."]
            elif status not in statuses:
                errors[key] = [f"Must be one of {', '.join(statuses)}."]
        if errors:
            raise ValidationError({"items": errors})


class CfsData(StrictSchema):
    pathway_id = CleanString(required=True, validate=validate.Length(min=1, max=36))
    assessed_on = fields.Date(required=True, validate=_HAPPENED)
    score = fields.Integer(required=True, strict=True,
                           validate=validate.Range(min=1, max=9, error="Must be a whole number from 1 to 9."),
                           error_messages={"invalid": "Must be a whole number from 1 to 9."})


SCHEMAS: dict[str, type[StrictSchema]] = {
    "patient": PatientData,
    "pathway": PathwayData,
    "conversation": ConversationData,
    "psfs": PsfsData,
    "checklist": ChecklistData,
    "cfs": CfsData,
}
