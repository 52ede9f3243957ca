"""Pieces every resource shares: the write-body wrapper, record dumps, and committing a change."""

from __future__ import annotations

from flask import current_app
from marshmallow import Schema, fields, validate

from app.access import current_actor
from app.domain.entry_schemas import SCHEMAS
from app.extensions import db
from app.models.base import new_uuid
from app.services import records


def create_body(entity: str) -> type[Schema]:
    """Request body for POST: the entity's fields plus an optional client id and device time."""
    base = SCHEMAS[entity]
    return type(f"{base.__name__}Create", (base,), {
        "id": fields.UUID(load_default=None, metadata={"description": "Client-generated id; made if absent"}),
        "recorded_at": fields.AwareDateTime(load_default=None, metadata={"description": "Device clock"}),
    })


def amend_body(entity: str) -> type[Schema]:
    base = SCHEMAS[entity]
    return type(f"{base.__name__}Amend", (base,), {
        # Bounded: an integer beyond the version column's range would fail in the database, not here.
        "base_version": fields.Integer(required=True, strict=True,
                                       validate=validate.Range(min=1, max=2**31 - 1),
                                       metadata={"description": "The version this change was made from"}),
        "recorded_at": fields.AwareDateTime(load_default=None),
    })


def write(entity: str, op: str, record_id: str | None, body: dict) -> dict:
    """Run one create/amend through the same path as sync, commit, return the record."""
    recorded_at = body.pop("recorded_at", None)
    base_version = body.pop("base_version", None)
    body_id = body.pop("id", None)
    record_id = record_id or (str(body_id) if body_id else new_uuid())
    # Back to plain JSON types so the domain validates exactly what a device would send.
    data = SCHEMAS[entity]().dump(body)
    record = records.apply_change(current_actor(), entity, op, record_id, data, base_version, recorded_at,
                                  current_app.config["CLOCK_SKEW_MINUTES"])
    db.session.commit()
    return record


def read(entity: str, record_id: str) -> dict:
    record = records.get_record(current_actor(), entity, record_id)
    db.session.commit()
    return record
