"""Health: the devices' online probe and the load balancer's check."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text

from app.extensions import db
from app.models.base import utcnow

blp = Blueprint("system", __name__, url_prefix="/api/v1", description="Health")


class PingSchema(Schema):
    ok = fields.Boolean()
    server_time = fields.String()


@blp.route("/ping")
class Ping(MethodView):
    @blp.response(200, PingSchema)
    def get(self):
        """Online probe: 200 when the server and its database answer"""
        db.session.execute(text("SELECT 1"))
        return {"ok": True, "server_time": utcnow().isoformat()}
