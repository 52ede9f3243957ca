"""Create and amend records of every entity, with access checks, validation, audit and the change feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from marshmallow import ValidationError
from sqlalchemy import select, update

from app import audit
from app.access import Actor, require_team
from app.domain.entry_schemas import SCHEMAS
from app.errors import NotFound, ValidationFailed, VersionConflict, flatten_errors
from app.extensions import db
from app.models import CfsScore, ChecklistRecord, Conversation, Pathway, Patient, PsfsAssessment, Team
from app.models.base import utcnow
from app.models.clinical import ClinicalEntry
from app.services.changes import log_change
from app.services.serialize import to_record

CLINICAL_MODELS: dict[str, type[ClinicalEntry]] = {
    "conversation": Conversation,
    "psfs": PsfsAssessment,
    "checklist": ChecklistRecord,
    "cfs": CfsScore,
}
ENTITIES = ("patient", "pathway", *CLINICAL_MODELS)


@dataclass(frozen=True)
class Scope:
    """Where a record lives, for access checks, audit and the change feed."""

    org_id: str
    team_id: str
    patient_id: str


def validate(entity: str, data: dict) -> dict:
    try:
        return SCHEMAS[entity]().load(data)
    except ValidationError as err:
        raise ValidationFailed(_summary(err.messages), flatten_errors(err.messages)) from None


def _summary(messages) -> str:
    flat = flatten_errors(messages)
    first_field, first_msgs = next(iter(flat.items()))
    more = f" ({len(flat) - 1} more field(s) need attention)" if len(flat) > 1 else ""
    return f"Check '{first_field}': {' '.join(first_msgs)}{more}"


def check_recorded_at(recorded_at: datetime | None, skew_minutes: int) -> datetime:
    now = utcnow()
    if recorded_at is None:
        return now
    if recorded_at.tzinfo is None:
        raise ValidationFailed("Check 'recorded_at': it needs a time zone.",
                               {"recorded_at": ["Must include a time zone offset, e.g. +01:00."]})
    if recorded_at > now + timedelta(minutes=skew_minutes):
        raise ValidationFailed(
            "Check 'recorded_at': it is in the future. The device clock may be wrong; set it and try again.",
            {"recorded_at": [f"Is more than {skew_minutes} minutes ahead of the server clock."]})
    return recorded_at


def team_scope(actor: Actor, team_id: str) -> Team:
    team = db.session.get(Team, team_id)
    if team is None or team.org_id != actor.org_id:
        raise ValidationFailed("Check 'team_id': no such team.", {"team_id": ["No such team."]})
    if not actor.is_admin and team_id not in actor.team_ids:
        raise ValidationFailed("Check 'team_id': you are not a member of that team.",
                               {"team_id": ["You are not a member of that team."]})
    return team


def patient_scope(actor: Actor, patient_id: str) -> tuple[Patient, Scope]:
    patient = db.session.get(Patient, patient_id)
    if patient is None:
        raise NotFound("No such patient in your teams.")
    team = db.session.get(Team, patient.team_id)
    require_team(actor, patient.team_id, team.org_id)
    return patient, Scope(team.org_id, team.id, patient.id)


def pathway_scope(actor: Actor, pathway_id: str, field: str | None = None) -> tuple[Pathway, Scope]:
    pathway = db.session.get(Pathway, pathway_id)
    if pathway is None:
        if field:
            raise ValidationFailed(f"Check '{field}': no such pathway.", {field: ["No such pathway."]})
        raise NotFound("No such pathway in your teams.")
    _, scope = patient_scope(actor, pathway.patient_id)
    return pathway, scope


def current_entry(entity: str, entry_id: str) -> ClinicalEntry | None:
    model = CLINICAL_MODELS[entity]
    return db.session.scalars(
        select(model).where(model.id == entry_id, model.superseded_at.is_(None))).first()


def get_record(actor: Actor, entity: str, record_id: str) -> dict:
    """The current version of a record, audited as a read."""
    if entity == "patient":
        row, scope = patient_scope(actor, record_id)
    elif entity == "pathway":
        row, scope = pathway_scope(actor, record_id)
    else:
        row = current_entry(entity, record_id)
        if row is None:
            raise NotFound(f"No such {entity} entry.")
        _, scope = pathway_scope(actor, row.pathway_id)
    audit.record("read", entity, record_id, scope.patient_id)
    return to_record(entity, row)


def entry_history(actor: Actor, entity: str, entry_id: str) -> list[dict]:
    model = CLINICAL_MODELS[entity]
    rows = db.session.scalars(select(model).where(model.id == entry_id).order_by(model.version)).all()
    if not rows:
        raise NotFound(f"No such {entity} entry.")
    _, scope = pathway_scope(actor, rows[0].pathway_id)
    audit.record("read", entity, entry_id, scope.patient_id, "history")
    return [to_record(entity, row) for row in rows]


def apply_change(actor: Actor, entity: str, op: str, record_id: str, data: dict,
                 base_version: int | None = None, recorded_at: datetime | None = None,
                 skew_minutes: int = 10) -> dict:
    """Create (op='create') or amend (op='amend') one record; returns the stored record.

    Raises ValidationFailed, NotFound or VersionConflict; writes nothing in that case. The caller commits.
    """
    if entity not in ENTITIES:
        raise ValidationFailed(f"Check 'entity': unknown entity '{entity}'.",
                               {"entity": [f"Must be one of {', '.join(ENTITIES)}."]})
    if op not in ("create", "amend"):
        raise ValidationFailed(f"Check 'op': unknown operation '{op}'.", {"op": ["Must be 'create' or 'amend'."]})
    if op == "amend" and base_version is None:
        raise ValidationFailed("Check 'base_version': an amendment names the version it changes.",
                               {"base_version": ["Required when op is 'amend'."]})
    clean = validate(entity, data)
    recorded = check_recorded_at(recorded_at, skew_minutes)
    if entity == "patient":
        row, scope = _write_patient(actor, op, record_id, clean, base_version)
    elif entity == "pathway":
        row, scope = _write_pathway(actor, op, record_id, clean, base_version)
    else:
        row, scope = _write_clinical(actor, entity, op, record_id, clean, base_version, recorded)
    db.session.flush()
    audit.record("write", entity, record_id, scope.patient_id, op)
    log_change(scope.org_id, scope.team_id, entity, record_id)
    return to_record(entity, row)


def _write_patient(actor, op, record_id, clean, base_version):
    team = team_scope(actor, clean["team_id"])
    if op == "create":
        if db.session.get(Patient, record_id) is not None:
            raise ValidationFailed("Check 'entity_id': a patient with this id exists already.",
                                   {"entity_id": ["Already exists; amend it instead."]})
        row = Patient(id=record_id, **clean)
        db.session.add(row)
        return row, Scope(team.org_id, team.id, record_id)
    row, scope = patient_scope(actor, record_id)
    _check_version("patient", row, base_version)
    moved_from = row.team_id
    for name, value in clean.items():
        setattr(row, name, value)
    row.version += 1
    if moved_from != row.team_id:
        # Devices of the old team must drop the patient on their next pull.
        log_change(scope.org_id, moved_from, "patient", row.id, op="remove")
    return row, Scope(team.org_id, team.id, row.id)


def _write_pathway(actor, op, record_id, clean, base_version):
    _, scope = patient_scope(actor, clean["patient_id"])
    if op == "create":
        if db.session.get(Pathway, record_id) is not None:
            raise ValidationFailed("Check 'entity_id': a pathway with this id exists already.",
                                   {"entity_id": ["Already exists; amend it instead."]})
        row = Pathway(id=record_id, **clean)
        db.session.add(row)
        return row, scope
    row, old_scope = pathway_scope(actor, record_id)
    if row.patient_id != clean["patient_id"]:
        raise ValidationFailed("Check 'patient_id': a pathway cannot move to another patient.",
                               {"patient_id": ["Cannot change."]})
    _check_version("pathway", row, base_version)
    for name, value in clean.items():
        setattr(row, name, value)
    row.version += 1
    return row, old_scope


def _check_version(entity: str, row, base_version: int | None) -> None:
    if base_version != row.version:
        raise VersionConflict(
            f"This {entity} was changed by somebody else (you edited version {base_version}, the server has "
            f"version {row.version}). Compare the two and choose what to keep.",
            server_record=to_record(entity, row))


def _write_clinical(actor, entity, op, record_id, clean, base_version, recorded):
    model = CLINICAL_MODELS[entity]
    pathway, scope = pathway_scope(actor, clean["pathway_id"], field="pathway_id")
    if entity == "psfs":
        _check_psfs_rules(record_id, clean)
    if op == "create":
        if db.session.scalars(select(model.pk).where(model.id == record_id)).first() is not None:
            raise ValidationFailed(f"Check 'entity_id': a {entity} entry with this id exists already.",
                                   {"entity_id": ["Already exists; amend it instead."]})
        version, amends = 1, None
    else:
        current = current_entry(entity, record_id)
        if current is None:
            raise NotFound(f"No such {entity} entry to amend.")
        if current.pathway_id != pathway.id:
            raise ValidationFailed("Check 'pathway_id': an entry cannot move to another pathway.",
                                   {"pathway_id": ["Cannot change."]})
        # Guarded update: of two concurrent amendments of the same version only one can match.
        superseded = db.session.execute(
            update(model).where(model.pk == current.pk, model.superseded_at.is_(None),
                                model.version == base_version)
            .values(superseded_at=utcnow()).execution_options(synchronize_session=False))
        if superseded.rowcount != 1:
            raise VersionConflict(
                f"This {entity} entry was changed by somebody else (you edited version {base_version}, "
                f"the server has version {current.version}). Compare the two and choose what to keep.",
                server_record=to_record(entity, current))
        version, amends = current.version + 1, current.version
    row = model(id=record_id, version=version, amends_version=amends, author_id=actor.user_id,
                device_id=actor.device_id, recorded_at=recorded, **clean)
    db.session.add(row)
    return row, scope


def _check_psfs_rules(record_id: str, clean: dict) -> None:
    baseline = db.session.scalars(
        select(PsfsAssessment).where(PsfsAssessment.pathway_id == clean["pathway_id"],
                                     PsfsAssessment.kind == "baseline",
                                     PsfsAssessment.superseded_at.is_(None))).first()
    if clean["kind"] == "baseline":
        if baseline is not None and baseline.id != record_id:
            raise ValidationFailed(
                "Check 'kind': this pathway already has a PSFS baseline. Amend that one, or score a follow-up.",
                {"kind": ["The pathway already has a baseline."]})
        return
    if baseline is None:
        raise ValidationFailed(
            "Check 'kind': a PSFS follow-up needs a baseline in the same pathway. Score the baseline first.",
            {"kind": ["No baseline in this pathway."]})
    if clean["assessed_on"] < baseline.assessed_on:
        raise ValidationFailed("Check 'assessed_on': the follow-up is dated before the baseline.",
                               {"assessed_on": [f"Must be on or after {baseline.assessed_on.isoformat()}."]})
    scored = {a["id"] for a in clean["activities"]}
    missing = [a["name"] for a in baseline.activities if a["id"] not in scored]
    if missing:
        raise ValidationFailed(
            "Check 'activities': a follow-up re-scores every baseline activity; missing: " + ", ".join(missing),
            {"activities": [f"Missing baseline activity: {name}." for name in missing]})

