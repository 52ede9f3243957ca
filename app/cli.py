"""The `viktig` command: init, demo, users invite, serve (Flask CLI commands on the app factory)."""

from __future__ import annotations

import os

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import func, select


def _create_app():
    from app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False,
             help="Viktig: «Hva er viktig for deg?» for home nurses.")
def main() -> None:
    pass


def _is_empty() -> bool:
    from app.extensions import db
    from app.models import Organisation

    return db.session.scalar(select(func.count()).select_from(Organisation)) == 0


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create the database or bring it to the newest schema."""
    from app.database import upgrade_schema

    upgrade_schema(current_app)
    click.echo(f"Database ready: {_safe_url()}")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Seed a demo municipality (2 teams, a leader, nurses, ~30 patients)."""
    from app.database import upgrade_schema
    from app.demo import seed_demo

    upgrade_schema(current_app)
    if not _is_empty():
        raise click.ClickException("The database already holds data; demo data goes only into an empty one.")
    summary = seed_demo()
    click.echo(summary)


@click.group("users")
def users_group() -> None:
    """Manage users."""


@users_group.command("invite")
@click.argument("username")
@click.option("--name", "display_name", required=True, help="Full name shown in the app.")
@click.option("--role", type=click.Choice(["nurse", "leader", "admin"]), default="nurse", show_default=True)
@click.option("--team", "teams", multiple=True, help="Team name or id; repeat for several.")
@click.option("--base-url", default=None, help="Address the tablets open, e.g. https://viktig.kommune.no")
@with_appcontext
def invite_command(username, display_name, role, teams, base_url) -> None:
    """Create a user and print a one-time enrolment link for her passkey."""
    from app.errors import DomainError
    from app.extensions import db
    from app.models import Organisation, Team
    from app.services.users import create_enrolment_token, create_user

    org = db.session.scalars(select(Organisation)).first()
    if org is None:
        raise click.ClickException("No organisation yet: run `viktig demo` or create one first.")
    team_ids = []
    for name in teams:
        by_name_or_id = (Team.name == name) | (Team.id == name)
        team = db.session.scalars(select(Team).where(Team.org_id == org.id, by_name_or_id)).first()
        if team is None:
            raise click.ClickException(f"No team named {name!r}.")
        team_ids.append(team.id)
    try:
        user = create_user(org.id, username, display_name, role, team_ids)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    hours = current_app.config["ENROLMENT_LINK_HOURS"]
    token = create_enrolment_token(user, hours)
    db.session.commit()
    base = (base_url or os.environ.get("VIKTIG_BASE_URL") or "http://localhost:8000").rstrip("/")
    click.echo(f"Created {role} {username}. Enrolment link (valid {hours} h, use once):")
    click.echo(f"{base}/#/enrol/{token}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=None, type=int, help="Default: 2 × cores + 1, at most 8.")
@click.option("--demo", is_flag=True, help="Seed demo data first if the database is empty.")
@with_appcontext
def serve_command(host, port, workers, demo) -> None:
    """Run the app under gunicorn (migrates the database first)."""
    from app.database import upgrade_schema
    from app.extensions import db

    upgrade_schema(current_app)
    if demo and _is_empty():
        from app.demo import seed_demo

        click.echo(seed_demo())
    if demo:
        os.environ.setdefault("VIKTIG_DEV_LOGIN", "1")
    # No connection may cross gunicorn's fork: each worker opens its own.
    db.engine.dispose()
    run_gunicorn(host, port, workers or min(2 * (os.cpu_count() or 1) + 1, 8))


def run_gunicorn(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    class ViktigServer(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("timeout", 60)
            self.cfg.set("graceful_timeout", 20)
            self.cfg.set("keepalive", 5)
            self.cfg.set("accesslog", "-")

        def load(self) -> Flask:
            return _create_app()

    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    click.echo(f"Viktig runs at http://{shown}:{port}/  (Ctrl+C stops it)")
    ViktigServer().run()


def _safe_url() -> str:
    from app.extensions import db

    return db.engine.url.render_as_string(hide_password=True)


def init_app(app: Flask) -> None:
    for command in (init_command, demo_command, users_group, serve_command):
        app.cli.add_command(command)


for _command in (init_command, demo_command, users_group, serve_command):
    main.add_command(_command)


if __name__ == "__main__":
    main()
