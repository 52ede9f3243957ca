"""GET /sync/pull: what a tablet receives, paging without gaps, removal after a team move, audit."""

from __future__ import annotations

from app.services.sync import parse_cursor
from tests.api.builders import assert_problem, cfs_body, conversation_body, patient_body, psfs_body
from tests.sync.helpers import PULL, mutation, pull_all, push


def by_key(changes: list[dict]) -> dict[tuple[str, str], dict]:
    return {(c["entity"], c["id"]): c for c in changes}


def test_first_pull_brings_pocket_cards_and_the_teams_records(synced):
    psfs = mutation("psfs", psfs_body(synced.pathway))
    push(synced.client, [psfs])

    changes, cursor, _ = pull_all(synced.client)

    got = by_key(changes)
    assert {lang for (entity, lang) in got if entity == "pocket_card"} == {"nb", "nn", "en"}
    assert got[("pocket_card", "nb")]["record"]["source"] == "default"
    assert got[("patient", synced.patient)]["op"] == "upsert"
    assert got[("pathway", synced.pathway)]["record"]["patient_id"] == synced.patient
    assert got[("psfs", psfs["entity_id"])]["record"]["kind"] == "baseline"
    assert parse_cursor(cursor)[0] > 0
    # Nothing new since: an empty page at the same cursor.
    assert pull_all(synced.client, cursor)[:2] == ([], cursor)


def test_other_team_sees_none_of_it_and_admin_sees_all(synced, client_for):
    sofie_changes, _, _ = pull_all(client_for("sofie"))
    assert {c["entity"] for c in sofie_changes} == {"pocket_card"}
    admin_changes, _, _ = pull_all(client_for("admin"))
    assert ("patient", synced.patient) in by_key(admin_changes)


def test_pages_follow_the_cursor_without_gaps_or_more_than_the_limit(synced):
    entries = [mutation("cfs", cfs_body(synced.pathway, score=1 + i % 9)) for i in range(11)]
    push(synced.client, entries)

    seen: set[str] = set()
    cursor, pages, has_more = None, 0, True
    while has_more:
        query = {"limit": 4} | ({"cursor": cursor} if cursor else {})
        body = synced.client.get(PULL, query_string=query).get_json()
        records = [c for c in body["changes"] if c["entity"] != "pocket_card"]
        assert len(records) <= 4
        assert cursor is None or parse_cursor(body["cursor"])[0] > parse_cursor(cursor)[0]
        seen |= {c["id"] for c in records}
        cursor, has_more, pages = body["cursor"], body["has_more"], pages + 1

    assert seen == {e["entity_id"] for e in entries} | {synced.patient, synced.pathway}
    assert pages == 4  # 13 change-log rows, 4 per page


def test_an_amended_entry_is_pulled_once_at_its_newest_version(synced):
    created = mutation("conversation", conversation_body(synced.pathway, what_matters="Først"))
    entry_id = created["entity_id"]
    push(synced.client, [created])
    push(synced.client, [mutation("conversation", conversation_body(synced.pathway, what_matters="Andre"),
                                  op="amend", entity_id=entry_id, base_version=1)])
    push(synced.client, [mutation("conversation", conversation_body(synced.pathway, what_matters="Tredje"),
                                  op="amend", entity_id=entry_id, base_version=2)])

    changes, _, _ = pull_all(synced.client)

    mine = [c for c in changes if c["id"] == entry_id]
    assert len(mine) == 1
    assert mine[0]["record"]["version"] == 3 and mine[0]["record"]["what_matters"] == "Tredje"


