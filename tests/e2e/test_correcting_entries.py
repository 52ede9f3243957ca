"""A nurse corrects what she recorded: a sent entry becomes a new version (the old one is kept), an unsent
one is simply replaced, and an entry the server refuses stays on the tablet until she fixes or discards it."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e import pages
from tests.e2e.test_screens import axe_problems

BASELINE = [("Gå til postkassen", 3), ("Lage middag", 2)]


def sync_now(page) -> None:
    page.locator("#status-chip").click()
    page.get_by_role("button", name="Synkroniser nå").click()
    pages.wait_sync_idle(page)


def correct(page, entity: str) -> None:
    """«Rett» on the patient screen's only entry of this kind."""
    page.locator(f"[data-entity={entity}]").get_by_role("link", name=re.compile("^Rett")).click()


def psfs_versions(live_server, pathway_id: str) -> list[tuple[int, int | None, list[int], str]]:
    from sqlalchemy import select

    from app.extensions import db
    from app.models import PsfsAssessment

    with live_server.app.app_context():
        rows = db.session.scalars(select(PsfsAssessment).where(PsfsAssessment.pathway_id == pathway_id)
                                  .order_by(PsfsAssessment.version)).all()
        return [(r.version, r.amends_version, [a["score"] for a in r.activities], r.assessed_on.isoformat())
                for r in rows]


def outbox(page) -> list[dict]:
    return page.evaluate("""async () => (await (await import('/static/pwa/js/store/outbox.js')).list())
        .map((e) => ({status: e.status, op: e.mutation.op, base: e.mutation.base_version ?? null,
                      entity_id: e.entity_id, data: e.mutation.data}))""")


def test_nurse_corrects_a_sent_psfs_and_the_server_keeps_both_versions(live_server, open_profile):
    page = open_profile(bypass_csp=True).new_page()  # to inject axe-core
    pages.login(page, live_server.url)
    pages.open_patient(page, "Hansen")
    pages.record_psfs_baseline(page, BASELINE)
    sync_now(page)
    pathway = live_server.world.patients["Ola"].pathway
    assert [v[:3] for v in psfs_versions(live_server, pathway)] == [(1, None, [3, 2])]

    pages.open_patient(page, "Hansen")
    assert not axe_problems(page)
    correct(page, "psfs")
    expect(page.get_by_role("heading", level=1)).to_have_text("PSFS utgangspunkt – rett")
    expect(page.get_by_text("Du retter versjon 1")).to_be_visible()
    expect(page.locator(".activity-name").nth(0)).to_have_value("Gå til postkassen")  # prefilled
    expect(page.locator(".activity").nth(1).locator("input[value='2']")).to_be_checked()
    page.locator(".activity").nth(1).locator("label:text-is('4')").click()
    page.get_by_role("button", name="Lagre").click()

    expect(page.locator("[data-entity=psfs]")).to_have_count(1)
    sync_now(page)  # saving started a sync already; this one makes sure it is done
    assert [v[:3] for v in psfs_versions(live_server, pathway)] == [(1, None, [3, 2]), (2, 1, [3, 4])]
    pages.open_patient(page, "Hansen")
    expect(page.locator("[data-entity=psfs]")).to_contain_text("versjon 2")
    expect(page.locator("[data-entity=psfs]")).to_contain_text("3,5")
    expect(page.locator("[data-unsent=true]")).to_have_count(0)


