"""Clinical entries (conversation, PSFS, checklist, CFS): the same five routes for each, made by one factory.

Entries are append-only: PUT does not overwrite, it stores a new version that amends the one named by
base_version; GET …/versions shows them all.
"""

from flask.views import MethodView
from flask_smorest import Blueprint

from app.access import current_actor
from app.api.common import amend_body, create_body, read, write
from app.api.records_schemas import RECORD_SCHEMAS
from app.extensions import db
from app.services import caseload, records

ENTRY_RESOURCES = {
    "conversation": ("conversations", "«Hva er viktig for deg?» conversations"),
    "psfs": ("psfs", "PSFS assessments (baseline and follow-up)"),
    "checklist": ("checklists", "Pathway checklist records (HPH)"),
    "cfs": ("cfs", "Clinical Frailty Scale scores"),
}


def entry_blueprint(entity: str, plural: str, title: str) -> Blueprint:
    blp = Blueprint(plural, __name__, url_prefix="/api/v1", description=title)
    record = RECORD_SCHEMAS[entity]

    @blp.route(f"/{plural}")
    class Collection(MethodView):
        @blp.arguments(create_body(entity))
        @blp.response(201, record)
        def post(self, body):
            """Record a new entry"""
            return write(entity, "create", None, body)

    @blp.route(f"/{plural}/<string:entry_id>")
    class Item(MethodView):
        @blp.response(200, record)
        def get(self, entry_id):
            """The current version of an entry"""
            return read(entity, entry_id)

        @blp.arguments(amend_body(entity))
        @blp.response(200, record)
        def put(self, body, entry_id):
            """Correct an entry: stores a new version that amends base_version (409 if it is stale)"""
            return write(entity, "amend", entry_id, body)

    @blp.route(f"/{plural}/<string:entry_id>/versions")
    class Versions(MethodView):
        @blp.response(200, record(many=True))
        def get(self, entry_id):
            """Every version of an entry, oldest first"""
            result = records.entry_history(current_actor(), entity, entry_id)
            db.session.commit()
            return result

    @blp.route(f"/pathways/<string:pathway_id>/{plural}")
    class ForPathway(MethodView):
        @blp.response(200, record(many=True))
        def get(self, pathway_id):
            """Current entries of a pathway"""
            result = caseload.pathway_entries(current_actor(), entity, pathway_id)
            db.session.commit()
            return result

    return blp


blueprints = [entry_blueprint(entity, plural, title) for entity, (plural, title) in ENTRY_RESOURCES.items()]
