"""The pathway as a FHIR R4 Bundle, validated with fhir.resources.R4B (same Questionnaire,
QuestionnaireResponse and Observation as R4; fhir.resources 8 ships no R4 package)."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from tests.reports.seed import checklist, day, seed


@pytest.fixture
def pathway(app, world):
    return seed(app, lambda s: s.pathway(
        world.nord, day(-40), conversation=day(-39), goals=["Gå til postkassen"],
        baseline=(day(-38), [2, 3]), follow_up=(day(-10), [6, 5]), checklist=checklist(7, not_applicable=1)))


def fetch(client, pathway_id) -> dict:
    response = client.get(f"/api/v1/pathways/{pathway_id}/fhir")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/fhir+json"
    return response.get_json()


def by_type(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_bundle_validates_as_fhir(pathway, as_user):
    raw = fetch(as_user("kari"), pathway["pathway"])
    bundle = Bundle.model_validate(raw)
    assert bundle.type == "collection"
    for entry in raw["entry"]:
        resource = entry["resource"]
        model = {"Questionnaire": Questionnaire, "QuestionnaireResponse": QuestionnaireResponse,
                 "Observation": Observation}.get(resource["resourceType"])
        if model:
            model.model_validate(resource)


def test_bundle_holds_both_questionnaires_and_every_captured_entry(pathway, as_user):
    raw = fetch(as_user("kari"), pathway["pathway"])
    questionnaires = {q["url"] for q in by_type(raw, "Questionnaire")}
    assert questionnaires == {"https://viktig.app/fhir/Questionnaire/psfs",
                              "https://viktig.app/fhir/Questionnaire/hph-checklist"}
    responses = {r["id"] for r in by_type(raw, "QuestionnaireResponse")}
    assert responses == {pathway["baseline"], pathway["follow_up"], pathway["checklist"]}
    observations = by_type(raw, "Observation")
    scores = sorted(o["valueInteger"] for o in observations if "valueInteger" in o)
    assert scores == [2, 3, 5, 6]
    means = sorted(o["valueQuantity"]["value"] for o in observations if "valueQuantity" in o)
    assert means == [2.5, 5.5]
    full_urls = [e["fullUrl"] for e in raw["entry"]]
    assert len(full_urls) == len(set(full_urls))
    patient_ref = f"urn:uuid:{pathway['patient']}"
    assert all(o["subject"]["reference"] == patient_ref for o in observations)


def test_fhir_export_is_audited(pathway, as_user, audit_events):
    fetch(as_user("kari"), pathway["pathway"])
    assert any(e["action"] == "export" and e["detail"] == "fhir bundle"
               and e["patient_id"] == pathway["patient"] for e in audit_events())
