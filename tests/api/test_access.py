"""Who may see and write what, each resource three ways: the team's nurse, another team's nurse, nobody.

Team Nord (Kari, nurse; Lise, leader) owns patient Ola and his pathway; Sofie is a nurse in team Sør;
Ada is the municipality's admin. Another team's nurse gets the same 404 as for an id that does not exist,
so ids cannot be probed; writes that name another team's record are refused like writes naming nothing.
"""

from __future__ import annotations

import pytest

from tests.api.builders import ENTRY_KINDS, assert_problem, pathway_body, patient_body

MISSING = "0d9a0000-0000-4000-8000-000000000000"

READS = [
    "/api/v1/patients/{patient}",
    "/api/v1/patients/{patient}/pathways",
    "/api/v1/pathways/{pathway}",
    *[f"{path}/{{{entity}}}" for entity, (path, _) in ENTRY_KINDS.items()],
    *[f"{path}/{{{entity}}}/versions" for entity, (path, _) in ENTRY_KINDS.items()],
    *[f"/api/v1/pathways/{{pathway}}/{path.rsplit('/', 1)[1]}" for path, _ in ENTRY_KINDS.values()],
]


def ids_of(world, entries) -> dict:
    return {"patient": world.patient, "pathway": world.pathway, **entries}


def without_instance(problem: dict) -> dict:
    return {k: v for k, v in problem.items() if k != "instance"}


# --- reads ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("route", READS)
@pytest.mark.parametrize("username", ["kari", "lise", "admin"], ids=["team_nurse", "team_leader", "admin"])
def test_team_members_and_the_admin_can_read_team_nords_records(world, entries, as_user, route, username):
    response = as_user(username).get(route.format(**ids_of(world, entries)))
    assert response.status_code == 200, response.get_json()


@pytest.mark.parametrize("route", READS)
def test_other_teams_nurse_gets_the_same_404_as_for_a_record_that_does_not_exist(world, entries, as_user, route):
    client = as_user("sofie")
    foreign = client.get(route.format(**ids_of(world, entries)))
    missing = client.get(route.format(**{key: MISSING for key in ids_of(world, entries)}))
    assert_problem(foreign, 404, "not-found")
    assert without_instance(foreign.get_json()) == without_instance(missing.get_json())


@pytest.mark.parametrize("route", READS)
def test_admin_of_another_municipality_cannot_read_team_nords_records(world, entries, other_org, as_user, route):
    assert_problem(as_user("olga").get(route.format(**ids_of(world, entries))), 404, "not-found")


@pytest.mark.parametrize("route", ["/api/v1/patients", *READS])
def test_anonymous_reader_is_asked_to_log_in(world, entries, anonymous, route):
    body = assert_problem(anonymous.get(route.format(**ids_of(world, entries))), 401, "not-authenticated")
    assert "log in" in body["detail"].lower()


# --- the caseload --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("username", "expected"), [
    ("kari", {"Hansen"}), ("lise", {"Hansen"}), ("sofie", {"Sørli"}), ("admin", {"Hansen", "Sørli"}),
    ("olga", {"Vestby"}), ("nina", {"Vestby"}),
])
def test_caseload_shows_the_patients_of_ones_own_teams(world, sor, other_org, as_user, username, expected):
    response = as_user(username).get("/api/v1/patients")
    assert response.status_code == 200
    assert {p["family_name"] for p in response.get_json()} == expected


def test_nurse_cannot_list_another_teams_caseload_by_naming_it(world, sor, as_user):
    response = as_user("kari").get(f"/api/v1/patients?team_id={world.sor}")
    assert response.status_code == 200
    assert response.get_json() == []


def test_caseload_search_treats_percent_and_underscore_as_letters(world, as_user):
    client = as_user("kari")
    assert client.get("/api/v1/patients?q=%25").get_json() == []
    assert client.get("/api/v1/patients?q=_").get_json() == []
    assert [p["family_name"] for p in client.get("/api/v1/patients?q=hans").get_json()] == ["Hansen"]


# --- writes --------------------------------------------------------------------------------------------

def _entry_writes():
    for entity, (path, body) in ENTRY_KINDS.items():
        # The pathway has its PSFS baseline already (the `entries` fixture), so a new PSFS is a follow-up.
        extra = {"kind": "follow_up"} if entity == "psfs" else {}
        yield (f"create_{entity}", "POST", path, lambda w, body=body, extra=extra: body(w.pathway, **extra))
        yield (f"amend_{entity}", "PUT", f"{path}/{{{entity}}}",
               lambda w, body=body: body(w.pathway, base_version=1))


WRITES = [
    ("register_patient", "POST", "/api/v1/patients", lambda w: patient_body(w.nord)),
    ("change_patient", "PUT", "/api/v1/patients/{patient}", lambda w: patient_body(w.nord, base_version=1)),
    ("start_pathway", "POST", "/api/v1/pathways", lambda w: pathway_body(w.patient)),
    ("change_pathway", "PUT", "/api/v1/pathways/{pathway}", lambda w: pathway_body(w.patient, base_version=1)),
    *_entry_writes(),
]


@pytest.mark.parametrize(("method", "route", "body"), [w[1:] for w in WRITES], ids=[w[0] for w in WRITES])
@pytest.mark.parametrize("username", ["kari", "lise"], ids=["team_nurse", "team_leader"])
def test_team_members_can_write_team_nords_records(world, entries, as_user, username, method, route, body):
    response = as_user(username).open(route.format(**ids_of(world, entries)), method=method, json=body(world))
    assert response.status_code in (200, 201), response.get_json()


