"""The nurse's screens on a phone held upright, and on a tablet with the text at 200 % (WCAG 1.4.4): the page never
scrolls sideways, no text is cut off or spills out of its button, label or heading, and on the phone every control
is at least 44 × 44 CSS px, big enough for a thumb (WCAG 2.5.5). Links inside running text are the one exception
WCAG allows; the skip link appears only under keyboard focus and is left out."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e import pages
from tests.e2e.conftest import TABLET

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
# The user's text size, as a browser setting would give it: every rem doubles, the viewport stays.
TEXT_200 = "document.addEventListener('DOMContentLoaded', () => { document.documentElement.style.fontSize = '200%'; });"

AUDIT = """(checkTargets) => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > innerWidth + 1) problems.push(`the page scrolls sideways: ${doc.scrollWidth} > ${innerWidth}`);
  const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
    + `${el.classList.length ? '.' + [...el.classList].join('.') : ''} «${(el.innerText || el.value
      || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 40)}»`;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
      && !el.closest('.visually-hidden, .skip, [hidden]');
  };
  const TEXT = 'button, .btn, a, label, legend, h1, h2, h3, select, .tag, .badge, .chip-part, .patient-name, p, li';
  for (const el of document.querySelectorAll(TEXT)) {
    if (!shown(el)) continue;
    const style = getComputedStyle(el);
    const scrolls = ['auto', 'scroll'].includes(style.overflowX);
    if (style.display !== 'inline' && !scrolls && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`text spills out of ${describe(el)}: ${el.scrollWidth} > ${el.clientWidth}`);
    }
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.right > innerWidth + 1) problems.push(`off screen: ${describe(el)} ${r.left}..${r.right}`);
    // scrollWidth misses what spills out on the left, as centred text does: compare the text's own box too.
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect();
    if (!scrolls && text.width && (text.left < r.left - 1 || text.right > r.right + 1)) {
      problems.push(`text wider than ${describe(el)}: ${text.left.toFixed(1)}..${text.right.toFixed(1)}`
        + ` outside ${r.left.toFixed(1)}..${r.right.toFixed(1)}`);
    }
  }
  // A select or date field cannot scroll its text: narrower than its natural width means letters are cut.
  for (const el of document.querySelectorAll('select, input[type=date]')) {
    if (!shown(el)) continue;
    const width = el.getBoundingClientRect().width;
    const before = el.style.width;
    el.style.width = 'max-content';
    const natural = el.getBoundingClientRect().width;
    el.style.width = before;
    if (natural > width + 1) problems.push(`text cut in ${describe(el)}: ${width.toFixed(1)} < ${natural.toFixed(1)}`);
  }
  if (!checkTargets) return problems;
  const inRunningText = (el) => getComputedStyle(el).display === 'inline' && el.parentElement.closest('p, li')
    && el.parentElement.closest('p, li').innerText.trim() !== el.innerText.trim();
  // A radio or checkbox drawn as its label: the label is what the thumb hits.
  const choices = [...document.querySelectorAll('input[type=radio], input[type=checkbox]')]
    .map((input) => (getComputedStyle(input).opacity === '0' && input.labels[0]) || input);
  const fields = 'a[href], button, select, textarea, input:not([type=radio]):not([type=checkbox])';
  const controls = [...document.querySelectorAll(fields), ...choices];
  for (const el of controls) {
    if (!shown(el) || inRunningText(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 43.5 || r.height < 43.5) {
      problems.push(`too small to tap: ${describe(el)} ${r.width.toFixed(1)} × ${r.height.toFixed(1)}`);
    }
  }
  return problems;
}"""


def audit_screens(page, base_url: str, check_targets: bool) -> str:
    found: dict[str, list[str]] = {}

    def audit(name: str) -> None:
        page.wait_for_timeout(100)
        found[name] = page.evaluate(AUDIT, check_targets)

    pages.login(page, base_url)
    page.context.set_offline(True)  # so the saved conversation waits in the outbox for the sync screen
    audit("caseload")
    pages.open_patient(page, "Hansen")
    audit("patient")

    page.get_by_role("link", name="«Hva er viktig for deg?»").click()
    page.get_by_label("Hvem deltok").fill("pasienten, datter, hjemmesykepleier")
    page.get_by_label("Hva er viktig for pasienten").fill("Å klare seg selv hjemme og gå tur med hunden hver dag")
    page.get_by_role("button", name="Legg til mål").click()
    page.locator(".list-editor input").last.fill("Gå til butikken alene")
    audit("conversation")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("[data-entity=conversation]")).to_have_count(1)
    audit("patient-with-entry")

    page.get_by_role("link", name="PSFS utgangspunkt").click()
    page.locator(".activity-name").first.fill("Gå til postkassen")
    page.locator(".activity").first.locator("label:text-is('3')").click()
    page.get_by_role("button", name="Legg til aktivitet").click()
    audit("psfs")
    page.go_back()

    page.get_by_role("link", name="Sjekkliste for forløpet").click()
    page.locator(".check-item").nth(0).locator("label:text-is('Utført')").click()
    page.locator(".check-item").nth(1).locator("label:text-is('Ikke aktuelt')").click()
    audit("checklist")
    page.go_back()

    page.get_by_role("link", name="Klinisk skrøpelighetsskala (CFS)").click()
    page.locator("label[for=cfs-4]").click()
    audit("cfs")
    page.go_back()

    page.locator("#status-chip").click()
    expect(page.locator(".outbox li")).to_have_count(1)
    audit("sync")
    return "\n".join(f"{name}: {problem}" for name, problems in found.items() for problem in problems)


def test_nurse_on_a_phone_reads_and_taps_every_screen_without_scrolling_sideways(live_server, browser):
    context = browser.new_context(locale="nb-NO", **PHONE)
    page = context.new_page()
    problems = audit_screens(page, live_server.url, check_targets=True)
    assert not problems, "\n" + problems
    context.close()


def test_nurse_with_text_at_200_percent_on_a_tablet_loses_no_text(live_server, browser):
    context = browser.new_context(locale="nb-NO", viewport=TABLET)
    context.add_init_script(TEXT_200)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    problems = audit_screens(page, live_server.url, check_targets=False)
    assert not problems, "\n" + problems
    context.close()
