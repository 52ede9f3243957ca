"""Serves the PWA shell (placeholder until the PWA lands)."""

from flask import Flask, send_from_directory

from pathlib import Path

PWA_DIR = Path(__file__).parent / "static" / "pwa"


def init_app(app: Flask) -> None:
    @app.get("/")
    def index():
        return send_from_directory(PWA_DIR, "index.html")
