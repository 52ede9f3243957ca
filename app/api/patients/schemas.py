"""Query and response schemas for the patient resource."""

from marshmallow import Schema, fields, validate

from app.api.records_schemas import PatientRecord


class CaseloadQuery(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=100),
                      metadata={"description": "Search in given and family name"})
    team_id = fields.String(load_default=None, validate=validate.Length(max=36))


class CaseloadPatient(PatientRecord):
    active_pathway_id = fields.String(allow_none=True)