@pytest.mark.parametrize(("method", "route", "body"), [w[1:] for w in WRITES], ids=[w[0] for w in WRITES])
def test_other_teams_nurse_cannot_write_into_team_nord(world, entries, as_user, audit_events, method, route, body):
    client = as_user("sofie")
    writes_before = [e for e in audit_events() if e["action"] == "write"]
    response = client.open(route.format(**ids_of(world, entries)), method=method, json=body(world))
    assert response.status_code in (404, 422), response.get_json()
    assert_problem(response, response.status_code, "not-found" if response.status_code == 404 else "validation")
    assert [e for e in audit_events() if e["action"] == "write"] == writes_before


@pytest.mark.parametrize("entity", list(ENTRY_KINDS))
def test_entry_for_another_teams_pathway_is_refused_like_one_for_no_pathway(world, as_user, entity):
    client = as_user("sofie")
    path, body = ENTRY_KINDS[entity]
    foreign = client.post(path, json=body(world.pathway))
    missing = client.post(path, json=body(MISSING))
    assert_problem(foreign, 422, "validation", ("pathway_id",))
    assert foreign.get_json() == missing.get_json()


def test_pathway_for_another_teams_patient_is_refused_like_one_for_no_patient(world, as_user):
    client = as_user("sofie")
    foreign = client.post("/api/v1/pathways", json=pathway_body(world.patient))
    missing = client.post("/api/v1/pathways", json=pathway_body(MISSING))
    assert_problem(foreign, 422, "validation", ("patient_id",))
    assert foreign.get_json() == missing.get_json()


@pytest.mark.parametrize("entity", list(ENTRY_KINDS))
def test_another_teams_entry_cannot_be_amended_through_ones_own_pathway(world, sor, entries, as_user, entity):
    client = as_user("sofie")
    path, body = ENTRY_KINDS[entity]
    foreign = client.put(f"{path}/{entries[entity]}", json=body(sor.pathway, base_version=1))
    missing = client.put(f"{path}/{MISSING}", json=body(sor.pathway, base_version=1))
    assert_problem(foreign, 404, "not-found")
    assert without_instance(foreign.get_json()) == without_instance(missing.get_json())


def test_nurse_cannot_register_a_patient_in_another_team(world, as_user):
    response = as_user("kari").post("/api/v1/patients", json=patient_body(world.sor))
    assert_problem(response, 422, "validation", ("team_id",))


def test_nurse_cannot_move_her_patient_to_a_team_she_is_not_in(world, as_user):
    response = as_user("kari").put(f"/api/v1/patients/{world.patient}",
                                   json=patient_body(world.sor, base_version=1))
    assert_problem(response, 422, "validation", ("team_id",))


def test_admin_can_move_a_patient_between_teams(world, as_user):
    response = as_user("admin").put(f"/api/v1/patients/{world.patient}",
                                    json=patient_body(world.sor, base_version=1))
    assert response.status_code == 200
    assert_problem(as_user("kari").get(f"/api/v1/patients/{world.patient}"), 404, "not-found")
    assert as_user("sofie").get(f"/api/v1/patients/{world.patient}").status_code == 200


@pytest.mark.parametrize(("method", "route", "body"), [w[1:] for w in WRITES], ids=[w[0] for w in WRITES])
def test_anonymous_writer_is_asked_to_log_in_before_the_body_is_read(world, entries, anonymous, method, route,
                                                                   body):
    valid = anonymous.open(route.format(**ids_of(world, entries)), method=method, json=body(world))
    assert_problem(valid, 401, "not-authenticated")
    invalid = anonymous.open(route.format(**ids_of(world, entries)), method=method, json={"junk": True})
    assert_problem(invalid, 401, "not-authenticated")


# --- pocket cards and reference content ----------------------------------------------------------------

@pytest.mark.parametrize("route", ["/api/v1/content", "/api/v1/pocket-cards", "/api/v1/pocket-cards?lang=en"])
def test_every_logged_in_user_gets_the_reference_content(world, as_user, route):
    assert as_user("sofie").get(route).status_code == 200


@pytest.mark.parametrize("route", ["/api/v1/content", "/api/v1/pocket-cards"])
def test_anonymous_user_gets_no_reference_content(world, anonymous, route):
    assert_problem(anonymous.get(route), 401, "not-authenticated")


POCKET_CARD = {"groups": [{"key": "openers", "title": "Åpne samtalen",
                           "prompts": [{"key": "opener_now", "text": "Hva er viktig for deg i dag?"}]}]}


def test_leader_publishes_a_pocket_card_the_whole_municipality_gets(world, other_org, as_user):
    published = as_user("lise").post("/api/v1/pocket-cards?lang=nb", json=POCKET_CARD)
    assert published.status_code == 201, published.get_json()
    assert (published.get_json()["source"], published.get_json()["version"]) == ("organisation", 2)
    assert as_user("sofie").get("/api/v1/pocket-cards").get_json()["groups"] == POCKET_CARD["groups"]
    assert as_user("nina").get("/api/v1/pocket-cards").get_json()["source"] == "default"


def test_nurse_cannot_publish_a_pocket_card(world, as_user):
    body = assert_problem(as_user("kari").post("/api/v1/pocket-cards", json=POCKET_CARD), 403, "forbidden")
    assert "leader or admin" in body["detail"]


def test_anonymous_user_cannot_publish_a_pocket_card(world, anonymous):
    assert_problem(anonymous.post("/api/v1/pocket-cards", json=POCKET_CARD), 401, "not-authenticated")


def test_pocket_card_in_an_unknown_language_is_refused(world, as_user):
    assert_problem(as_user("kari").get("/api/v1/pocket-cards?lang=de"), 422, "validation", ("lang",))
