"""Checklist fulfilment on hand-worked records (shared with the browser via tests/shared_cases)."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.checklist import fulfilment, most_often_not_done
from app.domain.content_store import checklist_item_keys

KEYS = checklist_item_keys()
CASES = json.loads((Path(__file__).parent.parent / "shared_cases" / "checklist_fulfilment.json").read_text())


def record(done=0, not_done=0, not_applicable=0) -> dict[str, str]:
    statuses = ["done"] * done + ["not_done"] * not_done + ["not_applicable"] * not_applicable
    return dict(zip(KEYS, statuses, strict=False))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_fulfilment_matches_the_hand_worked_cases(case):
    assert fulfilment(record(**case["input"])) == case["expected"]


def test_the_default_template_has_the_ten_hph_items():
    assert len(KEYS) == 10
    assert KEYS[0].startswith("hph0") and KEYS[-1].startswith("hph6")


def test_items_not_answered_are_the_ones_most_often_not_done():
    records = [record(done=8), record(done=9), {KEYS[0]: "not_applicable"}]
    # Record 1 lacks items 9 and 10, record 2 lacks item 10, record 3 lacks items 2–10 (item 1 is N/A).
    ranking = dict(most_often_not_done(records))
    assert ranking[KEYS[9]] == 3
    assert ranking[KEYS[8]] == 2
    assert KEYS[0] not in ranking
    assert most_often_not_done(records)[0] == (KEYS[9], 3)


@given(st.lists(st.sampled_from(["done", "not_done", "not_applicable"]), min_size=10, max_size=10))
def test_fulfilment_is_always_a_percentage_or_none(statuses):
    value = fulfilment(dict(zip(KEYS, statuses, strict=True)))
    if all(s == "not_applicable" for s in statuses):
        assert value is None
    else:
        assert 0 <= value <= 100
