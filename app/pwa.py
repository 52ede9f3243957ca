"""Serves the PWA: the shell at /, its static files, the manifest, and /sw.js with the precache manifest.

The service worker is generated per request from service_worker/{routes,sw}.js with a manifest of the
shell files' content hashes, so a release is detected by the worker's bytes changing and fetched once.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Flask, Response, current_app, send_from_directory

PWA_DIR = Path(__file__).parent / "static" / "pwa"
SW_DIR = Path(__file__).parent.parent / "service_worker"
SHELL_URL = "/"
_SKIP_SUFFIXES = (".map", ".md")
_hash_cache: dict[tuple[str, int, int], str] = {}


def pwa_dir() -> Path:
    # A test can point at a copy of the shell to simulate a release.
    return Path(current_app.config.get("PWA_DIR") or PWA_DIR)


def _file_hash(path: Path) -> str:
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _hash_cache:
        _hash_cache[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return _hash_cache[key]


def precache_manifest(root: Path) -> dict[str, str]:
    """URL → content hash for every shell file; the shell itself is cached under '/'."""
    manifest = {SHELL_URL: _file_hash(root / "index.html")}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith(".") and not path.name.endswith(_SKIP_SUFFIXES):
            manifest["/static/pwa/" + path.relative_to(root).as_posix()] = _file_hash(path)
    return manifest


def build_version(manifest: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()[:12]


def service_worker_source(root: Path) -> str:
    manifest = precache_manifest(root)
    header = (f"const PRECACHE = {json.dumps(manifest, sort_keys=True)};\n"
              f"const BUILD = {json.dumps(build_version(manifest))};\n")
    return header + (SW_DIR / "routes.js").read_text() + "\n" + (SW_DIR / "sw.js").read_text()


def shell_html(root: Path) -> str:
    """index.html with a modulepreload link per module, so the browser fetches them in parallel instead
    of discovering the import graph one level at a time."""
    modules = sorted("/static/pwa/" + p.relative_to(root).as_posix() for p in (root / "js").rglob("*.js"))
    links = "\n  ".join(f'<link rel="modulepreload" href="{url}">' for url in modules)
    return (root / "index.html").read_text().replace("<!--modulepreload-->", links)


def _no_cache(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-cache"
    return response


def init_app(app: Flask) -> None:
    @app.get("/")
    def pwa_shell():
        response = Response(shell_html(pwa_dir()), mimetype="text/html")
        return _no_cache(response)

    # More static segments than Flask's own /static/<path> rule, so this one wins for the shell files.
    @app.get("/static/pwa/<path:filename>")
    def pwa_static(filename):
        return _no_cache(send_from_directory(pwa_dir(), filename, max_age=0))

    @app.get("/manifest.webmanifest")
    def pwa_manifest():
        return _no_cache(send_from_directory(pwa_dir(), "manifest.webmanifest", max_age=0,
                                             mimetype="application/manifest+json"))

    @app.get("/sw.js")
    def service_worker():
        response = Response(service_worker_source(pwa_dir()), mimetype="text/javascript")
        response.headers["Service-Worker-Allowed"] = "/"
        return _no_cache(response)
