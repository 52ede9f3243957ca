"""Registers every API blueprint on the app's Api; new resources are added here."""

from flask import Flask

from app.api.admin.routes import blp as admin_blp
from app.api.auth.session_routes import blp as session_blp
from app.api.auth.webauthn_routes import blp as webauthn_blp
from app.api.content.routes import blp as content_blp
from app.api.entries.routes import blueprints as entry_blps
from app.api.pathways.routes import blp as pathways_blp
from app.api.patients.routes import blp as patients_blp
from app.api.reports import routes as reports_routes
from app.api.system.routes import blp as system_blp


def register(api, app: Flask) -> None:
    for blueprint in (system_blp, session_blp, webauthn_blp, patients_blp, pathways_blp, *entry_blps,
                      content_blp, admin_blp):
        api.register_blueprint(blueprint)
    from app.api.sync.routes import blp as sync_blp  # sync: push/pull (docs/sync.md)
    api.register_blueprint(sync_blp)
    reports_routes.register(api, app)  # reports API + the /board and visit-summary pages
