"""One pathway's measures for the nurse: PSFS baseline vs follow-up, checklist fulfilment, goals."""

from __future__ import annotations

import pytest

from tests.reports.seed import checklist, day, seed


@pytest.fixture
def pathway(app, world):
    return seed(app, lambda s: s.pathway(
        world.nord, day(-40), conversation=day(-39), goals=["Gå til postkassen", "Lage middag selv"],
        baseline=(day(-38), [2, 3]), follow_up=(day(-10), [6, 5]),
        checklist=checklist(7, not_applicable=1), cfs=5))


def test_psfs_change_per_activity_and_mean(pathway, as_user):
    m = as_user("kari").get(f"/api/v1/pathways/{pathway['pathway']}/measures").get_json()
    psfs = m["psfs"]
    assert [(a["baseline"], a["follow_up"], a["change"], a["important"]) for a in psfs["activities"]] == [
        (2, 6, 4, True), (3, 5, 2, False)]
    assert psfs["mean_baseline"] == 2.5
    assert psfs["mean_follow_up"] == 5.5
    assert psfs["mean_change"] == 3.0
    assert psfs["important_change"] is True
    assert "Abbott" in psfs["thresholds"]["source"]


def test_checklist_fulfilment_leaves_out_not_applicable(pathway, as_user):
    m = as_user("kari").get(f"/api/v1/pathways/{pathway['pathway']}/measures").get_json()
    # 7 done of 10 − 1 not applicable = 7/9.
    assert m["checklist"]["fulfilment"] == pytest.approx(77.8, abs=0.1)
    assert (m["checklist"]["done"], m["checklist"]["not_done"], m["checklist"]["not_applicable"]) == (7, 2, 1)


def test_goals_and_conversation_history(pathway, as_user):
    m = as_user("kari").get(f"/api/v1/pathways/{pathway['pathway']}/measures").get_json()
    assert [g["text"] for g in m["goals"]] == ["Gå til postkassen", "Lage middag selv"]
    assert m["conversation"]["held_within_deadline"] is True
    assert len(m["conversation"]["history"]) == 1
    assert m["stage"]["code"] == "evaluated"
    assert m["cfs"]["score"] == 5


def test_pathway_without_entries_has_empty_measures(world, as_user):
    m = as_user("kari").get(f"/api/v1/pathways/{world.pathway}/measures").get_json()
    assert m["psfs"]["activities"] == [] and m["psfs"]["mean_change"] is None
    assert m["checklist"] is None
    assert m["stage"]["code"] == "assessment"


def test_reading_measures_is_audited(pathway, as_user, audit_events):
    as_user("kari").get(f"/api/v1/pathways/{pathway['pathway']}/measures")
    assert any(e["action"] == "read" and e["patient_id"] == pathway["patient"] and e["detail"] == "measures"
               for e in audit_events())
