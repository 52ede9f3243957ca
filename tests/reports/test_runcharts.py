"""Run charts on hand-worked series: the median, both rule sets, and which points each rule flags."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.reports.seed import TODAY, checklist, day, seed

# Checklist fulfilment (done of 10) for 20 pathways in start order: low, then a lasting rise.
#            1   2   3   4   5   6   7   8   9  10  11  12  13  14  15  16  17  18  19  20
SERIES = [40, 80, 60, 100, 30, 50, 40, 60, 30, 50, 40, 60, 90, 80, 100, 90, 80, 100, 90, 80]
# Median 70 (10 points at 30–60, 10 at 80–100). Runs: L H L H L×8 H×8 → 6 runs, 5 crossings.
# Anhøj, n = 20: longest run 8 > round(log2(20) + 3) = 7 → signal; crossings 5 < 6 (5th percentile of
# Binomial(19, 0.5)) → signal. IHI: 8 points on one side ≥ 6 → shift; no 5 points going one way.
SHIFTED = set(range(4, 20))  # 0-based: points 5–20 are in the two runs of 8


@pytest.fixture
def shifted(app, world):
    def build(s):
        return [s.pathway(world.nord, day(-200 + 5 * i), checklist=checklist(value // 10))
                for i, value in enumerate(SERIES)]

    return seed(app, build)


def charts(client, **query):
    response = client.get("/api/v1/reports/runcharts", query_string={"from": day(-400).isoformat(), **query})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_checklist_chart_is_in_pathway_start_order_with_its_median(shifted, as_user):
    chart = charts(as_user("lise"))["checklist_fulfilment"]
    assert [p["value"] for p in chart["points"]] == SERIES
    assert [p["label"] for p in chart["points"]] == sorted(p["label"] for p in chart["points"])
    assert chart["median"] == 70


def test_anhoej_rules_find_the_long_run_and_too_few_crossings(shifted, as_user):
    result = charts(as_user("lise"))
    assert result["rules_in_force"] == "anhoej"
    anhoej = result["checklist_fulfilment"]["signals"]["anhoej"]
    checks = {c["code"]: c for c in anhoej["checks"]}
    assert anhoej["signal"] is True
    long_run = checks["long_run"]
    assert (long_run["observed"], long_run["limit"], long_run["signal"]) == (8, 7, True)
    assert (checks["few_crossings"]["observed"], checks["few_crossings"]["limit"],
            checks["few_crossings"]["signal"]) == (5, 6, True)


def test_ihi_rules_find_the_shift_but_no_trend(shifted, as_user):
    result = charts(as_user("lise"), rules="ihi")
    assert result["rules_in_force"] == "ihi"
    ihi = {c["code"]: c for c in result["checklist_fulfilment"]["signals"]["ihi"]["checks"]}
    assert ihi["shift"]["signal"] is True and ihi["shift"]["observed"] == 8
    assert ihi["trend"]["signal"] is False


@pytest.mark.parametrize("rules, flag", [("anhoej", "long_run"), ("ihi", "shift")])
def test_points_in_the_runs_are_flagged(shifted, as_user, rules, flag):
    points = charts(as_user("lise"))["checklist_fulfilment"]["points"]
    flagged = {i for i, p in enumerate(points) if flag in p["flags"][rules]}
    assert flagged == SHIFTED


def test_follow_up_share_per_iso_week_of_start(app, world, as_user):
    week_a = TODAY - timedelta(days=70 + TODAY.weekday())  # a Monday ten weeks back
    week_b = week_a + timedelta(weeks=1)

    def build(s):
        s.pathway(world.nord, week_a, baseline=(week_a, [3]), follow_up=(week_a + timedelta(days=28), [6]))
        s.pathway(world.nord, week_a + timedelta(days=2), baseline=(week_a + timedelta(days=2), [4]))
        s.pathway(world.nord, week_b + timedelta(days=4), baseline=(week_b + timedelta(days=4), [2]),
                  follow_up=(week_b + timedelta(days=30), [5]))
        s.pathway(world.nord, day(-10))  # follow-up window still open: not counted yet

    seed(app, build)
    chart = charts(as_user("lise"))["psfs_follow_up_share"]
    label = "{}-W{:02d}".format(*week_a.isocalendar())
    label_b = "{}-W{:02d}".format(*week_b.isocalendar())
    assert [(p["label"], p["value"], p["numerator"], p["denominator"]) for p in chart["points"]] == [
        (label, 50.0, 1, 2), (label_b, 100.0, 1, 1)]


def test_unknown_rule_set_is_refused(world, as_user):
    response = as_user("lise").get("/api/v1/reports/runcharts", query_string={"rules": "westgard"})
    assert response.status_code == 422
