"""Patients of the nurse's teams: the caseload, one patient, its pathways."""

from flask.views import MethodView
from flask_smorest import Blueprint

from app.access import current_actor
from app.api.common import amend_body, create_body, read, write
from app.api.patients.schemas import CaseloadPatient, CaseloadQuery
from app.api.records_schemas import PathwayRecord, PatientRecord
from app.extensions import db
from app.services import caseload

blp = Blueprint("patients", __name__, url_prefix="/api/v1/patients", description="Patients (caseload)")


@blp.route("")
class Patients(MethodView):
    @blp.arguments(CaseloadQuery, location="query")
    @blp.response(200, CaseloadPatient(many=True))
    def get(self, query):
        """The caseload: patients of your teams, searchable by name"""
        result = caseload.list_patients(current_actor(), query["q"], query["team_id"])
        db.session.commit()
        return result

    @blp.arguments(create_body("patient"))
    @blp.response(201, PatientRecord)
    def post(self, body):
        """Register a patient in one of your teams"""
        return write("patient", "create", None, body)


@blp.route("/<string:patient_id>")
class PatientById(MethodView):
    @blp.response(200, PatientRecord)
    def get(self, patient_id):
        """One patient"""
        return read("patient", patient_id)

    @blp.arguments(amend_body("patient"))
    @blp.response(200, PatientRecord)
    def put(self, body, patient_id):
        """Change a patient's details or move the patient to another team (needs base_version)"""
        return write("patient", "amend", patient_id, body)


@blp.route("/<string:patient_id>/pathways")
class PatientPathways(MethodView):
    @blp.response(200, PathwayRecord(many=True))
    def get(self, patient_id):
        """The patient's pathways, newest first"""
        result = caseload.patient_pathways(current_actor(), patient_id)
        db.session.commit()
        return result
