"""Valid request bodies for each resource, and the one check every refused request must pass."""

from __future__ import annotations

from datetime import date, timedelta

PROBLEM_TYPE_BASE = "https://viktig.app/problems/"
TODAY = date.today()


def patient_body(team_id: str, **changes) -> dict:
    return {"team_id": team_id, "given_name": "Astrid", "family_name": "Berg", "birth_date": "1941-06-12",
            "address": "Storgata 1", "phone": "+47 400 00 000", **changes}


def pathway_body(patient_id: str, **changes) -> dict:
    return {"patient_id": patient_id, "kind": "hjemkomst",
            "start_date": (TODAY - timedelta(days=1)).isoformat(), **changes}


def conversation_body(pathway_id: str, **changes) -> dict:
    return {"pathway_id": pathway_id, "held_on": TODAY.isoformat(), "participants": ["pasient", "datter"],
            "what_matters": "Å klare å lage middag selv igjen.",
            "goals": [{"id": "g1", "text": "Lage middag selv"}], "agreed_actions": ["Ergoterapeut kommer"],
            "prompts_used": ["opener_now"], "next_follow_up": None, **changes}


def activity(activity_id: str, score: object, name: str | None = None) -> dict:
    return {"id": activity_id, "name": name or f"Aktivitet {activity_id}", "score": score}


def psfs_body(pathway_id: str, kind: str = "baseline", activities: list | None = None, **changes) -> dict:
    if activities is None:
        activities = [activity("a1", 3, "Gå til butikken"), activity("a2", 5, "Dusje selv")]
    return {"pathway_id": pathway_id, "kind": kind, "assessed_on": TODAY.isoformat(),
            "activities": activities, **changes}


def checklist_body(pathway_id: str, items: dict | None = None, **changes) -> dict:
    if items is None:
        items = {"hph0_hospital_info": "done", "hph1_homecoming_prepared": "not_done"}
    return {"pathway_id": pathway_id, "recorded_on": TODAY.isoformat(), "template_version": 1,
            "items": items, **changes}


def cfs_body(pathway_id: str, score: object = 5, **changes) -> dict:
    return {"pathway_id": pathway_id, "assessed_on": TODAY.isoformat(), "score": score, **changes}


# entity → (collection path, body builder taking a pathway id)
ENTRY_KINDS = {
    "conversation": ("/api/v1/conversations", conversation_body),
    "psfs": ("/api/v1/psfs", psfs_body),
    "checklist": ("/api/v1/checklists", checklist_body),
    "cfs": ("/api/v1/cfs", cfs_body),
}


def assert_problem(response, status: int, slug: str, fields: tuple[str, ...] = ()) -> dict:
    """An RFC 9457 problem: the status, its content type, a type URI, a title, and a detail sentence that
    names every field listed, each of which is also a key of `errors`."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["type"] == PROBLEM_TYPE_BASE + slug
    assert body["status"] == status
    assert body["title"]
    assert body["detail"].endswith(".") and len(body["detail"].split()) >= 4, body["detail"]
    for field in fields:
        assert field in body["errors"], (field, body.get("errors"))
        assert all(isinstance(m, str) and m for m in body["errors"][field])
        if field == "_schema":
            assert "the request body" in body["detail"].lower(), body["detail"]
        else:
            assert f"'{field}'" in body["detail"], (field, body["detail"])
    if fields:
        assert set(body["errors"]) == set(fields), body["errors"]
    return body