def test_patient_moved_to_another_team_is_removed_from_the_old_teams_tablets(synced, world, client_for):
    entry = mutation("cfs", cfs_body(synced.pathway))
    push(synced.client, [entry])
    _, kari_cursor, _ = pull_all(synced.client)
    sofie = client_for("sofie")
    _, sofie_cursor, _ = pull_all(sofie)

    move = mutation("patient", patient_body(world.sor), op="amend", entity_id=synced.patient, base_version=1)
    assert push(client_for("admin"), [move], device_id="admin-pc")[0]["status"] == "applied"

    since, _, _ = pull_all(synced.client, kari_cursor)
    assert by_key(since)[("patient", synced.patient)]["op"] == "remove"
    # A fresh tablet of team Nord never gets the patient or anything under it as an upsert, although
    # the feed still holds the old upserts.
    fresh, _, _ = pull_all(synced.client)
    assert not [c for c in fresh if c["op"] == "upsert" and c["entity"] != "pocket_card"]
    # Team Sør's tablets get the patient and, with it, what was recorded before the move.
    arrived = by_key(pull_all(sofie, sofie_cursor)[0])
    assert arrived[("patient", synced.patient)]["record"]["team_id"] == world.sor
    assert arrived[("pathway", synced.pathway)]["op"] == "upsert"
    assert arrived[("cfs", entry["entity_id"])]["op"] == "upsert"


def test_pull_audits_each_record_of_patient_data_it_sends(synced, app):
    from sqlalchemy import select

    from app.extensions import db
    from app.models import AuditEvent

    entry = mutation("cfs", cfs_body(synced.pathway))
    push(synced.client, [entry])
    pull_all(synced.client)

    with app.app_context():
        reads = db.session.execute(select(AuditEvent.entity, AuditEvent.entity_id, AuditEvent.patient_id)
                                   .where(AuditEvent.action == "read", AuditEvent.detail == "sync pull")).all()
    assert sorted(reads) == sorted([("patient", synced.patient, synced.patient),
                                    ("pathway", synced.pathway, synced.patient),
                                    ("cfs", entry["entity_id"], synced.patient)])


def test_published_pocket_card_reaches_the_tablets_of_the_organisation(synced, client_for):
    sofie = client_for("sofie")
    _, cursor, _ = pull_all(sofie)
    lise = client_for("lise")
    current = lise.get("/api/v1/pocket-cards", query_string={"lang": "nn"}).get_json()
    content = {"groups": current["groups"][:1]}
    assert lise.post("/api/v1/pocket-cards?lang=nn", json=content).status_code == 201

    changes, _, _ = pull_all(sofie, cursor)

    [card] = [c for c in changes if c["entity"] == "pocket_card"]
    assert card["id"] == "nn" and card["record"]["source"] == "organisation"
    assert card["record"]["groups"] == content["groups"]


def test_bad_cursor_or_limit_is_422_naming_the_field(synced):
    assert_problem(synced.client.get(PULL, query_string={"cursor": "abc"}), 422, "validation", ("cursor",))
    assert_problem(synced.client.get(PULL, query_string={"limit": 0}), 422, "validation", ("limit",))


def test_a_nurse_moved_to_another_team_gets_a_fresh_pull_without_her_old_teams_patients(synced, client_for, app,
                                                                                         world):
    """Membership is not in the change log: the cursor names the teams it was issued for."""
    from tests.conftest import login

    sor_patient = mutation("patient", patient_body(world.sor, family_name="Sørli"))
    push(client_for("sofie"), [sor_patient])
    _, cursor, _ = pull_all(synced.client)
    assert pull_all(synced.client, cursor)[0] == []

    admin = app.test_client()
    login(admin, "admin")
    kari = synced.client.get("/api/v1/auth/me").get_json()["id"]
    assert admin.patch(f"/api/v1/admin/users/{kari}", json={"team_ids": [world.sor]}).status_code == 200

    first = synced.client.get(PULL, query_string={"cursor": cursor}).get_json()
    assert first["reset"] is True
    changes, after, _ = pull_all(synced.client, cursor)
    got = by_key(changes)
    assert got[("patient", sor_patient["entity_id"])]["op"] == "upsert"  # from before her cursor, too
    assert ("patient", synced.patient) not in got or got[("patient", synced.patient)]["op"] == "remove"
    # The new cursor carries the new teams: no reset again.
    assert synced.client.get(PULL, query_string={"cursor": after}).get_json()["reset"] is False


def test_a_cursor_from_before_team_tags_is_still_accepted(synced):
    _, cursor, _ = pull_all(synced.client)
    legacy = cursor.split(".")[0]
    answer = synced.client.get(PULL, query_string={"cursor": legacy})
    assert answer.status_code == 200 and answer.get_json()["reset"] is False
