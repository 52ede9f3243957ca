"""Rows to the plain JSON records the API and the devices exchange (see docs/sync.md)."""

from __future__ import annotations

from datetime import date, datetime

from app.models import Pathway, Patient
from app.models.clinical import ClinicalEntry

_CLINICAL_META = ("id", "version", "amends_version", "pathway_id", "author_id", "device_id", "recorded_at",
                  "created_at")
_FIELDS = {
    "patient": ("id", "team_id", "given_name", "family_name", "birth_date", "address", "phone", "version",
                "updated_at"),
    "pathway": ("id", "patient_id", "kind", "start_date", "end_date", "status", "checklist_template_version",
                "version", "updated_at"),
    "conversation": _CLINICAL_META + ("held_on", "participants", "what_matters", "goals", "agreed_actions",
                                      "prompts_used", "next_follow_up"),
    "psfs": _CLINICAL_META + ("kind", "assessed_on", "activities"),
    "checklist": _CLINICAL_META + ("recorded_on", "template_version", "items"),
    "cfs": _CLINICAL_META + ("assessed_on", "score"),
}


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def to_record(entity: str, row: Patient | Pathway | ClinicalEntry) -> dict:
    record = {name: _plain(getattr(row, name)) for name in _FIELDS[entity]}
    if isinstance(row, ClinicalEntry):
        record["current"] = row.is_current
    return record
