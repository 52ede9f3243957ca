"""Run-chart rules on hand-worked series: a positive and a negative case for every rule."""

from hypothesis import given
from hypothesis import strategies as st

from app.domain.runchart import analyse, binomial_quantile, runs_limits


def checks(result, rule_set):
    return {c["code"]: c for c in result["signals"][rule_set]["checks"]}


# 20 points, median 70 (ten at 30–60, ten at 80–100). Runs: L H L H L×8 H×8 → 6 runs, 5 crossings.
SHIFTED = [40, 80, 60, 100, 30, 50, 40, 60, 30, 50, 40, 60, 90, 80, 100, 90, 80, 100, 90, 80]
# Alternating around the median 5.5: 20 runs of one point each, 19 crossings.
ALTERNATING = [1, 10] * 10
# A series with no pattern: median 5; sides + − + + − − + − + − − + (12 useful).
RANDOMISH = [7, 3, 8, 6, 2, 4, 9, 1, 6, 3, 4, 8, 5]


def test_median_ignores_order():
    assert analyse(SHIFTED)["median"] == 70
    assert analyse(list(reversed(SHIFTED)))["median"] == 70


def test_ihi_shift_six_points_on_one_side_is_a_signal_and_five_is_not():
    # Median of 1,1,1,1,1,1,9,9,9,9,9,9 is 5: a run of six below, six above.
    six = analyse([1] * 6 + [9] * 6)
    assert checks(six, "ihi")["shift"]["signal"] is True
    assert all("shift" in f["ihi"] for f in six["flags"])
    five = analyse([1] * 5 + [9] * 5)
    assert checks(five, "ihi")["shift"]["signal"] is False
    assert checks(analyse(SHIFTED), "ihi")["shift"]["observed"] == 8


def test_points_on_the_median_neither_break_nor_add_to_a_run():
    # Median of the 13 values is 5 (the middle one); the 5s are skipped: 6 useful below in a row.
    series = [1, 2, 5, 1, 2, 5, 1, 2, 9, 9, 9, 9, 9]
    result = analyse(series)
    assert result["median"] == 5
    assert result["useful"] == 11
    assert result["longest_run"] == 6
    assert checks(result, "ihi")["shift"]["signal"] is True
    assert result["flags"][2]["ihi"] == []


def test_ihi_trend_five_points_going_up_is_a_signal_and_four_is_not():
    assert checks(analyse([5, 1, 2, 3, 4, 5, 3]), "ihi")["trend"]["signal"] is True   # 1,2,3,4,5
    assert checks(analyse([5, 1, 2, 3, 4, 2, 3]), "ihi")["trend"]["signal"] is False  # 1,2,3,4 only
    # A repeated value neither adds nor breaks: 1,2,2,3,4,5 is a trend of five distinct steps.
    flat = analyse([1, 2, 2, 3, 4, 5])
    assert checks(flat, "ihi")["trend"]["observed"] == 5 and checks(flat, "ihi")["trend"]["signal"] is True


def test_ihi_too_many_runs_and_too_few_runs():
    # 20 useful points: limits 7–15 runs (2.5 % each tail of the runs distribution with 10 + 10).
    assert runs_limits(20) == (7, 15)
    alternating = checks(analyse(ALTERNATING), "ihi")["runs"]
    assert (alternating["observed"], alternating["signal"]) == (20, True)
    few = checks(analyse(SHIFTED), "ihi")["runs"]
    assert (few["observed"], few["signal"]) == (6, True)
    # 20 points, runs = 10: inside 7–15 → no signal.
    ten_runs = [1, 1, 9, 9] * 5
    assert checks(analyse(ten_runs), "ihi")["runs"]["observed"] == 10
    assert checks(analyse(ten_runs), "ihi")["runs"]["signal"] is False


def test_ihi_runs_rule_needs_ten_useful_points():
    assert runs_limits(9) is None
    assert checks(analyse([1, 9] * 4), "ihi")["runs"]["signal"] is None


def test_runs_limits_agree_with_the_published_ihi_table_at_its_ends():
    # Perla, Provost & Murray 2011, Table 1: 10 points → 3–9 runs, 30 → 11–21.
    assert runs_limits(10) == (3, 9)
    assert runs_limits(30) == (11, 21)


def test_astronomical_point_is_outside_the_three_sigma_limits():
    series = [50, 51, 50, 51, 50, 51, 50, 51, 50, 51, 50, 51, 50, 51, 50, 51, 50, 51, 50, 51, 90]
    # Mean = (10 × 50 + 10 × 51 + 90) / 21 = 1100 / 21 = 52.38; moving ranges: nineteen of 1 and one of 39
    # → mean 58 / 20 = 2.9; limits 52.38 ± 2.66 × 2.9 = 44.7 … 60.1 → only the 90 is outside.
    result = analyse(series)
    assert checks(result, "ihi")["astronomical"]["signal"] is True
    assert [i for i, f in enumerate(result["flags"]) if "astronomical" in f["ihi"]] == [20]
    assert checks(analyse(SHIFTED), "ihi")["astronomical"]["signal"] is False


def test_anhoej_long_run_and_few_crossings_on_the_shifted_series():
    result = checks(analyse(SHIFTED), "anhoej")
    # n = 20: longest run 8 > round(log2(20) + 3) = round(7.32) = 7.
    assert (result["long_run"]["observed"], result["long_run"]["limit"], result["long_run"]["signal"]) == (8, 7, True)
    # Crossings 5 < qbinom(0.05, 19, 0.5) = 6.
    assert (result["few_crossings"]["observed"], result["few_crossings"]["limit"]) == (5, 6)
    assert result["few_crossings"]["signal"] is True


def test_anhoej_no_signal_on_random_looking_data():
    result = analyse(RANDOMISH)
    anhoej = checks(result, "anhoej")
    # 12 useful: longest run 2 ≤ round(log2(12) + 3) = round(6.58) = 7; crossings 8 ≥ qbinom(0.05, 11) = 3.
    assert anhoej["long_run"]["limit"] == 7 and anhoej["long_run"]["signal"] is False
    assert anhoej["few_crossings"]["limit"] == 3 and anhoej["few_crossings"]["signal"] is False
    assert result["signals"]["anhoej"]["signal"] is False


def test_binomial_quantile_matches_r_qbinom():
    # qbinom(0.05, 19, 0.5) = 6; qbinom(0.05, 11, 0.5) = 3; qbinom(0.05, 29, 0.5) = 10.
    assert [binomial_quantile(0.05, n) for n in (19, 11, 29)] == [6, 3, 10]


def test_a_municipality_sized_series_is_analysed_without_overflow():
    # 5 000 alternating points: 4 999 crossings, far above the 5th percentile (≈ 2 441).
    result = checks(analyse([0, 100] * 2500), "anhoej")
    assert 2400 < result["few_crossings"]["limit"] < 2500
    assert result["few_crossings"]["signal"] is False


def test_empty_series_has_no_signals():
    result = analyse([])
    assert result["median"] is None and result["flags"] == []
    assert result["signals"]["ihi"]["signal"] is False


@given(st.lists(st.integers(0, 100), min_size=1, max_size=80))
def test_any_series_is_analysed_with_one_flag_entry_per_point(values):
    result = analyse(values)
    assert len(result["flags"]) == len(values)
    assert result["useful"] <= len(values)


@given(st.integers(0, 100), st.integers(1, 60))
def test_a_constant_series_has_no_useful_points_and_no_signal(value, length):
    result = analyse([value] * length)
    assert result["useful"] == 0
    assert result["signals"]["anhoej"]["signal"] is False
    assert checks(result, "ihi")["shift"]["signal"] is False
