"""Create and amend records of every entity, with access checks, validation, audit and the change feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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
# A device clock earlier than this is wrong, not old: refuse it rather than store a nonsense time.
EARLIEST_RECORDED_AT = datetime(2000, 1, 1, tzinfo=UTC)


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
    if recorded_at < EARLIEST_RECORDED_AT:
        raise ValidationFailed(
            "Check 'recorded_at': it is before the year 2000. The device clock may be wrong; set it and "
            "try again.",
            {"recorded_at": [f"Must be after {EARLIEST_RECORDED_AT.isoformat()}."]})
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


def _storable_id(record_id: str) -> bool:
    """Ids from a URL reach the database unchecked; PostgreSQL fails on NUL, and no id is that long."""
    return len(record_id) <= 64 and "\x00" not in record_id


def patient_scope(actor: Actor, patient_id: str, field: str | None = None) -> tuple[Patient, Scope]:
    """The patient if the actor may see it. A foreign patient gets the same answer as a missing one, so
    ids cannot be probed: NotFound, or a field error when the id came in a body `field`."""
    patient = db.session.get(Patient, patient_id) if _storable_id(patient_id) else None
    try:
        if patient is None:
            raise NotFound("No such patient in your teams.")
        team = db.session.get(Team, patient.team_id)
        require_team(actor, patient.team_id, team.org_id)
    except NotFound:
        if field:
            raise ValidationFailed(f"Check '{field}': no such patient in your teams.",
                                   {field: ["No such patient in your teams."]}) from None
        raise
    return patient, Scope(team.org_id, team.id, patient.id)


def pathway_scope(actor: Actor, pathway_id: str, field: str | None = None) -> tuple[Pathway, Scope]:
    """The pathway if the actor may see its patient; answers like patient_scope."""
    pathway = db.session.get(Pathway, pathway_id) if _storable_id(pathway_id) else None
    try:
        if pathway is None:
            raise NotFound("No such pathway in your teams.")
        _, scope = patient_scope(actor, pathway.patient_id)
    except NotFound:
        if field:
            raise ValidationFailed(f"Check '{field}': no such pathway in your teams.",
                                   {field: ["No such pathway in your teams."]}) from None
        raise NotFound("No such pathway in your teams.") from None
    return pathway, scope


def current_entry(entity: str, entry_id: str) -> ClinicalEntry | None:
    if not _storable_id(entry_id):
        return None
    model = CLINICAL_MODELS[entity]
    return db.session.scalars(
        select(model).where(model.id == entry_id, model.superseded_at.is_(None))).first()


def _entry_scope(actor: Actor, entity: str, row: ClinicalEntry | None) -> tuple[Pathway, Scope]:
    """Another team's entry answers exactly like a missing one (not "no such pathway"), so ids cannot be probed."""
    try:
        if row is None:
            raise NotFound("missing")
        return pathway_scope(actor, row.pathway_id)
    except NotFound:
        raise NotFound(f"No such {entity} entry.") from None


def get_record(actor: Actor, entity: str, record_id: str) -> dict:
    """The current version of a record, audited as a read."""
    if entity == "patient":
        row, scope = patient_scope(actor, record_id)
    elif entity == "pathway":
        row, scope = pathway_scope(actor, record_id)
    else:
        row = current_entry(entity, record_id)
        _, scope = _entry_scope(actor, entity, row)
    audit.record("read", entity, record_id, scope.patient_id)
    return to_record(entity, row)


def entry_history(actor: Actor, entity: str, entry_id: str) -> list[dict]:
    model = CLINICAL_MODELS[entity]
    rows = []
    if _storable_id(entry_id):
        rows = db.session.scalars(select(model).where(model.id == entry_id).order_by(model.version)).all()
    _, scope = _entry_scope(actor, entity, rows[0] if rows else None)
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
        raise ValidationFailed(f"Check 'op': unknown operation '{op}'.",
                               {"op": ["Must be 'create' or 'amend'."]})
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
    _claim_version("patient", row, base_version)
    moved_from = row.team_id
    for name, value in clean.items():
        setattr(row, name, value)
    if moved_from != row.team_id:
        # Devices of the old team must drop the patient on their next pull.
        log_change(scope.org_id, moved_from, "patient", row.id, op="remove")
    return row, Scope(team.org_id, team.id, row.id)


def _write_pathway(actor, op, record_id, clean, base_version):
    _, scope = patient_scope(actor, clean["patient_id"], field="patient_id")
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
    _claim_version("pathway", row, base_version)
    for name, value in clean.items():
        setattr(row, name, value)
    return row, old_scope


def _claim_version(entity: str, row, base_version: int | None) -> None:
    """Move the row from base_version to the next version, or raise a conflict.

    The guarded UPDATE is what makes this safe: of two amendments of the same version, on two workers,
    only one can match `version = base_version`; checking in Python first would let both through.
    """
    model = type(row)
    claimed = db.session.execute(
        update(model).where(model.id == row.id, model.version == base_version)
        .values(version=model.version + 1).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        db.session.refresh(row)
        raise VersionConflict(
            f"This {entity} was changed by somebody else (you edited version {base_version}, the server has "
            f"version {row.version}). Compare the two and choose what to keep.",
            server_record=to_record(entity, row))
    # The ORM did not see the UPDATE; set the same value so the flush below does not undo it.
    row.version = base_version + 1


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
            # Another team's entry must look missing, not "in another pathway".
            try:
                pathway_scope(actor, current.pathway_id)
            except NotFound:
                raise NotFound(f"No such {entity} entry to amend.") from None
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
                "Check 'kind': this pathway already has a PSFS baseline. Amend that one, or score a "
                "follow-up.",
                {"kind": ["The pathway already has a baseline."]})
        return
    if baseline is not None and baseline.id == record_id:
        raise ValidationFailed(
            "Check 'kind': this entry is the pathway's PSFS baseline and cannot become a follow-up. "
            "Score the follow-up as a new entry.",
            {"kind": ["The baseline stays a baseline."]})
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
            "Check 'activities': a follow-up re-scores every baseline activity; missing: "
            + ", ".join(missing) + ".",
            {"activities": [f"Missing baseline activity: {name}." for name in missing]})

