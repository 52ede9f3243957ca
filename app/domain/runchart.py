"""Run-chart analysis: median and the two rule sets in Nordic use, with the points each rule flags.

Sources:
- IHI rules: Perla RJ, Provost LP, Murray SK. The run chart: a simple analytical tool for learning from
  variation in healthcare processes. BMJ Qual Saf 2011;20:46–51. Shift = 6 or more consecutive points on
  one side of the median; trend = 5 or more consecutive points all going up or all going down (equal
  neighbours neither add nor break); too few / too many runs by the table of limits, which is derived from
  the exact distribution of the number of runs (Swed & Eisenhart, Ann Math Stat 1943;14:66–87) at about
  5 % two-sided risk — computed here instead of copied; astronomical point = a point outside the 3-sigma
  limits of an individuals chart (mean ± 2.66 × mean moving range), our data-driven reading of "obviously
  different", since the IHI rule leaves it to judgement.
- Anhøj rules: Anhøj J, Olesen AV. Run charts revisited. PLoS One 2014;9(11):e113825 (as in qicharts2):
  unusually long run = longest run > round(log2(n) + 3); too few crossings = crossings < the 5th
  percentile of Binomial(n − 1, 0.5); n = useful observations.
Points exactly on the median are not useful observations: they neither add to nor break a run.
"""

from __future__ import annotations

import math
from fractions import Fraction
from statistics import median as _median

SHIFT_MIN = 6
TREND_MIN = 5
RUNS_TABLE_MIN, RUNS_TABLE_MAX = 10, 60
RUNS_TAIL = 0.025  # each tail of the ~5 % two-sided limits
ASTRONOMICAL_SIGMA_FACTOR = 2.66  # 3 / d2 with d2 = 1.128 for moving ranges of two points


def runs_of(sides: list[int]) -> list[list[int]]:
    """Index lists of consecutive useful points on the same side (+1 above, −1 below; 0 is skipped)."""
    runs: list[list[int]] = []
    for index, side in enumerate(sides):
        if side == 0:
            continue
        if runs and sides[runs[-1][-1]] == side:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _runs_distribution(n1: int, n2: int) -> dict[int, float]:
    total = math.comb(n1 + n2, n1)
    result = {}
    for r in range(2, n1 + n2 + 1):
        k = r // 2
        if r % 2 == 0:
            ways = 2 * math.comb(n1 - 1, k - 1) * math.comb(n2 - 1, k - 1)
        else:
            ways = math.comb(n1 - 1, k - 1) * math.comb(n2 - 1, k) + math.comb(n1 - 1, k) * math.comb(n2 - 1, k - 1)
        result[r] = ways / total
    return result


def runs_limits(useful: int) -> tuple[int, int] | None:
    """(fewest, most) runs that are not a signal for `useful` observations split evenly; None outside 10–60."""
    if not RUNS_TABLE_MIN <= useful <= RUNS_TABLE_MAX:
        return None
    n1 = useful // 2
    dist = _runs_distribution(n1, useful - n1)
    lower = upper = None
    cumulative = 0.0
    for r in sorted(dist):
        if cumulative + dist[r] > RUNS_TAIL:
            lower = r
            break
        cumulative += dist[r]
    cumulative = 0.0
    for r in sorted(dist, reverse=True):
        if cumulative + dist[r] > RUNS_TAIL:
            upper = r
            break
        cumulative += dist[r]
    return lower, upper


def binomial_quantile(p: float, size: int) -> int:
    """Smallest x with P(X ≤ x) ≥ p for X ~ Binomial(size, 0.5) (R's qbinom), in exact integers so that
    thousands of points neither overflow nor lose precision."""
    target = Fraction(p).limit_denominator(10**6) * 2**size
    cumulative, term = 0, 1  # term = comb(size, x), updated in place: recomputing it is quadratic
    for x in range(size + 1):
        cumulative += term
        if cumulative >= target:
            return x
        term = term * (size - x) // (x + 1)
    return size


