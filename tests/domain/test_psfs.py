"""PSFS means, change and the clinically-important flags on hand-worked assessments."""

import json
from pathlib import Path

import pytest

from app.domain.psfs import compare, mean_score, thresholds

CASES = json.loads((Path(__file__).parent.parent / "shared_cases" / "psfs_change.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_psfs_change_matches_the_hand_worked_cases(case):
    baseline, follow_up = case["input"]["baseline"], case["input"]["follow_up"]
    expected = case["expected"]
    result = compare(baseline, follow_up)
    assert mean_score(baseline) == expected["mean_baseline"]
    assert mean_score(follow_up) == expected["mean_follow_up"]
    assert [a["change"] for a in result["activities"]] == expected["changes"]
    assert result["mean_change"] == expected["mean_change"]
    assert result["important_change"] is expected["important_change"]
    assert result["important_worsening"] is expected["important_worsening"]


def test_a_single_activity_up_by_three_is_important_even_when_the_mean_moves_less():
    # Baseline 2, 5, 5 (mean 4.0); follow-up 5, 5, 4 (mean 4.67): mean +0.67, activity a +3.
    baseline = [{"id": i, "name": i, "score": s} for i, s in zip("abc", [2, 5, 5], strict=True)]
    follow_up = [{"id": i, "name": i, "score": s} for i, s in zip("abc", [5, 5, 4], strict=True)]
    result = compare(baseline, follow_up)
    assert result["mean_change"] == 0.67
    assert result["important_change"] is True
    assert [a["important"] for a in result["activities"]] == [True, False, False]


def test_before_follow_up_there_is_no_change_yet():
    result = compare([{"id": "a", "name": "Gå", "score": 3}], None)
    assert result["mean_change"] is None and result["important_change"] is None
    assert result["activities"][0]["follow_up"] is None


def test_thresholds_name_their_source():
    limits = thresholds()
    assert (limits["mean"], limits["single_activity"]) == (2.0, 3)
    assert "Abbott" in limits["source"] and "Horn" in limits["source"]


def test_mean_of_nothing_is_none():
    assert mean_score([]) is None
