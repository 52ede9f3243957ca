"""Security headers on every answer and an Origin check on state-changing API calls."""

from __future__ import annotations

from flask import Flask, Response, current_app, request

from app.errors import Forbidden, ValidationFailed

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _check_origin() -> None:
    if request.method not in _STATE_CHANGING or not request.path.startswith("/api/"):
        return
    origin = request.headers.get("Origin")
    if origin is None:
        # Browsers always send Origin on cross-site POSTs, so its absence means a non-browser client
        # (CLI, tests, curl); the SameSite=Strict cookie already keeps other sites out.
        return
    allowed = set(current_app.config["ALLOWED_ORIGINS"]) | {request.host_url.rstrip("/")}
    if origin not in allowed:
        raise Forbidden(f"Requests from {origin} are not accepted. Open Viktig from its own address.")


_NUL_CHECKED_PER_ITEM = frozenset({"sync.Push"})


def _refuse_nul_characters() -> None:
    """PostgreSQL cannot store NUL in text, and no nurse types one: refuse it for every field alike."""
    if not request.path.startswith("/api/"):
        return
    if "\x00" in request.path or "%00" in request.query_string.decode("latin-1"):
        raise ValidationFailed("The address contains a NUL character (%00). Remove it and try again.",
                               {"query": ["Must not contain NUL characters."]})
    # A sync batch is checked entry by entry (each rule refuses NUL), so one bad entry is rejected alone
    # instead of holding back the whole batch of a tablet that has been offline all day.
    if request.content_length and request.is_json and request.endpoint not in _NUL_CHECKED_PER_ITEM:
        body = request.get_data(cache=True)
        if b"\\u0000" in body or b"\x00" in body:
            fields = _paths_with_nul(request.get_json(silent=True)) or ["body"]
            raise ValidationFailed(
                f"Check '{fields[0]}': the text contains a NUL character (\\u0000), which cannot be stored. "
                "Remove it and try again.", {field: ["Must not contain NUL characters."] for field in fields})


def _paths_with_nul(value, prefix: str = "") -> list[str]:
    if isinstance(value, str):
        return [prefix or "body"] if "\x00" in value else []
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return []
    found = []
    for key, item in items:
        path = f"{prefix}.{key}" if prefix else str(key)
        found += [path] if "\x00" in str(key) else _paths_with_nul(item, path)
    return found


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.path.startswith("/api/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    app.before_request(_check_origin)
    app.before_request(_refuse_nul_characters)
    app.after_request(_headers)
