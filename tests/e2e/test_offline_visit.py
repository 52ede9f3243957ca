"""A nurse records a whole visit offline, the browser restarts, and one tap sends it all exactly once."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e import pages

ACTIVITIES = [("Gå til postkassen", 3), ("Lage middag", 2), ("Dusje selv", 5)]


def capture_visit_offline(context, base_url: str):
    page = context.pages[0] if context.pages else context.new_page()
    pages.login(page, base_url)
    pages.wait_controlled(page)
    context.set_offline(True)
    page.reload()
    pages.wait_ready(page)
    expect(page.locator("#status-chip")).to_have_attribute("data-state", "offline", timeout=10000)
    pages.open_patient(page, "Hansen")
    pages.record_conversation(page, "Å klare seg selv hjemme", ["Gå til butikken", "Lage middag selv"])
    pages.record_psfs_baseline(page, ACTIVITIES)
    pages.record_checklist(page, {0: "Utført", 1: "Utført", 9: "Ikke aktuelt"})
    assert pages.unsent_count(page) == 3
    return page


def test_nurse_offline_visit_survives_browser_restart(live_server, open_profile):
    context = open_profile()
    capture_visit_offline(context, live_server.url)
    context.close()

    context = open_profile(offline=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    pages.wait_ready(page)
    assert pages.unsent_count(page) == 3
    pages.open_patient(page, "Hansen")
    for entity in ("conversation", "psfs", "checklist"):
        entry = page.locator(f"[data-entity={entity}]")
        expect(entry).to_have_count(1)
        expect(entry.locator("[data-unsent=true]")).to_be_visible()
    expect(page.locator("[data-entity=psfs]")).to_contain_text("3,3")


def test_one_tap_sync_sends_each_entry_exactly_once(live_server, open_profile):
    from app.models import ChecklistRecord, Conversation, PsfsAssessment

    context = open_profile()
    page = capture_visit_offline(context, live_server.url)
    pathway = live_server.world.patients["Ola"].pathway
    assert live_server.count(Conversation, pathway_id=pathway) == 0

    context.set_offline(False)
    page.locator("#status-chip").click()
    page.get_by_role("button", name="Synkroniser nå").click()
    expect(page.get_by_test_id("sync-summary")).to_contain_text("3 av 3 sendt", timeout=15000)
    assert pages.unsent_count(page) == 0
    # A second tap sends nothing more.
    page.get_by_role("button", name="Synkroniser nå").click()
    pages.wait_sync_idle(page)
    for model in (Conversation, PsfsAssessment, ChecklistRecord):
        assert live_server.count(model, pathway_id=pathway) == 1, model.__name__
    pages.open_patient(page, "Hansen")
    expect(page.locator("[data-unsent=true]")).to_have_count(0)