def test_a_refused_entry_stays_on_the_tablet_until_she_fixes_it_and_is_stored_once(live_server, open_profile):
    page = open_profile(bypass_csp=True).new_page()  # to inject axe-core
    pages.login(page, live_server.url)
    pages.open_patient(page, "Hansen")
    # A typo in the year: the tablet accepts the date, the server refuses a date in the future.
    typo = (date.today() + timedelta(days=365)).isoformat()
    page.get_by_role("link", name="PSFS utgangspunkt").click()
    page.get_by_label("Dato").fill(typo)
    row = page.locator(".activity").nth(0)
    row.locator(".activity-name").fill("Gå til postkassen")
    row.locator("label:text-is('3')").click()
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("[data-entity=psfs]")).to_have_count(1)
    sync_now(page)

    pathway = live_server.world.patients["Ola"].pathway
    assert psfs_versions(live_server, pathway) == []
    rejected = page.locator("[data-status=rejected]")
    expect(rejected).to_have_count(1)
    expect(rejected).to_contain_text("PSFS for Ola Hansen")
    expect(rejected).to_contain_text("Avvist av serveren")
    expect(rejected).to_contain_text("in the future")  # the server's reason
    expect(rejected.locator(".fields-to-fix")).to_have_text("Dette må rettes: Dato")
    expect(rejected).not_to_contain_text("assessed_on")
    assert not axe_problems(page)
    page.reload()  # still on the tablet, still unsent
    pages.wait_ready(page)
    assert pages.unsent_count(page) == 1
    pages.open_patient(page, "Hansen")
    expect(page.locator("[data-entity=psfs] [data-unsent=true]")).to_be_visible()

    page.locator("#status-chip").click()
    page.locator("[data-status=rejected]").get_by_role("link", name="Rett: PSFS for Ola Hansen").click()
    expect(page.get_by_test_id("rejected-notice")).to_contain_text("Dette må rettes: Dato")
    date_input = page.get_by_label("Dato")
    expect(date_input).to_have_value(typo)
    expect(date_input).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field.invalid .field-error")).to_contain_text("Dato:")
    expect(page.locator(".activity-name").nth(0)).to_have_value("Gå til postkassen")
    assert not axe_problems(page)
    date_input.fill(date.today().isoformat())
    page.get_by_role("button", name="Rett og send på nytt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Synkronisering")
    expect(page.locator("#status-chip")).to_have_attribute("data-unsent", "0", timeout=15000)
    expect(page.get_by_text("Alt er sendt.", exact=True)).to_be_visible()
    assert psfs_versions(live_server, pathway) == [(1, None, [3], date.today().isoformat())]
    sync_now(page)  # nothing more goes
    assert len(psfs_versions(live_server, pathway)) == 1


def test_editing_an_unsent_entry_offline_leaves_one_outbox_entry(live_server, open_profile):
    from app.models import CfsScore

    context = open_profile()
    page = context.new_page()
    pages.login(page, live_server.url)
    pages.wait_controlled(page)
    context.set_offline(True)
    pages.open_patient(page, "Hansen")
    page.get_by_role("link", name="Klinisk skrøpelighetsskala (CFS)").click()
    page.locator("label[for=cfs-4]").click()
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("[data-entity=cfs]")).to_contain_text("CFS 4")

    correct(page, "cfs")
    expect(page.get_by_text("Denne registreringen er ikke sendt ennå")).to_be_visible()
    expect(page.locator("#cfs-4")).to_be_checked()
    page.locator("label[for=cfs-5]").click()
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("[data-entity=cfs]")).to_have_count(1)
    expect(page.locator("[data-entity=cfs]")).to_contain_text("CFS 5")
    queued = outbox(page)
    assert [(e["op"], e["data"]["score"]) for e in queued] == [("create", 5)]
    assert pages.unsent_count(page) == 1

    context.set_offline(False)
    sync_now(page)
    pathway = live_server.world.patients["Ola"].pathway
    assert live_server.count(CfsScore, pathway_id=pathway) == 1
    assert live_server.count(CfsScore, pathway_id=pathway, score=5, version=1) == 1

    # Corrected twice offline: one amend of the version she edited, not two.
    context.set_offline(True)
    for level in (6, 7):
        pages.open_patient(page, "Hansen")
        correct(page, "cfs")
        page.locator(f"label[for=cfs-{level}]").click()
        page.get_by_role("button", name="Lagre").click()
        expect(page.locator("[data-entity=cfs]")).to_contain_text(f"CFS {level}")
    queued = outbox(page)
    assert [(e["op"], e["base"], e["data"]["score"]) for e in queued] == [("amend", 1, 7)]
    context.set_offline(False)
    sync_now(page)
    assert live_server.count(CfsScore, pathway_id=pathway) == 2
    assert live_server.count(CfsScore, pathway_id=pathway, score=7, version=2) == 1


