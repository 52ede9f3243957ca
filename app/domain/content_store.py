"""Loads the shipped content (checklist template, PSFS rules, CFS levels) from app/domain/content/."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

CONTENT_DIR = Path(__file__).parent / "content"


@cache
def _load(name: str) -> dict:
    return json.loads((CONTENT_DIR / name).read_text(encoding="utf-8"))


def checklist_template() -> dict:
    return _load("checklist_default.json")


def checklist_item_keys() -> list[str]:
    return [item["key"] for item in checklist_template()["items"]]


def psfs_rules() -> dict:
    return _load("psfs.json")


def cfs_levels() -> list[dict]:
    return _load("cfs.json")["levels"]
