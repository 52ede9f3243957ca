"""Pocket-card content: the organisation's newest published set per language, else the shipped default."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from sqlalchemy import select

from app.access import Actor
from app.errors import ValidationFailed
from app.extensions import db
from app.models import PocketCardSet
from app.services.changes import log_change

LANGUAGES = ("nb", "nn", "en")
_CONTENT_DIR = Path(__file__).resolve().parent.parent / "domain" / "content"


@cache
def default_set(language: str) -> dict:
    return json.loads((_CONTENT_DIR / f"pocket_card_{language}.json").read_text(encoding="utf-8"))


def current_set(org_id: str, language: str) -> dict:
    if language not in LANGUAGES:
        raise ValidationFailed(f"Check 'lang': unknown language '{language}'.",
                               {"lang": [f"Must be one of {', '.join(LANGUAGES)}."]})
    row = db.session.scalars(
        select(PocketCardSet).where(PocketCardSet.org_id == org_id, PocketCardSet.language == language)
        .order_by(PocketCardSet.version.desc())).first()
    if row is None:
        return {**default_set(language), "id": f"default-{language}", "source": "default"}
    return {**row.content, "id": row.id, "language": language, "version": row.version,
            "source": "organisation"}


def publish(actor: Actor, language: str, content: dict) -> dict:
    """Store a new version of the organisation's set; devices get it on their next pull."""
    latest = current_set(actor.org_id, language)
    version = latest["version"] + 1
    row = PocketCardSet(org_id=actor.org_id, language=language, version=version, content=content,
                        published_by=actor.user_id)
    db.session.add(row)
    db.session.flush()
    log_change(actor.org_id, None, "pocket_card", row.id)
    return current_set(actor.org_id, language)
