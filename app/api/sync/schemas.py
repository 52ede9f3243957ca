"""Request and answer shapes of /sync/push and /sync/pull; each mutation is checked by the sync service."""

from flask import current_app
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates

from app.domain.entry_schemas import CleanString


class PushBody(Schema):
    class Meta:
        unknown = RAISE

    device_id = CleanString(required=True, validate=validate.Length(min=1, max=64),
                            metadata={"description": "The device's UUID, made at its first start"})
    outbox_size = fields.Integer(strict=True, load_default=None, allow_none=True,
                                 validate=validate.Range(min=0, max=2**31 - 1,
                                                         error="Must be a whole number from 0 to 2147483647."),
                                 metadata={"description": "Entries on the device, this batch included"})
    # Items are checked one by one by the service, so one malformed entry is rejected alone.
    mutations = fields.List(fields.Raw(), required=True,
                            metadata={"description": "Outbox entries: {id, entity, entity_id, op, "
                                                     "base_version?, recorded_at, data}"})

    @validates("mutations")
    def _not_too_many(self, value, **_):
        limit = current_app.config["SYNC_MAX_MUTATIONS"]
        if len(value) > limit:
            raise ValidationError(f"At most {limit} mutations per push; this batch has {len(value)}. "
                                  "Send the rest in further batches.")


class PushResult(Schema):
    id = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "applied | duplicate | conflict | rejected"})
    entity = fields.String()
    entity_id = fields.String()
    version = fields.Integer()
    record = fields.Dict()
    message = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    server_record = fields.Dict(allow_none=True)


class PushAnswer(Schema):
    results = fields.List(fields.Nested(PushResult), metadata={"description": "One per mutation, in order"})
    server_time = fields.String()


class PullQuery(Schema):
    cursor = fields.String(load_default=None, validate=validate.Regexp(
        r"^[0-9]{1,18}(\.[0-9a-z]{1,16})?$",
        error="Must be a cursor returned by an earlier pull; leave it out to start over."))
    limit = fields.Integer(load_default=200, validate=validate.Range(min=1, max=500))


class PullChange(Schema):
    entity = fields.String()
    id = fields.String()
    op = fields.String(metadata={"description": "upsert | remove"})
    record = fields.Dict()


class PullAnswer(Schema):
    changes = fields.List(fields.Nested(PullChange))
    cursor = fields.String()
    has_more = fields.Boolean()
    reset = fields.Boolean(metadata={"description": "Your teams changed since the cursor: this pull starts over; "
                                                    "when it is done, drop the records it did not bring"})