def trends_of(values: list[float]) -> list[list[int]]:
    """Index lists of points that go steadily up or down; a repeated value is skipped, not a break."""
    kept = [i for i, v in enumerate(values) if i == 0 or v != values[i - 1]]
    trends: list[list[int]] = []
    current: list[int] = kept[:1]
    direction = 0
    for prev, index in zip(kept, kept[1:], strict=False):
        step = 1 if values[index] > values[prev] else -1
        if step == direction:
            current.append(index)
        else:
            trends.append(current)
            current = [prev, index]
            direction = step
    if current:
        trends.append(current)
    return trends


def astronomical_limits(values: list[float]) -> tuple[float, float] | None:
    if len(values) < 2:
        return None
    mean = sum(values) / len(values)
    moving_range = sum(abs(b - a) for a, b in zip(values, values[1:], strict=False)) / (len(values) - 1)
    spread = ASTRONOMICAL_SIGMA_FACTOR * moving_range
    return mean - spread, mean + spread


def analyse(values: list[float]) -> dict:
    """Median, useful observations, per-point flags per rule set, and each rule's check and verdict."""
    flags: list[dict[str, list[str]]] = [{"anhoej": [], "ihi": []} for _ in values]
    if not values:
        return {"median": None, "useful": 0, "runs": 0, "crossings": 0, "longest_run": 0, "flags": flags,
                "signals": {"anhoej": {"signal": False, "checks": []}, "ihi": {"signal": False, "checks": []}}}
    centre = _median(values)
    sides = [0 if v == centre else (1 if v > centre else -1) for v in values]
    runs = runs_of(sides)
    useful = sum(1 for s in sides if s)
    longest = max((len(r) for r in runs), default=0)
    crossings = max(len(runs) - 1, 0)

    long_run_limit = round(math.log2(useful) + 3) if useful else 0
    crossings_limit = binomial_quantile(0.05, useful - 1) if useful > 1 else 0
    for run in runs:
        if len(run) > long_run_limit:
            for i in run:
                flags[i]["anhoej"].append("long_run")
    anhoej_checks = [
        {"code": "long_run", "signal": useful > 0 and longest > long_run_limit, "observed": longest,
         "limit": long_run_limit},
        {"code": "few_crossings", "signal": useful > 1 and crossings < crossings_limit, "observed": crossings,
         "limit": crossings_limit},
    ]

    for run in runs:
        if len(run) >= SHIFT_MIN:
            for i in run:
                flags[i]["ihi"].append("shift")
    trends = trends_of(values)
    longest_trend = max((len(t) for t in trends), default=0)
    for trend in trends:
        if len(trend) >= TREND_MIN:
            for i in trend:
                flags[i]["ihi"].append("trend")
    limits = runs_limits(useful)
    runs_signal = None if limits is None else not limits[0] <= len(runs) <= limits[1]
    bounds = astronomical_limits(values)
    outside = [] if bounds is None else [i for i, v in enumerate(values) if v < bounds[0] or v > bounds[1]]
    for i in outside:
        flags[i]["ihi"].append("astronomical")
    ihi_checks = [
        {"code": "shift", "signal": longest >= SHIFT_MIN, "observed": longest, "limit": SHIFT_MIN},
        {"code": "trend", "signal": longest_trend >= TREND_MIN, "observed": longest_trend, "limit": TREND_MIN},
        {"code": "runs", "signal": runs_signal, "observed": len(runs), "limit": list(limits) if limits else None},
        {"code": "astronomical", "signal": bool(outside), "observed": len(outside),
         "limit": [round(b, 2) for b in bounds] if bounds else None},
    ]
    return {
        "median": centre, "useful": useful, "runs": len(runs), "crossings": crossings, "longest_run": longest,
        "flags": flags,
        "signals": {
            "anhoej": {"signal": any(c["signal"] for c in anhoej_checks), "checks": anhoej_checks},
            "ihi": {"signal": any(c["signal"] for c in ihi_checks), "checks": ihi_checks},
        },
    }
