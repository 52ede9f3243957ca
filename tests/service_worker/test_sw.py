"""The server side of the service worker: /sw.js at root scope with a content-hash precache manifest,
and the worker's request → strategy table."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from app.pwa import PWA_DIR, SW_DIR

CASES = [  # (method, url, mode, expected strategy)
    ("GET", "/", "navigate", "shell"),
    ("GET", "/#/patient/abc", "navigate", "shell"),
    ("GET", "/static/pwa/js/main.js", "cors", "cache-first"),
    ("GET", "/static/pwa/css/app.css", "no-cors", "cache-first"),
    ("GET", "/api/v1/patients", "cors", "network"),
    ("GET", "/api/v1/ping", "cors", "network"),
    ("POST", "/api/v1/sync/push", "cors", "network"),
    ("GET", "https://elsewhere.example/x.js", "no-cors", "network"),
]


@pytest.fixture
def shell_client(tmp_path, monkeypatch):
    from app import create_app

    monkeypatch.setenv("VIKTIG_INSTANCE", str(tmp_path))
    copy = tmp_path / "pwa"
    shutil.copytree(PWA_DIR, copy)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                      "PWA_DIR": str(copy)})
    return app.test_client(), copy


def injected(body: str) -> tuple[dict, str]:
    manifest = json.loads(re.search(r"^const PRECACHE = (.*);$", body, re.M).group(1))
    build = json.loads(re.search(r"^const BUILD = (.*);$", body, re.M).group(1))
    return manifest, build


def test_sw_is_served_at_root_scope_uncached_with_the_shell_manifest(shell_client):
    client, _ = shell_client
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    manifest, build = injected(response.get_data(as_text=True))
    shell = {"/", "/static/pwa/js/main.js", "/static/pwa/css/app.css", "/static/pwa/manifest.webmanifest"}
    assert shell <= set(manifest)
    assert len(build) == 12
    for url in manifest:
        with client.get(url) as answer:
            assert answer.status_code == 200, url


def test_a_changed_file_changes_its_hash_and_the_build(shell_client):
    client, copy = shell_client
    before, build_before = injected(client.get("/sw.js").get_data(as_text=True))
    css = copy / "css" / "app.css"
    css.write_text(css.read_text() + "\n/* next release */\n")
    after, build_after = injected(client.get("/sw.js").get_data(as_text=True))
    assert build_after != build_before
    changed = {url for url in after if after[url] != before[url]}
    assert changed == {"/static/pwa/css/app.css"}


def test_shell_and_manifest_are_served(shell_client):
    client, _ = shell_client
    with client.get("/") as shell:
        assert shell.status_code == 200 and b'src="/static/pwa/js/main.js"' in shell.data
        assert "script-src 'self'" in shell.headers["Content-Security-Policy"]
    with client.get("/manifest.webmanifest") as manifest:
        assert manifest.mimetype == "application/manifest+json"
        assert manifest.get_json()["start_url"] == "/"


def test_worker_stays_small():
    lines = (SW_DIR / "sw.js").read_text().splitlines() + (SW_DIR / "routes.js").read_text().splitlines()
    assert len(lines) <= 100


def test_no_inline_script_or_style_in_the_shell():
    html = (PWA_DIR / "index.html").read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "style=" not in html and "<style" not in html
