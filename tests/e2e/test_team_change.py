"""A nurse moved to another team: her tablet drops the old team's patients at the next sync, keeps what
she entered and has not sent (with its patient, until she discards it), and brings the new team's."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.e2e import pages


def _move_kari_to_a_new_team_with_one_patient(server) -> None:
    from app.access import reset_actor, set_actor
    from app.extensions import db
    from app.models import Team, User
    from app.services.records import apply_change
    from app.sessions import actor_for

    with server.app.app_context():
        sor = Team(org_id=server.world.org, name="Sone Sør")
        db.session.add(sor)
        db.session.flush()
        kari = db.session.get(User, server.world.kari)
        kari.teams = [sor]
        db.session.flush()
        actor = actor_for(kari, "seed-device")
        token = set_actor(actor)
        try:
            apply_change(actor, "patient", "create", str(uuid.uuid4()),
                         {"team_id": sor.id, "given_name": "Sverre", "family_name": "Sørli",
                          "birth_date": "1940-05-05", "address": "Sørveien 2", "phone": ""})
            db.session.commit()
        finally:
            reset_actor(token)


def test_moved_nurse_loses_the_old_teams_patients_but_not_her_unsent_entry(live_server, open_profile):
    context = open_profile()
    page = context.new_page()
    pages.login(page, live_server.url)
    expect(page.locator(".patient-row")).to_have_count(3)
    context.set_offline(True)
    pages.open_patient(page, "Olsen")
    pages.record_conversation(page, "Å komme seg i kirken", ["Gå til kirken"])
    assert pages.unsent_count(page) == 1

    _move_kari_to_a_new_team_with_one_patient(live_server)
    context.set_offline(False)
    page.locator("#status-chip").click()
    page.get_by_role("button", name="Synkroniser nå").click()
    pages.wait_sync_idle(page)

    # The entry she could not send is still there, with the server's reason, and so is its patient.
    expect(page.locator(".outbox li[data-status=rejected]")).to_have_count(1)
    assert pages.unsent_count(page) == 1
    page.goto(live_server.url + "/#/")
    rows = page.locator(".patient-row")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Sørli")).to_have_count(1)
    expect(rows.filter(has_text="Olsen")).to_have_count(1)
    expect(rows.filter(has_text="Hansen")).to_have_count(0)

    # Reloading (a restart) keeps that state: the sweep was stored, not just drawn.
    page.reload()
    pages.wait_ready(page)
    expect(page.locator(".patient-row")).to_have_count(2)
    expect(page.locator(".patient-row", has_text="Aas")).to_have_count(0)

    # Once she discards the refused entry, the next sync drops its patient too: nothing of the old team
    # stays on the tablet.
    page.goto(live_server.url + "/#/sync")
    page.locator(".outbox li[data-status=rejected]").get_by_role("button", name="Forkast").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Ja, forkast for godt").click()
    expect(page.locator(".outbox li")).to_have_count(0)
    page.get_by_role("button", name="Synkroniser nå").click()
    pages.wait_sync_idle(page)
    page.goto(live_server.url + "/#/")
    expect(page.locator(".patient-row")).to_have_count(1)
    expect(page.locator(".patient-row", has_text="Sørli")).to_have_count(1)
    held = page.evaluate("""() => new Promise((resolve) => {
        const req = indexedDB.open('viktig');
        req.onsuccess = () => req.result.transaction('meta').objectStore('meta').get('held').onsuccess =
          (e) => resolve(e.target.result);
      })""")
    assert held == []
