"""Query and response schemas for the patient resource."""

from marshmallow import Schema, fields, validate

from app.api.records_schemas import PatientRecord
from app.domain.entry_schemas import CleanString


class CaseloadQuery(Schema):
    q = CleanString(load_default="", validate=validate.Length(max=100),
                      metadata={"description": "Search in given and family name"})
    team_id = CleanString(load_default=None, validate=validate.Length(max=36))


class CaseloadPatient(PatientRecord):
    active_pathway_id = fields.String(allow_none=True)
