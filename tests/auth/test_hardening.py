"""Security headers, the Origin check on writes, and the request size limit."""

from __future__ import annotations

from tests.auth.helpers import problem_type
from tests.conftest import login as dev_login


def test_answers_carry_a_strict_content_security_policy(client, world):
    answer = client.get("/api/v1/ping")
    csp = answer.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    assert answer.headers["Cache-Control"] == "no-store"
    with client.get("/") as shell:
        assert "'unsafe-inline'" not in shell.headers["Content-Security-Policy"]


def test_hsts_only_over_https(client, world):
    assert "Strict-Transport-Security" not in client.get("/api/v1/ping").headers
    secure = client.get("/api/v1/ping", base_url="https://localhost/")  # wsgi.url_scheme = https
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_write_from_a_foreign_origin_is_refused(client, world):
    dev_login(client, "kari")
    foreign = client.post("/api/v1/auth/logout", headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403 and problem_type(foreign) == "forbidden"
    ceremony = client.post("/api/v1/auth/login/options", json={}, headers={"Origin": "https://evil.example"})
    assert ceremony.status_code == 403
    own = client.post("/api/v1/auth/login/options", json={}, headers={"Origin": "http://localhost:8000"})
    assert own.status_code == 200


def test_oversized_request_gets_413_problem(app, client, world):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    answer = client.post("/api/v1/auth/login/options", data=b"{" + b" " * 2048 + b"}",
                         content_type="application/json")
    assert answer.status_code == 413 and problem_type(answer) == "too-large"


def test_session_cookie_is_httponly_and_strict(client, world):
    answer = client.post("/api/v1/auth/dev-login", json={"username": "kari"})
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    secure = client.post("/api/v1/auth/dev-login", json={"username": "kari"}, base_url="https://localhost/")
    assert "Secure" in secure.headers["Set-Cookie"]


def test_dev_login_is_off_outside_tests(app, client, world):
    app.testing = False
    app.config["DEV_LOGIN"] = False
    answer = client.post("/api/v1/auth/dev-login", json={"username": "kari"})
    assert answer.status_code == 404
