"""flask-smorest's Api, but every error is RFC 9457 application/problem+json naming the fields."""

from __future__ import annotations

import http
import logging

import marshmallow as ma
from flask import Response, current_app, json, request
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.errors import DomainError, flatten_errors

PROBLEM_TYPE_BASE = "https://viktig.app/problems/"
PROBLEM_CONTENT_TYPE = "application/problem+json"
# Messages about the body as a whole (not JSON, not an object) are keyed like marshmallow's schema errors.
BODY_KEY = "_schema"
log = logging.getLogger(__name__)


class ProblemSchema(ma.Schema):
    class Meta:
        # RFC 9457 allows extension members (server_record on a conflict; others may follow).
        unknown = ma.INCLUDE

    type = ma.fields.String(metadata={"description": "URI naming the kind of problem"})
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String(metadata={"description": "What went wrong, in a sentence a person can act on"})
    instance = ma.fields.String()
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={"description": "Messages per field, dotted path (activities.0.score); "
                                 f"'{BODY_KEY}' is the body as a whole"},
    )
    server_record = ma.fields.Dict(
        metadata={"description": "On a version conflict: the server's current version"})


def _sentence(errors: dict[str, list[str]]) -> str:
    parts = [f"{'the request body' if field == BODY_KEY else repr(field)}: {' '.join(msgs)}"
             for field, msgs in list(errors.items())[:5]]
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "Please correct " + "; ".join(parts) + more


def problem_response(status: int, title: str, detail: str, slug: str, errors=None, headers=None, **extra):
    body = {"type": PROBLEM_TYPE_BASE + slug, "title": title, "status": status, "detail": detail}
    if request:
        body["instance"] = request.path
    if errors:
        body["errors"] = errors
    body.update(extra)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


_SLUGS = {400: "bad-request", 401: "not-authenticated", 403: "forbidden", 404: "not-found",
          405: "method-not-allowed", 409: "conflict", 413: "too-large", 415: "unsupported-media-type",
          422: "validation", 429: "rate-limited", 500: "server-error", 503: "unavailable"}


_LOCATIONS = {"json", "query", "form", "files", "headers", "view_args"}


class ProblemApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        """flask-smorest's error responses, documented with the content type they really have."""
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def _register_error_handlers(self):
        super()._register_error_handlers()
        self._app.register_error_handler(DomainError, self.handle_domain_error)
        self._app.register_error_handler(IntegrityError, self.handle_integrity_error)
        self._app.register_error_handler(Exception, self.handle_unexpected)

    def handle_http_exception(self, error: HTTPException):
        data = getattr(error, "data", None) or {}
        headers = data.get("headers") or {}
        raw = data.get("errors") or data.get("messages")
        errors = None
        code = error.code or 500
        if raw:
            # webargs nests messages under the location ("json", "query"); the field path is what helps.
            if isinstance(raw, dict) and set(raw) <= _LOCATIONS:
                if code == 422 and "json" in raw and request.content_length and not request.is_json:
                    return problem_response(
                        415, "Unsupported Media Type",
                        f"The request body must be JSON sent as application/json, not {request.mimetype!r}.",
                        _SLUGS[415], {BODY_KEY: ["Must be sent as application/json."]})
                # A list under a location is about the whole body, e.g. webargs' "Invalid JSON body."
                raw = {k: v for loc in raw.values()
                       for k, v in (loc.items() if isinstance(loc, dict) else [(BODY_KEY, loc)])}
            errors = flatten_errors(raw)
        if errors:
            detail = _sentence(errors)
        elif data.get("message"):
            detail = data["message"]
        elif code == 413:
            detail = (f"The request is larger than the server accepts "
                      f"({current_app.config.get('MAX_CONTENT_LENGTH')} bytes). Send it in smaller parts.")
        elif code == 404:
            detail = f"There is nothing at {request.path}. Check the address."
        elif code == 405:
            detail = f"{request.method} is not allowed on {request.path}."
        else:
            detail = error.description or error.name
        if code == 422 and errors:
            title = "The entry has invalid fields"
        else:
            title = error.name
        return problem_response(code, title, detail, _SLUGS.get(code, "error"), errors, headers)

    def handle_domain_error(self, error: DomainError):
        return problem_response(error.status, error.title, error.message, error.type_slug,
                                error.errors or None, **error.extra)

    def handle_integrity_error(self, error: IntegrityError):
        from app.extensions import db

        db.session.rollback()
        log.info("integrity error: %s", error.orig)
        return problem_response(409, "Conflicts with existing data",
                                "The entry conflicts with data already stored (a duplicate id or a "
                                "reference to something that does not exist). Reload and try again.",
                                "conflict")

    def handle_unexpected(self, error: Exception):
        if isinstance(error, HTTPException):
            return self.handle_http_exception(error)
        log.exception("unhandled error on %s %s", request.method, request.path)
        wrapped = InternalServerError()
        return problem_response(500, wrapped.name,
                                "The server failed to handle this request. Nothing was saved by it; "
                                "the entry is still on your device. If it happens again, tell the operator.",
                                "server-error")
