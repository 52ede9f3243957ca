"""The leader's board on a small dataset worked out by hand (today = T; dates are T ± days)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.reports.seed import TODAY, checklist, day, seed


@pytest.fixture
def team_nord(app, world):
    def build(s):
        return {
            # Evaluated: conversation, baseline and follow-up all in time; checklist 9 of 9 (item 10 n/a).
            "evaluated": s.pathway(world.nord, day(-40), name="Eva Evaluert", conversation=day(-39),
                                   baseline=(day(-38), [2, 3]), follow_up=(day(-10), [6, 5]),
                                   checklist=checklist(9, not_applicable=1)),
            # Follow-up due yesterday (baseline T-29 + 28 days); GP check and 4-week item not done.
            "due": s.pathway(world.nord, day(-30), name="Dag Forfall", conversation=day(-29),
                             baseline=(day(-29), [4, 4]),
                             checklist=checklist(9, not_applicable=1, not_done=[
                                 "hph3_gp_check_2_weeks", "hph5_four_week_evaluation"])),
            # No conversation at all, 10 days in; frail (CFS 7).
            "silent": s.pathway(world.nord, day(-10), name="Sigrid Stille", cfs=7,
                                checklist={"hph0_hospital_info": "done",
                                           "hph3_gp_check_2_weeks": "not_done"}),
            # Conversation on day 4: one day after the 3-day deadline. Day 5: the GP check phase.
            "late": s.pathway(world.nord, day(-5), name="Lars Sen", conversation=day(-1),
                              baseline=(day(-1), [5]), cfs=4),
            # Closed pathway with CFS 8: not on the CFS list (nothing to act on).
            "closed": s.pathway(world.nord, day(-20), name="Kari Lukket", conversation=day(-19),
                                baseline=(day(-19), [3]), status="closed", cfs=8),
        }

    ids = seed(app, build)

    seed(app, lambda s: s.pathway(world.sor, day(-10), name="Per Sør", cfs=9), username="sofie")
    return ids


def test_leader_sees_her_team_by_stage(team_nord, world, as_user):
    board = as_user("lise").get("/api/v1/reports/board").get_json()
    stages = {s["code"]: s["count"] for s in board["stages"]}
    # world's own pathway (started T-2, nothing recorded) is in assessment too.
    assert board["pathways"] == 6
    assert stages == {"before_homecoming": 0, "assessment": 2, "gp_check": 1, "follow_up": 1,
                      "evaluated": 1, "closed": 1}


def test_follow_up_due_this_week_lists_the_pathway_whose_four_weeks_are_up(team_nord, as_user):
    board = as_user("lise").get("/api/v1/reports/board").get_json()
    due = board["follow_up_due"]
    assert [row["pathway_id"] for row in due] == [team_nord["due"]["pathway"]]
    assert due[0]["due_on"] == (TODAY - timedelta(days=1)).isoformat()
    assert due[0]["patient_name"] == "Dag Forfall"


def test_missing_conversation_within_three_days(team_nord, as_user):
    board = as_user("lise").get("/api/v1/reports/board").get_json()
    missing = {row["pathway_id"]: row for row in board["conversation_missing"]}
    assert set(missing) == {team_nord["silent"]["pathway"], team_nord["late"]["pathway"]}
    assert missing[team_nord["late"]["pathway"]]["held_on"] == day(-1).isoformat()
    assert missing[team_nord["late"]["pathway"]]["deadline"] == day(-2).isoformat()
    assert missing[team_nord["silent"]["pathway"]]["held_on"] is None


def test_checklist_items_most_often_not_done(team_nord, as_user):
    items = as_user("lise").get("/api/v1/reports/board").get_json()["checklist_not_done"]
    assert items[0]["key"] == "hph3_gp_check_2_weeks"
    assert items[0]["not_done"] == 2
    assert {i["key"]: i["not_done"] for i in items}["hph5_four_week_evaluation"] == 1
    assert items[0]["text"].startswith("Legekontroll")


def test_frail_patients_of_open_pathways(team_nord, as_user):
    rows = as_user("lise").get("/api/v1/reports/board").get_json()["cfs_high"]
    assert [(r["patient_name"], r["cfs"]) for r in rows] == [("Sigrid Stille", 7)]


def test_admin_sees_every_team(team_nord, as_user):
    rows = as_user("admin").get("/api/v1/reports/board").get_json()["cfs_high"]
    assert sorted(r["cfs"] for r in rows) == [7, 9]


def test_period_filters_by_pathway_start(team_nord, as_user):
    board = as_user("lise").get("/api/v1/reports/board",
                                query_string={"from": day(-35).isoformat(),
                                              "to": day(-6).isoformat()}).get_json()
    assert board["pathways"] == 3  # due (T-30), closed (T-20), silent (T-10)


def test_board_reads_are_audited_per_patient_shown(team_nord, as_user, audit_events):
    as_user("lise").get("/api/v1/reports/board")
    shown = {e["patient_id"] for e in audit_events() if e["detail"] == "board"}
    assert team_nord["silent"]["patient"] in shown and team_nord["due"]["patient"] in shown


def test_board_names_its_period_and_week(team_nord, as_user):
    board = as_user("lise").get("/api/v1/reports/board").get_json()
    assert board["to"] == TODAY.isoformat() and board["from"] == (TODAY - timedelta(weeks=26)).isoformat()
    monday = TODAY - timedelta(days=TODAY.weekday())
    assert board["week"] == {"from": monday.isoformat(), "to": (monday + timedelta(days=6)).isoformat()}
