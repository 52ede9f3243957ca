"""Passkey ceremonies: enrol with a one-time link, log in; both rate-limited per network address."""

from flask import current_app, jsonify, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from webauthn.helpers import bytes_to_base64url

from app.access import optional_actor
from app.api.auth.schemas import MeSchema
from app.api.auth.session_routes import me_payload
from app.api.problem_api import problem_response
from app.extensions import db
from app.models import User
from app.services import rate_limit
from app.services import webauthn_ceremonies as ceremonies
from app.sessions import request_device_id, start_session

blp = Blueprint("webauthn", __name__, url_prefix="/api/v1/auth", description="Passkey enrolment and login")


class EnrolOptionsBody(Schema):
    token = fields.String(load_default=None, validate=validate.Length(max=200),
                          metadata={"description": "From the enrolment link; omit it to add a passkey"})


class LoginOptionsBody(Schema):
    username = fields.String(load_default=None, validate=validate.Length(max=120),
                             metadata={"description": "Omit to let the device offer its passkeys"})


class CeremonyOptions(Schema):
    ceremony_id = fields.String(metadata={"description": "Send back with the passkey's answer"})
    publicKey = fields.Dict(metadata={"description": "WebAuthn options, binary values base64url-encoded"})


class VerifyBody(Schema):
    ceremony_id = fields.String(required=True, validate=validate.Length(max=36))
    credential = fields.Dict(required=True, metadata={"description": "The PublicKeyCredential as JSON"})


class EnrolVerifyBody(VerifyBody):
    token = fields.String(load_default=None, validate=validate.Length(max=200))
    label = fields.String(load_default="", validate=validate.Length(max=200))


class EnrolledSchema(Schema):
    credential_id = fields.String()
    label = fields.String()
    user = fields.Nested(MeSchema)


@blp.errorhandler(rate_limit.RateLimited)
def _rate_limited(error: rate_limit.RateLimited):
    return problem_response(429, error.title, error.message, error.type_slug,
                            headers={"Retry-After": str(error.retry_after)})


def _relying_party() -> ceremonies.RelyingParty:
    config = current_app.config
    return ceremonies.RelyingParty(id=config["RP_ID"], name=config["RP_NAME"],
                                   origins=list(config["ALLOWED_ORIGINS"]))


def _limit(scope: str) -> None:
    config = current_app.config
    rate_limit.hit(f"{scope}:{request.remote_addr}", config["LOGIN_RATE_LIMIT"],
                   config.get("LOGIN_RATE_WINDOW_SECONDS", 60))


def _actor_id() -> str | None:
    actor = optional_actor()
    return actor.user_id if actor else None


@blp.route("/enrol/options")
class EnrolOptions(MethodView):
    @blp.arguments(EnrolOptionsBody)
    @blp.response(200, CeremonyOptions)
    def post(self, body):
        """Start enrolling a passkey (user verification required, existing passkeys excluded)"""
        _limit("enrol")
        return ceremonies.enrolment_options(_relying_party(), body["token"], _actor_id())


@blp.route("/enrol/verify")
class EnrolVerify(MethodView):
    @blp.arguments(EnrolVerifyBody)
    @blp.response(201, EnrolledSchema)
    def post(self, body):
        """Finish enrolling: store the new passkey and spend the enrolment link"""
        _limit("enrol")
        cred = ceremonies.finish_enrolment(_relying_party(), body["ceremony_id"], body["credential"],
                                           body["token"], _actor_id(), body["label"])
        return {"credential_id": bytes_to_base64url(cred.credential_id), "label": cred.label,
                "user": me_payload(db.session.get(User, cred.user_id))}


@blp.route("/login/options")
class LoginOptions(MethodView):
    @blp.arguments(LoginOptionsBody)
    @blp.response(200, CeremonyOptions)
    def post(self, body):
        """Start a passkey login (discoverable, or scoped to a user name)"""
        _limit("login")
        return ceremonies.login_options(_relying_party(), body["username"])


@blp.route("/login/verify")
class LoginVerify(MethodView):
    @blp.arguments(VerifyBody)
    @blp.response(200, MeSchema)
    def post(self, body):
        """Finish a passkey login: starts a session; X-Device-Id registers the device"""
        _limit("login")
        user = ceremonies.finish_login(_relying_party(), body["ceremony_id"], body["credential"])
        response = jsonify(me_payload(user))
        start_session(response, user, request_device_id())
        db.session.commit()
        return response
