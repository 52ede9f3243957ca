"""Who am I, log out, and the development-only login (refused unless testing or VIKTIG_DEV_LOGIN)."""

from flask import current_app, jsonify
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import select

from app.access import current_actor
from app.api.auth.schemas import DevLoginBody, MeSchema
from app.errors import NotFound
from app.extensions import db
from app.models import User
from app.sessions import end_session, request_device_id, start_session

blp = Blueprint("session", __name__, url_prefix="/api/v1/auth", description="Sessions")


def me_payload(user: User) -> dict:
    return {"id": user.id, "username": user.username, "display_name": user.display_name, "role": user.role,
            "org_id": user.org_id, "teams": [{"id": t.id, "name": t.name} for t in user.teams]}


def dev_login_enabled() -> bool:
    return bool(current_app.testing or current_app.config["DEV_LOGIN"])


class LoginMethods(Schema):
    passkeys = fields.Boolean()
    dev_login = fields.Boolean(metadata={"description": "Only under test or with VIKTIG_DEV_LOGIN=1"})


@blp.route("/options")
class LoginOptionsInfo(MethodView):
    @blp.response(200, LoginMethods)
    def get(self):
        """How this server lets people log in: passkeys always; the development login only in tests and demos"""
        return {"passkeys": True, "dev_login": dev_login_enabled()}


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, MeSchema)
    def get(self):
        """The logged-in user and her teams"""
        return me_payload(db.session.get(User, current_actor().user_id))


@blp.route("/logout")
class Logout(MethodView):
    @blp.response(204)
    def post(self):
        """End this session"""
        response = current_app.response_class(status=204)
        end_session(response)
        db.session.commit()
        return response


@blp.route("/dev-login")
class DevLogin(MethodView):
    @blp.arguments(DevLoginBody)
    @blp.response(200, MeSchema)
    def post(self, body):
        """Development and tests only: log in by user name without a passkey"""
        if not dev_login_enabled():
            raise NotFound("Development login is switched off on this server. Log in with your passkey.")
        user = db.session.scalars(select(User).where(User.username == body["username"])).first()
        if user is None or not user.active:
            raise NotFound(f"No active user named {body['username']!r}.")
        response = jsonify(me_payload(user))
        start_session(response, user, request_device_id())
        db.session.commit()
        return response
