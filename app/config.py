"""Settings from the environment, with safe defaults for the embedded SQLite set-up."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def load_or_create_secret_key(instance_path: str) -> str:
    """Use VIKTIG_SECRET_KEY, else a key generated once and kept in the instance folder."""
    given = os.environ.get("VIKTIG_SECRET_KEY")
    if given:
        return given
    key_file = Path(instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Written with owner-only permissions: the key signs nothing a nurse can forge, but it must not leak.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(instance_path) / 'viktig.sqlite3'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def settings_from_env(instance_path: str) -> dict:
    return {
        "SECRET_KEY": load_or_create_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Relying party for passkeys: the host name the tablets open, and the origins allowed.
        "RP_ID": os.environ.get("VIKTIG_RP_ID", "localhost"),
        "RP_NAME": os.environ.get("VIKTIG_RP_NAME", "Viktig"),
        "ALLOWED_ORIGINS": [
            o.strip()
            for o in os.environ.get("VIKTIG_ORIGINS", "http://localhost:8000,http://127.0.0.1:8000").split(",")
            if o.strip()
        ],
        "SESSION_IDLE_MINUTES": _int("VIKTIG_SESSION_IDLE_MINUTES", 12 * 60),
        "SESSION_ABSOLUTE_HOURS": _int("VIKTIG_SESSION_ABSOLUTE_HOURS", 7 * 24),
        "ENROLMENT_LINK_HOURS": _int("VIKTIG_ENROLMENT_LINK_HOURS", 72),
        "COOKIE_SECURE": _bool("VIKTIG_COOKIE_SECURE", False),
        "DEV_LOGIN": _bool("VIKTIG_DEV_LOGIN", False),
        "MAX_CONTENT_LENGTH": _int("VIKTIG_MAX_REQUEST_BYTES", 2 * 1024 * 1024),
        "SYNC_MAX_MUTATIONS": _int("VIKTIG_SYNC_MAX_MUTATIONS", 100),
        "SYNC_MAX_BYTES": _int("VIKTIG_SYNC_MAX_BYTES", 1024 * 1024),
        "CLOCK_SKEW_MINUTES": _int("VIKTIG_CLOCK_SKEW_MINUTES", 10),
        "LOGIN_RATE_LIMIT": _int("VIKTIG_LOGIN_RATE_LIMIT", 10),
        "LOGIN_RATE_WINDOW_SECONDS": _int("VIKTIG_LOGIN_RATE_WINDOW_SECONDS", 60),
        # How many reverse proxies (TLS load balancer) stand in front: their X-Forwarded-* are trusted.
        "TRUSTED_PROXIES": _int("VIKTIG_TRUSTED_PROXIES", 0),
        "API_TITLE": "Viktig API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "JSON_SORT_KEYS": False,
    }
