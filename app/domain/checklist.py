"""Checklist fulfilment: done ÷ (items − not applicable), 0–100 %, one value per checklist record."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from app.domain.content_store import checklist_item_keys


def fulfilment(items: dict[str, str], item_keys: list[str] | None = None) -> float | None:
    """Percent, one decimal. An item not answered counts as not done; None when every item is N/A."""
    keys = item_keys or checklist_item_keys()
    not_applicable = sum(1 for key in keys if items.get(key) == "not_applicable")
    done = sum(1 for key in keys if items.get(key) == "done")
    counted = len(keys) - not_applicable
    if counted == 0:
        return None
    return round(100 * done / counted, 1)


def most_often_not_done(records: Iterable[dict[str, str]], item_keys: list[str] | None = None) -> list[tuple[str, int]]:
    """(item key, how many records have it not done or unanswered), most frequent first, ties by template order."""
    keys = item_keys or checklist_item_keys()
    counts: Counter[str] = Counter()
    for items in records:
        for key in keys:
            if items.get(key, "not_done") == "not_done":
                counts[key] += 1
    order = {key: i for i, key in enumerate(keys)}
    return sorted(counts.items(), key=lambda kv: (-kv[1], order[kv[0]]))
