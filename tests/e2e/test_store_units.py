"""Device-side rules run in the real browser: batching below the push limits, back-off with full
jitter, encryption of stored records, and drafts that survive a killed tab."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e import pages


def test_batches_respect_count_and_bytes_and_backoff_is_full_jitter(live_server, browser):
    page = browser.new_page()
    page.goto(live_server.url + "/")
    got = page.evaluate("""async () => {
        const { batches } = await import('/static/pwa/js/sync/push.js');
        const { Backoff } = await import('/static/pwa/js/sync/backoff.js');
        const small = Array.from({length: 250}, (_, i) => ({id: String(i)}));
        const big = Array.from({length: 5}, (_, i) => ({id: String(i), data: 'x'.repeat(400 * 1024)}));
        const top = new Backoff({random: () => 0.999999});
        const ceilings = Array.from({length: 12}, () => top.next());
        const zero = new Backoff({random: () => 0}).next();
        return {counts: batches(small).map(b => b.length), bigCounts: batches(big).map(b => b.length),
                ceilings, zero};
    }""")
    assert got["counts"] == [100, 100, 50]
    assert got["bigCounts"] == [2, 2, 1]
    assert got["ceilings"][:3] == [999, 1999, 3999]
    assert max(got["ceilings"]) == 299999  # capped at 5 minutes
    assert got["zero"] == 0


def test_records_are_encrypted_at_rest(live_server, open_profile):
    context = open_profile()
    page = context.new_page()
    pages.login(page, live_server.url)
    raw = page.evaluate("""async () => {
        const { getAll } = await import('/static/pwa/js/store/db.js');
        const rows = await getAll('records');
        return rows.map(r => JSON.stringify({...r, ct: new TextDecoder().decode(r.ct), iv: r.iv.length}));
    }""")
    assert raw and all("Hansen" not in row and "Olsen" not in row for row in raw)
    ids = {live_server.world.patients[name].id for name in live_server.world.patients}
    assert not any(pid in row.split('"parent"')[1] for row in raw for pid in ids)  # parent is a keyed hash
    ivs = page.evaluate("""async () => {
        const { getAll } = await import('/static/pwa/js/store/db.js');
        return (await getAll('records')).map(r => Array.from(r.iv).join(','));
    }""")
    assert len(set(ivs)) == len(ivs) and all(len(iv.split(",")) == 12 for iv in ivs)


def test_draft_survives_a_killed_tab(live_server, open_profile):
    context = open_profile()
    page = context.new_page()
    pages.login(page, live_server.url)
    pages.open_patient(page, "Olsen")
    page.get_by_role("link", name="«Hva er viktig for deg?»").click()
    page.get_by_label("Hva er viktig for pasienten").fill("Å være hjemme til jul")
    page.wait_for_timeout(600)  # the autosave debounce is 300 ms
    context.close()  # no unload handlers get to save anything

    context = open_profile(offline=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    pages.wait_ready(page)
    pages.open_patient(page, "Olsen")
    page.get_by_role("link", name="«Hva er viktig for deg?»").click()
    expect(page.get_by_label("Hva er viktig for pasienten")).to_have_value("Å være hjemme til jul")
    expect(page.get_by_text("Vi fant et utkast")).to_be_visible()


def test_no_sync_starts_while_an_unsent_entry_is_being_replaced(live_server, browser):
    page = browser.new_page()
    page.goto(live_server.url + "/")
    log = page.evaluate("""async () => {
        const { SyncEngine } = await import('/static/pwa/js/sync/engine.js');
        const engine = new SyncEngine({ isVisible: () => false });
        const log = [];
        engine.addEventListener('change', ({ detail }) => {
          if (detail.running && !log.includes('sync')) log.push('sync');
        });
        const replacing = engine.exclusive(async () => {
          log.push('replace starts');
          await new Promise((r) => setTimeout(r, 300));
          log.push('replace done');
        });
        await new Promise((r) => setTimeout(r, 20));
        const sync = engine.run('manual');
        await Promise.all([replacing, sync]);
        // And a replacement waits for a sync under way.
        const running = engine.run('manual');
        await engine.exclusive(async () => log.push(engine.current ? 'overlap' : 'after the sync'));
        await running;
        return log;
    }""")
    page.close()
    assert log == ["replace starts", "replace done", "sync", "after the sync"]
