"""Schemas for pocket cards and the reference content (checklist template, PSFS rules, CFS levels)."""

from marshmallow import Schema, fields, validate

from app.domain.entry_schemas import CleanString
from app.services.pocket_cards import LANGUAGES


class LanguageQuery(Schema):
    lang = fields.String(load_default="nb", validate=validate.OneOf(LANGUAGES))


class PromptSchema(Schema):
    key = CleanString(required=True, validate=validate.Length(min=1, max=64))
    text = CleanString(required=True, validate=validate.Length(min=1, max=500))


class PromptGroupSchema(Schema):
    key = CleanString(required=True, validate=validate.Length(min=1, max=64))
    title = CleanString(required=True, validate=validate.Length(min=1, max=200))
    prompts = fields.List(fields.Nested(PromptSchema), required=True, validate=validate.Length(min=1, max=40))


class PocketCardSetSchema(Schema):
    id = fields.String(dump_only=True)
    language = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)
    source = fields.String(dump_only=True)
    groups = fields.List(fields.Nested(PromptGroupSchema), required=True,
                         validate=validate.Length(min=1, max=20))


class ReferenceContentSchema(Schema):
    checklist = fields.Dict()
    psfs = fields.Dict()
    cfs = fields.Dict()
