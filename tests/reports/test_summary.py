"""The printable visit summary for the record and the GP: Norwegian, goals first, prints cleanly."""

from __future__ import annotations

import pytest

from tests.reports.seed import checklist, day, seed


@pytest.fixture
def pathway(app, world):
    return seed(app, lambda s: s.pathway(
        world.nord, day(-40), name="Eva Evaluert", conversation=day(-39),
        goals=["Gå til postkassen", "Lage middag selv"], baseline=(day(-38), [2, 3]),
        follow_up=(day(-10), [6, 5]), checklist=checklist(7, not_applicable=1)))


def test_summary_shows_goals_psfs_change_and_fulfilment(pathway, as_user):
    response = as_user("kari").get(f"/pathways/{pathway['pathway']}/summary")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<html lang="nb">' in html
    for text in ("Eva Evaluert", "Gå til postkassen", "Lage middag selv", "Fysioterapeut to ganger i uken",
                 "Å klare seg selv hjemme.", "+4", "+3,0", "2,5", "klinisk viktig endring", "Oppfyllelse: 78 %"):
        assert text in html, text


def test_summary_has_no_inline_script_or_style(pathway, as_user):
    response = as_user("kari").get(f"/pathways/{pathway['pathway']}/summary")
    html = response.get_data(as_text=True)
    assert "<style" not in html and "style=" not in html and "<script>" not in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_summary_stylesheet_has_print_rules(client):
    with client.get("/board/summary.css") as response:
        css = response.get_data(as_text=True)
    assert "@media print" in css and "@page" in css


def test_summary_is_audited_as_an_export(pathway, as_user, audit_events):
    as_user("kari").get(f"/pathways/{pathway['pathway']}/summary")
    assert any(e["action"] == "export" and e["detail"] == "visit summary" for e in audit_events())
