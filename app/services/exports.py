"""Exports of the measures: pseudonymised CSV for the improvement team, a FHIR R4 Bundle, a printable summary.

FHIR: fhir.resources 8 has no R4 package; its R4B models have the same Questionnaire,
QuestionnaireResponse and Observation as R4, so the tests validate with fhir.resources.R4B.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import uuid
from datetime import UTC, date, datetime

from flask import current_app
from sqlalchemy import select

from app import audit
from app.access import Actor
from app.domain.content_store import checklist_template
from app.errors import Forbidden, NotFound
from app.extensions import db
from app.models import Patient, Team
from app.services import reports
from app.services.records import pathway_scope

MEASURES = ("psfs", "checklist", "conversations-missing")
FHIR_BASE = "https://viktig.app/fhir"
PSFS_QUESTIONNAIRE = f"{FHIR_BASE}/Questionnaire/psfs"
CHECKLIST_QUESTIONNAIRE = f"{FHIR_BASE}/Questionnaire/hph-checklist"
MEASURE_CODES = f"{FHIR_BASE}/CodeSystem/viktig-measures"
CHECKLIST_STATUS_CODES = f"{FHIR_BASE}/CodeSystem/checklist-status"
PSFS_KIND_CODES = f"{FHIR_BASE}/CodeSystem/psfs-kind"
_ID_NAMESPACE = uuid.UUID("6f1c1f5e-7f53-4c1e-9f5a-2f0f7f3a9b10")
_STATUS_NB = {"done": "Utført", "not_done": "Ikke utført", "not_applicable": "Ikke aktuelt"}


# ---------------------------------------------------------------------------------------------- CSV
def pseudonym(patient_id: str) -> str:
    """A keyed hash of the patient id: stable between exports with the same SECRET_KEY, not reversible
    without it, so the improvement team can follow a patient over time without knowing who it is."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"patient:{patient_id}".encode(), hashlib.sha256).hexdigest()[:16]


def export_csv(actor: Actor, measure: str, scope: reports.ReportScope, identified: bool) -> tuple[str, int]:
    """The CSV text and its number of data rows; audited (one row per patient when identified)."""
    if measure not in MEASURES:
        raise NotFound(f"No export named '{measure}'. Choose one of: {', '.join(MEASURES)}.")
    if identified and not actor.is_admin:
        raise Forbidden("Only an administrator may export names; the export is pseudonymised by default.")
    facts = reports.load_facts(scope)
    who = _identities({f.patient_id for f in facts}) if identified else {}
    teams = dict(db.session.execute(select(Team.id, Team.name).where(Team.id.in_(scope.team_ids))).all())
    header, rows = _BUILDERS[measure](facts, scope)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    person_cols = ["navn", "fodselsdato"] if identified else []
    writer.writerow(["pasient", *person_cols, "team", "forlop_start", *header])
    for f, values in rows:
        person = list(who.get(f.patient_id, ("", ""))) if identified else []
        writer.writerow([_safe(v) for v in (pseudonym(f.patient_id), *person, teams.get(f.team_id, ""),
                                            f.start_date.isoformat(), *values)])
    detail = f"{measure}.csv {'identified' if identified else 'pseudonymised'} rows={len(rows)} " \
             f"teams={','.join(scope.team_ids)} {scope.start}..{scope.end}"
    if identified:
        for patient_id in sorted({f.patient_id for f, _ in rows}):
            audit.record("export", "report", measure, patient_id, detail)
    else:
        audit.record("export", "report", measure, None, detail)
    # A BOM so Excel opens æ, ø, å correctly.
    return "\ufeff" + out.getvalue(), len(rows)


