"""Viktig: the Flask application factory."""

from __future__ import annotations

import os

from flask import Flask

from app.config import settings_from_env


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=os.environ.get("VIKTIG_INSTANCE") or None,
                instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(settings_from_env(app.instance_path))
    if test_config:
        app.config.update(test_config)
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind a load balancer the client address (rate limits) and https (HSTS, Secure cookie)
        # come from X-Forwarded-*; trusted only for the configured number of hops.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    from app import (
        models,  # noqa: F401  (registers the tables)
        pwa,
        security,
        sessions,
    )
    from app.api import routes
    from app.api.problem_api import ProblemApi
    from app.extensions import db, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"),
                     render_as_batch=True)
    # One Api per app: tests build many apps, and a shared Api would pile up their specs.
    api = ProblemApi(app)
    sessions.init_app(app)
    security.init_app(app)
    routes.register(api, app)
    pwa.init_app(app)

    from app import cli

    cli.init_app(app)
    return app
