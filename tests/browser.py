"""Debian's Chromium for the browser tests: where it is, how to launch it, and skip-or-fail when missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import databases

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if databases.must_not_skip():
            pytest.fail(reason + " (CI requires the browser tests)")
        pytest.skip(reason)
