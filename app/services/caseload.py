"""Read-side queries: the caseload (patients of the actor's teams) and what hangs under a pathway."""

from __future__ import annotations

from sqlalchemy import or_, select

from app import audit
from app.access import Actor, visible_team_ids
from app.extensions import db
from app.models import Pathway, Patient, Team
from app.services.records import CLINICAL_MODELS, pathway_scope, patient_scope
from app.services.serialize import to_record


def list_patients(actor: Actor, query: str = "", team_id: str | None = None, limit: int = 500) -> list[dict]:
    stmt = select(Patient).join(Team, Team.id == Patient.team_id).where(Team.org_id == actor.org_id)
    teams = visible_team_ids(actor)
    if teams is not None:
        stmt = stmt.where(Patient.team_id.in_(teams))
    if team_id:
        stmt = stmt.where(Patient.team_id == team_id)
    if query:
        # autoescape: a nurse typing % or _ searches for that character, not for "anything".
        text = query.strip()
        stmt = stmt.where(or_(Patient.given_name.icontains(text, autoescape=True),
                              Patient.family_name.icontains(text, autoescape=True)))
    rows = db.session.scalars(stmt.order_by(Patient.family_name, Patient.given_name).limit(limit)).all()
    audit.record_reads("patient", [(p.id, p.id) for p in rows], "caseload")
    active = _active_pathways([p.id for p in rows])
    result = []
    for patient in rows:
        record = to_record("patient", patient)
        record["active_pathway_id"] = active.get(patient.id)
        result.append(record)
    return result


def _active_pathways(patient_ids: list[str]) -> dict[str, str]:
    if not patient_ids:
        return {}
    rows = db.session.execute(
        select(Pathway.patient_id, Pathway.id).where(Pathway.patient_id.in_(patient_ids),
                                                     Pathway.status == "active")
        .order_by(Pathway.start_date)).all()
    return {patient_id: pathway_id for patient_id, pathway_id in rows}


def patient_pathways(actor: Actor, patient_id: str) -> list[dict]:
    _, scope = patient_scope(actor, patient_id)
    rows = db.session.scalars(select(Pathway).where(Pathway.patient_id == patient_id)
                              .order_by(Pathway.start_date.desc())).all()
    audit.record("read", "pathway", None, scope.patient_id, "list")
    return [to_record("pathway", row) for row in rows]


def pathway_entries(actor: Actor, entity: str, pathway_id: str, include_history: bool = False) -> list[dict]:
    _, scope = pathway_scope(actor, pathway_id)
    model = CLINICAL_MODELS[entity]
    stmt = select(model).where(model.pathway_id == pathway_id)
    if not include_history:
        stmt = stmt.where(model.superseded_at.is_(None))
    rows = db.session.scalars(stmt.order_by(model.recorded_at, model.version)).all()
    audit.record("read", entity, None, scope.patient_id, f"pathway {pathway_id}")
    return [to_record(entity, row) for row in rows]