def _safe(value) -> str:
    """Neutralise spreadsheet formulas in free text (CSV injection)."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _identities(patient_ids: set[str]) -> dict[str, tuple[str, str]]:
    ids = list(patient_ids)
    result: dict[str, tuple[str, str]] = {}
    for chunk in range(0, len(ids), 500):
        for p in db.session.scalars(select(Patient).where(Patient.id.in_(ids[chunk:chunk + 500]))):
            born = p.birth_date.isoformat() if p.birth_date else ""
            result[p.id] = (f"{p.given_name} {p.family_name}", born)
    return result


def _psfs_rows(facts, scope):
    from app.models import PsfsAssessment

    header = ["aktivitet_nr", "utgangspunkt_dato", "oppfolging_dato", "skaar_utgangspunkt",
              "skaar_oppfolging", "endring", "viktig_endring_aktivitet", "snitt_utgangspunkt",
              "snitt_oppfolging", "snitt_endring", "viktig_endring"]
    by_pathway: dict[str, list] = {}
    ids = [f.pathway_id for f in facts]
    for chunk in range(0, len(ids), 500):
        for row in db.session.scalars(
                select(PsfsAssessment).where(PsfsAssessment.pathway_id.in_(ids[chunk:chunk + 500]),
                                             PsfsAssessment.superseded_at.is_(None))
                .order_by(PsfsAssessment.assessed_on, PsfsAssessment.recorded_at, PsfsAssessment.pk)):
            by_pathway.setdefault(row.pathway_id, []).append(row)
    rows = []
    for f in facts:
        measure = reports.psfs_measure(by_pathway.get(f.pathway_id, []))
        if measure["baseline_on"] is None:
            continue
        for number, activity in enumerate(measure["activities"], start=1):
            rows.append((f, [number, measure["baseline_on"], measure["follow_up_on"] or "",
                             _num(activity["baseline"]), _num(activity["follow_up"]),
                             _num(activity["change"]),
                             _flag(activity["important"]), _num(measure["mean_baseline"]),
                             _num(measure["mean_follow_up"]), _num(measure["mean_change"]),
                             _flag(measure["important_change"])]))
    return header, rows


def _checklist_rows(facts, scope):
    keys = [i["key"] for i in checklist_template()["items"]]
    header = ["oppfyllelse_prosent", *keys]
    rows = []
    for f in facts:
        if f.checklist_items is None:
            continue
        rows.append((f, [_num(reports.fulfilment(f.checklist_items)),
                         *[f.checklist_items.get(k, "") for k in keys]]))
    return header, rows


def _missing_rows(facts, scope):
    header = ["frist", "samtale_holdt", "dager_for_sent"]
    rows = []
    for f in facts:
        if reports.conversation_missed(f, scope.today):
            deadline = reports.conversation_deadline(f)
            late = (f.first_conversation - deadline).days if f.first_conversation else ""
            rows.append((f, [deadline.isoformat(), f.first_conversation.isoformat() if f.first_conversation
                             else "", late]))
    return header, rows


_BUILDERS = {"psfs": _psfs_rows, "checklist": _checklist_rows, "conversations-missing": _missing_rows}


def _num(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _flag(value) -> str:
    return "" if value is None else ("ja" if value else "nei")


# ---------------------------------------------------------------------------------------------- FHIR
def _rid(*parts: str) -> str:
    """A stable FHIR id for something that has no UUID of its own (e.g. one activity's Observation)."""
    return str(uuid.uuid5(_ID_NAMESPACE, "/".join(parts)))


def _entry(resource: dict) -> dict:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def psfs_questionnaire() -> dict:
    rules = reports.psfs_thresholds()
    return {
        "resourceType": "Questionnaire",
        "id": _rid("questionnaire", "psfs"),
        "url": PSFS_QUESTIONNAIRE,
        "version": "1",
        "name": "PSFS",
        "title": "Pasientspesifikk funksjonsskala (PSFS) – «Hva er viktig for deg?»",
        "status": "active",
        "subjectType": ["Patient"],
        "description": "Patient-Specific Functional Scale (Stratford et al. 1995): up to 5 activities "
                       "that matter to the patient, each scored 0 (cannot do) to 10 (as before). "
                       "Important change: "
                       f"{rules.get('source', '')}",
        "item": [
            {"linkId": "kind", "text": "Type måling", "type": "choice", "required": True,
             "answerOption": [{"valueCoding": {"system": PSFS_KIND_CODES, "code": "baseline",
                                               "display": "Utgangspunkt (uke 1)"}},
                              {"valueCoding": {"system": PSFS_KIND_CODES, "code": "follow_up",
                                               "display": "Oppfølging (uke 4)"}}]},
            {"linkId": "activity", "text": "Aktivitet", "type": "group", "repeats": True, "required": True,
             "item": [
                 {"linkId": "activity.id", "text": "Aktivitetens id", "type": "string", "required": True},
                 {"linkId": "activity.name", "text": "Aktivitet som er viktig og vanskelig nå",
                  "type": "string", "required": True},
                 {"linkId": "activity.score", "text": "Skår 0–10 (0 = kan ikke utføre, 10 = som før)",
                  "type": "integer", "required": True},
             ]},
        ],
    }


def checklist_questionnaire() -> dict:
    template = checklist_template()
    options = [{"valueCoding": {"system": CHECKLIST_STATUS_CODES, "code": s, "display": _STATUS_NB[s]}}
               for s in template["statuses"]]
    return {
        "resourceType": "Questionnaire",
        "id": _rid("questionnaire", "checklist", str(template["version"])),
        "url": CHECKLIST_QUESTIONNAIRE,
        "version": str(template["version"]),
        "name": "HPHChecklist",
        "title": "Sjekkliste for pasientforløpet (HPH)",
        "status": "active",
        "subjectType": ["Patient"],
        "item": [{"linkId": i["key"], "prefix": i["phase"], "text": i["text"]["nb"], "type": "choice",
                  "answerOption": options} for i in template["items"]],
    }


def fhir_bundle(actor: Actor, pathway_id: str) -> dict:
    data = _pathway_data(actor, pathway_id)
    patient = data["patient"]
    patient_ref = {"reference": f"urn:uuid:{patient.id}"}
    patient_res = {"resourceType": "Patient", "id": patient.id,
                   "name": [{"family": patient.family_name, "given": [patient.given_name]}]}
    if patient.birth_date:
        patient_res["birthDate"] = patient.birth_date.isoformat()
    entries = [_entry(psfs_questionnaire()), _entry(checklist_questionnaire()), _entry(patient_res)]
    for row in data["psfs_rows"]:
        qr = {
            "resourceType": "QuestionnaireResponse", "id": row.id,
            "identifier": {"system": f"{FHIR_BASE}/psfs-assessment", "value": f"{row.id}/{row.version}"},
            "questionnaire": f"{PSFS_QUESTIONNAIRE}|1", "status": "completed", "subject": patient_ref,
            "authored": _instant(row.recorded_at),
            "item": [
                {"linkId": "kind",
                 "answer": [{"valueCoding": {"system": PSFS_KIND_CODES, "code": row.kind}}]},
                *[{"linkId": "activity", "item": [
                    {"linkId": "activity.id", "answer": [{"valueString": a["id"]}]},
                    {"linkId": "activity.name", "answer": [{"valueString": a["name"]}]},
                    {"linkId": "activity.score", "answer": [{"valueInteger": a["score"]}]},
                ]} for a in row.activities],
            ],
        }
        entries.append(_entry(qr))
        qr_ref = {"reference": f"urn:uuid:{row.id}"}
        for a in row.activities:
            entries.append(_entry(_observation(
                _rid("psfs", row.id, str(row.version), a["id"]), "psfs-activity-score",
                "PSFS-skår for aktivitet", patient_ref, qr_ref, row.assessed_on,
                {"valueInteger": a["score"]}, note=a["name"])))
        mean = reports.psfs_mean(row.activities)
        entries.append(_entry(_observation(
            _rid("psfs", row.id, str(row.version), "mean"), "psfs-mean-score", "PSFS gjennomsnittsskår",
            patient_ref, qr_ref, row.assessed_on,
            {"valueQuantity": {"value": mean, "unit": "poeng", "system": "http://unitsofmeasure.org",
                               "code": "{score}"}})))
    if data["checklist"] is not None:
        row = data["checklist"]
        entries.append(_entry({
            "resourceType": "QuestionnaireResponse", "id": row.id,
            "identifier": {"system": f"{FHIR_BASE}/checklist-record", "value": f"{row.id}/{row.version}"},
            "questionnaire": f"{CHECKLIST_QUESTIONNAIRE}|{row.template_version}", "status": "completed",
            "subject": patient_ref, "authored": _instant(row.recorded_at),
            "item": [{"linkId": key, "answer": [{"valueCoding": {
                "system": CHECKLIST_STATUS_CODES, "code": status,
                "display": _STATUS_NB.get(status, status)}}]}
                for key, status in row.items.items()],
        }))
    audit.record("export", "pathway", pathway_id, patient.id, "fhir bundle")
    return {"resourceType": "Bundle", "id": _rid("bundle", pathway_id, _instant(datetime.now(UTC))),
            "type": "collection", "timestamp": _instant(datetime.now(UTC)), "entry": entries}


def _observation(obs_id, code, display, subject, derived_from, on: date, value: dict, note: str = "") -> dict:
    obs = {
        "resourceType": "Observation", "id": obs_id, "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                  "code": "survey", "display": "Survey"}]}],
        "code": {"coding": [{"system": MEASURE_CODES, "code": code, "display": display}], "text": display},
        "subject": subject, "effectiveDateTime": on.isoformat(), "derivedFrom": [derived_from], **value,
    }
    if note:
        obs["note"] = [{"text": note}]
    return obs


def _instant(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _pathway_data(actor: Actor, pathway_id: str) -> dict:
    from app.models import ChecklistRecord, PsfsAssessment

    pathway, scope = pathway_scope(actor, pathway_id)
    patient = db.session.get(Patient, pathway.patient_id)
    psfs_rows = reports.current_entries(PsfsAssessment, pathway_id, PsfsAssessment.assessed_on)
    checklists = reports.current_entries(ChecklistRecord, pathway_id, ChecklistRecord.recorded_on)
    return {"pathway": pathway, "patient": patient, "scope": scope, "psfs_rows": psfs_rows,
            "checklist": checklists[-1] if checklists else None}


# ---------------------------------------------------------------------------------------------- summary
def summary_context(actor: Actor, pathway_id: str) -> dict:
    """What the printable visit summary shows; audited as an export of the patient's data."""
    measures = reports.pathway_measures(actor, pathway_id)
    pathway, scope = pathway_scope(actor, pathway_id)
    patient = db.session.get(Patient, pathway.patient_id)
    team = db.session.get(Team, patient.team_id)
    conversations = measures["conversation"]["history"]
    latest = conversations[-1] if conversations else None
    audit.record("export", "pathway", pathway_id, patient.id, "visit summary")
    return {"patient": patient, "team": team, "pathway": pathway, "m": measures, "latest": latest,
            "printed": date.today(), "actor": actor}
