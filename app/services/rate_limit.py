"""Sliding-window rate limits kept in the database, so every instance and worker counts the same attempts."""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import delete, func, select

from app.errors import DomainError
from app.extensions import db
from app.models.auth import RateLimitHit
from app.models.base import utcnow


class RateLimited(DomainError):
    status = 429
    type_slug = "rate-limited"
    title = "Too many attempts"

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def hit(key: str, limit: int, window_seconds: int) -> None:
    """Count one attempt for `key`; raise RateLimited when more than `limit` fell in the last window.

    The row is inserted and committed *before* counting: two instances racing both see both rows, so
    the limit can be undercut by a race but never exceeded. A refused attempt removes its own row,
    so a client that waits out Retry-After gets in again.
    """
    now = utcnow()
    since = now - timedelta(seconds=window_seconds)
    # Old rows of this key are useless; clearing them here keeps the table small without a cron job.
    db.session.execute(delete(RateLimitHit).where(RateLimitHit.key == key, RateLimitHit.at < since))
    row = RateLimitHit(key=key, at=now)
    db.session.add(row)
    db.session.commit()
    count, oldest = db.session.execute(
        select(func.count(), func.min(RateLimitHit.at))
        .where(RateLimitHit.key == key, RateLimitHit.at >= since)
    ).one()
    if count <= limit:
        return
    db.session.delete(row)
    db.session.commit()
    retry_after = max(1, math.ceil((oldest + timedelta(seconds=window_seconds) - now).total_seconds()))
    raise RateLimited(f"Too many attempts from your network. Wait {retry_after} seconds and try again.",
                      retry_after)