def test_discarding_a_refused_correction_asks_first_and_brings_back_the_previous_version(live_server, open_profile):
    page = open_profile().new_page()
    pages.login(page, live_server.url)
    pages.open_patient(page, "Hansen")
    pages.record_psfs_baseline(page, BASELINE)
    sync_now(page)
    pages.open_patient(page, "Hansen")
    expect(page.locator("[data-entity=psfs]")).to_contain_text("2,5")

    # A name the server finds too long (the tablet sets no limit): the correction is refused.
    correct(page, "psfs")
    page.locator(".activity-name").nth(0).fill("Gå " * 70)
    page.locator(".activity").nth(1).locator("label:text-is('9')").click()
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("[data-entity=psfs]")).to_contain_text("6,0")
    sync_now(page)
    rejected = page.locator("[data-status=rejected]")
    expect(rejected.locator(".fields-to-fix")).to_have_text("Dette må rettes: Aktivitet 1 – navn")
    expect(rejected.locator(".reason")).to_contain_text("«Aktivitet 1 – navn»")

    rejected.get_by_role("button", name="Forkast").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Forkaste registreringen for godt?")
    dialog.get_by_role("button", name="Avbryt").click()
    expect(dialog).to_have_count(0)
    expect(rejected).to_have_count(1)  # she said no: nothing goes
    assert len(outbox(page)) == 1

    rejected.get_by_role("button", name="Forkast").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Ja, forkast for godt").click()
    expect(page.get_by_text("Alt er sendt.", exact=True)).to_be_visible()
    assert outbox(page) == []
    assert pages.unsent_count(page) == 0
    pages.open_patient(page, "Hansen")
    psfs = page.locator("[data-entity=psfs]")
    expect(psfs).to_contain_text("2,5")  # version 1 is back
    expect(psfs.locator("[data-unsent=true]")).to_have_count(0)
    pathway = live_server.world.patients["Ola"].pathway
    assert [v[:3] for v in psfs_versions(live_server, pathway)] == [(1, None, [3, 2])]
    # And it can be corrected again from there, as an amend of version 1.
    correct(page, "psfs")
    expect(page.locator(".activity-name").nth(0)).to_have_value("Gå til postkassen")
    expect(page.get_by_text("Du retter versjon 1")).to_be_visible()


def test_a_conflict_shows_both_versions_in_words_and_keeps_what_she_picks_per_field(live_server, open_profile):
    from sqlalchemy import select

    from app.extensions import db
    from app.models import ChecklistRecord
    from tests.e2e.test_screens import amend_on_server

    context = open_profile()
    page = context.new_page()
    pages.login(page, live_server.url)
    pages.wait_controlled(page)
    pages.open_patient(page, "Hansen")
    pages.record_checklist(page, {0: "Utført"})
    sync_now(page)
    with live_server.app.app_context():
        row = db.session.scalars(select(ChecklistRecord)).one()
        checklist_id = row.id
        data = {"pathway_id": row.pathway_id, "recorded_on": row.recorded_on.isoformat(),
                "template_version": row.template_version,
                "items": {**row.items, "hph2_medication_reconciliation": "done"}}
    amend_on_server(live_server, "checklist", checklist_id, data, 1)  # another tablet: version 2

    context.set_offline(True)
    pages.open_patient(page, "Hansen")
    page.get_by_role("link", name="Sjekkliste for forløpet").click()
    page.locator(".check-item").nth(0).locator("label:text-is('Ikke aktuelt')").click()
    page.locator(".check-item").nth(3).locator("label:text-is('Utført')").click()
    page.get_by_role("button", name="Lagre").click()
    context.set_offline(False)
    sync_now(page)
    page.get_by_role("link", name="Sammenlign og velg").click()

    table = page.locator("table.conflict")
    hospital = table.locator("tr", has_text="Informasjon fra sykehuset mottatt før utskrivelse")
    expect(hospital.locator("td").nth(0)).to_have_text("Ikke aktuelt")
    expect(hospital.locator("td").nth(1)).to_have_text("Utført")
    medication = table.locator("tr", has_text="Legemiddelsamstemming gjennomført")
    expect(medication.locator("td").nth(0)).to_have_text("–")
    expect(medication.locator("td").nth(1)).to_have_text("Utført")
    expect(page.locator("main")).not_to_contain_text("hph")  # no raw keys
    page.get_by_role("button", name="Velg alle serverens").click()
    page.get_by_role("radio", name="Informasjon fra sykehuset mottatt før utskrivelse: Min versjon").check()
    page.get_by_role("button", name="Lagre valgt versjon").click()
    expect(page.locator("#status-chip")).to_have_attribute("data-unsent", "0", timeout=15000)

    with live_server.app.app_context():
        rows = db.session.scalars(select(ChecklistRecord).where(ChecklistRecord.id == checklist_id)
                                  .order_by(ChecklistRecord.version)).all()
        assert [(r.version, r.amends_version) for r in rows] == [(1, None), (2, 1), (3, 2)]
        assert rows[-1].items == {"hph0_hospital_info": "not_applicable", "hph2_medication_reconciliation": "done"}
