"""Fixtures shared with the API tests (the audit log reader); waits for the domain rules it builds on."""

import importlib.util

import pytest

from tests.api.conftest import audit_events  # noqa: F401

DOMAIN_RULES = ("psfs", "checklist", "runchart", "due")
MISSING = [name for name in DOMAIN_RULES if importlib.util.find_spec(f"app.domain.{name}") is None]


def pytest_collection_modifyitems(items):
    # The measures are computed by app/domain/{psfs,checklist,runchart,due}.py (another work item);
    # until they exist these tests cannot say anything about the reports.
    if not MISSING:
        return
    reason = "waits for " + ", ".join(f"app/domain/{name}.py" for name in MISSING)
    for item in items:
        if "tests/reports/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.skip(reason=reason))
