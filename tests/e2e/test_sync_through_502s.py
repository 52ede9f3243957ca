"""Back online behind a flaky gateway: the first pushes get 502 (one after the server had already
committed), the page retries by itself, and every entry reaches the server exactly once."""

from __future__ import annotations

import time

from tests.e2e import pages
from tests.e2e.test_offline_visit import capture_visit_offline


def test_sync_through_502s_completes_exactly_once_and_counts_stay_honest(live_server, open_profile):
    from app.models import AppliedMutation, ChecklistRecord, Conversation, PsfsAssessment

    context = open_profile()
    page = capture_visit_offline(context, live_server.url)
    pathway = live_server.world.patients["Ola"].pathway

    attempts: list[str] = []
    applied_before_third_attempt: list[int] = []

    def flaky_gateway(route):
        attempts.append(route.request.method)
        if len(attempts) == 1:
            route.fulfill(status=502, content_type="text/html", body="<h1>502 Bad Gateway</h1>")
        elif len(attempts) == 2:
            # The server applies the batch, but its answer is lost on the way back.
            route.fetch()
            route.fulfill(status=502, content_type="text/html", body="<h1>502 Bad Gateway</h1>")
        elif len(attempts) == 3:
            applied_before_third_attempt.append(live_server.count(AppliedMutation))
            route.fulfill(status=502, content_type="text/html", body="<h1>502 Bad Gateway</h1>")
        else:
            route.continue_()

    context.route("**/api/v1/sync/push", flaky_gateway)
    context.set_offline(False)

    seen_unsent: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        seen_unsent.append(pages.unsent_count(page))
        if len(attempts) >= 4 and seen_unsent[-1] == 0:
            break
    assert len(attempts) >= 4, f"the page stopped retrying after {len(attempts)} attempts"
    assert applied_before_third_attempt == [3], "the lost-answer case did not reach the server"
    # While the gateway failed, nothing left the outbox: the count only ever went from 3 to 0.
    assert set(seen_unsent) <= {3, 0} and seen_unsent[0] == 3 and seen_unsent[-1] == 0, seen_unsent
    assert live_server.count(AppliedMutation) == 3
    for model in (Conversation, PsfsAssessment, ChecklistRecord):
        assert live_server.count(model, pathway_id=pathway) == 1, model.__name__

    # The sync screen tells the nurse everything went.
    page.locator("#status-chip").click()
    page.get_by_role("button", name="Synkroniser nå").click()
    pages.wait_sync_idle(page)
    assert pages.unsent_count(page) == 0
    assert page.locator("#status-chip .attention").count() == 0
