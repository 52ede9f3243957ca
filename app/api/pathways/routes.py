"""Pathways (pasientforløp): start one, read one, close or correct one."""

from flask.views import MethodView
from flask_smorest import Blueprint

from app.api.common import amend_body, create_body, read, write
from app.api.records_schemas import PathwayRecord

blp = Blueprint("pathways", __name__, url_prefix="/api/v1/pathways", description="Pathways (pasientforløp)")


@blp.route("")
class Pathways(MethodView):
    @blp.arguments(create_body("pathway"))
    @blp.response(201, PathwayRecord)
    def post(self, body):
        """Start a pathway for a patient (e.g. on homecoming from hospital)"""
        return write("pathway", "create", None, body)


@blp.route("/<string:pathway_id>")
class PathwayById(MethodView):
    @blp.response(200, PathwayRecord)
    def get(self, pathway_id):
        """One pathway"""
        return read("pathway", pathway_id)

    @blp.arguments(amend_body("pathway"))
    @blp.response(200, PathwayRecord)
    def put(self, body, pathway_id):
        """Change a pathway (close it, correct its dates); needs base_version"""
        return write("pathway", "amend", pathway_id, body)
