"""PWA figures (printed, not a timed test): precached shell size, offline cold start under 4× CPU
throttling, time to save one PSFS entry (encrypt + IndexedDB), caseload render with 300 patients.

    python bench/pwa_bench.py [--patients 300] [--runs 5]
Needs /usr/bin/chromium. Uses a temporary SQLite database and a loopback port.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TABLET = {"width": 1024, "height": 768}


def shell_size() -> tuple[int, int, int]:
    from app.pwa import PWA_DIR, precache_manifest

    files = [PWA_DIR / "index.html" if url == "/" else PWA_DIR / url.removeprefix("/static/pwa/")
             for url in precache_manifest(PWA_DIR)]
    raw = sum(f.stat().st_size for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return len(files), raw, packed


def start_server(folder: Path, patients: int):
    os.environ.setdefault("VIKTIG_SECRET_KEY", "bench-only")
    os.environ["VIKTIG_INSTANCE"] = str(folder)
    from werkzeug.serving import make_server

    from app import create_app
    from app.database import upgrade_schema
    from tests.e2e.conftest import seed

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}"})
    upgrade_schema(app)
    seed(app, [(f"Pasient{i}", f"Etternavn{i:03d}", "1940-01-01") for i in range(patients)])
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def browser_figures(url: str, profile: Path, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict = {}
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, args=LAUNCH_ARGS,
                                                   viewport=TABLET)
        page = ctx.new_page()
        page.goto(url + "/")
        page.wait_for_selector("body[data-ready=true]")
        page.get_by_label("Brukernavn").fill("kari")
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_selector("body[data-sync=idle]", timeout=60000)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        ctx.close()

        starts = []
        for _ in range(runs):
            ctx = p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, args=LAUNCH_ARGS,
                                                       viewport=TABLET, offline=True)
            page = ctx.new_page()
            cdp = ctx.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            page.goto(url + "/")
            page.wait_for_selector("body[data-ready=true]", timeout=30000)
            starts.append(page.evaluate("() => performance.getEntriesByName('viktig-ready')[0].startTime"))
            out["rows"] = page.locator(".patient-row").count()
            if _ < runs - 1:
                ctx.close()
        out["cold_start_ms"] = statistics.median(starts)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        out.update(page.evaluate("""async () => {
            const { recordAndQueue } = await import('/static/pwa/js/store/outbox.js');
            const { all } = await import('/static/pwa/js/store/records.js');
            const caseload = await import('/static/pwa/js/screens/caseload.js');
            const pathway = all('pathway')[0];
            const saves = [];
            for (let i = 0; i < 30; i++) {
              const t0 = performance.now();
              await recordAndQueue('psfs', 'create', crypto.randomUUID(), {pathway_id: pathway.id, kind: 'baseline',
                assessed_on: '2026-01-01', activities: [1, 2, 3, 4, 5].map((n) => ({id: `a${n}`,
                  name: `Aktivitet nummer ${n} som pasienten har valgt`, score: n}))});
              saves.push(performance.now() - t0);
            }
            const renders = [];
            for (let i = 0; i < 7; i++) {
              const div = document.createElement('div');
              const t0 = performance.now();
              await caseload.render(div, window.viktig.ctx);
              renders.push(performance.now() - t0);
            }
            const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
            return {save_ms: median(saves), render_ms: median(renders)};
        }"""))
        ctx.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    count, raw, packed = shell_size()
    print(f"precached shell: {count} files, {raw / 1024:.1f} KB raw, {packed / 1024:.1f} KB gzip (budget 150 KB)")
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} missing: browser figures skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        server, url = start_server(Path(tmp), args.patients)
        try:
            fig = browser_figures(url, Path(tmp) / "profile", args.runs)
        finally:
            server.shutdown()
    print(f"offline cold start to interactive caseload ({fig['rows']} patients, CPU ×4), "
          f"median of {args.runs}: {fig['cold_start_ms']:.0f} ms (goal ≤ 1500)")
    print(f"save one PSFS entry (encrypt record + outbox, one IndexedDB transaction), median of 30: "
          f"{fig['save_ms']:.1f} ms (goal ≤ 50)")
    print(f"caseload render with {args.patients} patients, median of 7: {fig['render_ms']:.1f} ms")


if __name__ == "__main__":
    main()
