"""PSFS measures: mean score, change from baseline per activity and in the mean, clinically important flags.

Mean change is the follow-up mean over the baseline's activities minus the baseline mean: an activity
added at follow-up has no baseline to change from, so it is shown but not counted in the change.
Thresholds (mean ≥ 2 points, single activity ≥ 3) and their sources live in content/psfs.json.
"""

from __future__ import annotations

from app.domain.content_store import psfs_rules


def mean_score(activities: list[dict]) -> float | None:
    """Mean of the activities' scores, rounded to 2 decimals; None for no activities."""
    if not activities:
        return None
    return round(sum(a["score"] for a in activities) / len(activities), 2)


def thresholds() -> dict:
    """{"mean": 2.0, "single_activity": 3, "source": "…"}"""
    return dict(psfs_rules()["important_change"])


def compare(baseline: list[dict], follow_up: list[dict] | None) -> dict:
    """Per-activity and mean change of a follow-up against its baseline (follow_up None: not scored yet).

    `important` / `important_change` flag a clinically important *improvement*; `worsened` /
    `important_worsening` the same size of decline, so a team sees both.
    """
    limits = thresholds()
    scored = {a["id"]: a for a in (follow_up or [])}
    activities = []
    for activity in baseline:
        later = scored.get(activity["id"])
        change = later["score"] - activity["score"] if later else None
        activities.append({
            "id": activity["id"], "name": activity["name"], "baseline": activity["score"],
            "follow_up": later["score"] if later else None, "change": change,
            "important": None if change is None else change >= limits["single_activity"],
            "worsened": None if change is None else change <= -limits["single_activity"],
        })
    baseline_ids = {a["id"] for a in baseline}
    for activity in follow_up or []:
        if activity["id"] not in baseline_ids:
            activities.append({"id": activity["id"], "name": activity["name"], "baseline": None,
                               "follow_up": activity["score"], "change": None, "important": None,
                               "worsened": None, "added_at_follow_up": True})
    if follow_up is None:
        return {"activities": activities, "mean_change": None, "important_change": None,
                "important_worsening": None}
    rescored = [scored[a["id"]] for a in baseline if a["id"] in scored]
    mean_change = round(mean_score(rescored) - mean_score(baseline), 2) if rescored else None
    changes = [a["change"] for a in activities if a["change"] is not None]
    return {
        "activities": activities,
        "mean_change": mean_change,
        "important_change": mean_change is not None and (
            mean_change >= limits["mean"] or any(c >= limits["single_activity"] for c in changes)),
        "important_worsening": mean_change is not None and (
            mean_change <= -limits["mean"] or any(c <= -limits["single_activity"] for c in changes)),
    }
