"""POST /sync/push and GET /sync/pull: thin views over app.services.sync."""

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from app.access import current_actor
from app.api.sync.schemas import PullAnswer, PullQuery, PushAnswer, PushBody
from app.errors import DomainError
from app.extensions import db
from app.models.base import utcnow
from app.services import sync
from app.sessions import DeviceRevoked, bind_device

blp = Blueprint("sync", __name__, url_prefix="/api/v1/sync", description="Offline sync (docs/sync.md)")


class BatchTooLarge(DomainError):
    status = 413
    type_slug = "too-large"
    title = "The batch is too large"


@blp.before_request
def _limit_bytes() -> None:
    if request.method != "POST":
        return
    limit = current_app.config["SYNC_MAX_BYTES"]
    size = request.content_length
    if size is None:
        size = len(request.get_data(cache=True))
    if size > limit:
        raise BatchTooLarge(f"This batch is {size} bytes; a push may carry at most {limit} bytes. "
                            "Send the outbox in smaller batches.")


@blp.route("/push")
class Push(MethodView):
    @blp.arguments(PushBody)
    @blp.response(200, PushAnswer)
    def post(self, body):
        """Apply a batch of outbox entries; one answer per entry (applied, duplicate, conflict, rejected)"""
        actor = current_actor()
        device_id = bind_device(body["device_id"], field="device_id")
        device = sync.touch_device(actor, device_id, body["outbox_size"])
        if device.revoked_at is not None:
            raise DeviceRevoked("This device was revoked by an administrator. Its local data must be erased; "
                                "log in again on a device you have been given.")
        results = sync.push(actor, device_id, body["mutations"],
                            current_app.config["CLOCK_SKEW_MINUTES"])
        return {"results": results, "server_time": utcnow().isoformat()}


@blp.route("/pull")
class Pull(MethodView):
    @blp.arguments(PullQuery, location="query")
    @blp.response(200, PullAnswer)
    def get(self, query):
        """Changes visible to you since the cursor: records to store and records to remove, paged"""
        answer = sync.pull(current_actor(), query["cursor"], query["limit"])
        db.session.commit()
        return answer
