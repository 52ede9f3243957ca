"""Leaders and admins change people: move a nurse between teams, rename, change role, deactivate."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.api.builders import assert_problem
from tests.conftest import login as dev_login


def _user_id(app, username: str) -> str:
    from app.extensions import db
    from app.models import User

    with app.app_context():
        return db.session.scalars(select(User.id).where(User.username == username)).one()


def test_admin_moves_a_nurse_to_another_team_and_she_sees_that_teams_patients(app, client, world):
    nurse = app.test_client()
    dev_login(nurse, "kari")
    assert nurse.get(f"/api/v1/patients/{world.patient}").status_code == 200
    dev_login(client, "admin")
    answer = client.patch(f"/api/v1/admin/users/{_user_id(app, 'kari')}", json={"team_ids": [world.sor]})
    assert answer.status_code == 200, answer.get_json()
    assert [t["id"] for t in answer.get_json()["teams"]] == [world.sor]
    # Her next request already acts with the new teams: team Nord's patient is out of reach.
    assert_problem(nurse.get(f"/api/v1/patients/{world.patient}"), 404, "not-found")


def test_a_leader_changes_only_her_own_teams_in_a_nurses_list(app, client, world):
    from app.extensions import db
    from app.models import Team, User

    with app.app_context():  # Kari works in both teams
        kari = db.session.get(User, _user_id(app, "kari"))
        kari.teams = [db.session.get(Team, world.nord), db.session.get(Team, world.sor)]
        db.session.commit()
    dev_login(client, "lise")  # leader of Nord only
    refused = client.patch(f"/api/v1/admin/users/{_user_id(app, 'kari')}", json={"team_ids": [world.sor]})
    assert_problem(refused, 422, "validation", ("team_ids",))
    answer = client.patch(f"/api/v1/admin/users/{_user_id(app, 'kari')}", json={"team_ids": []})
    assert answer.status_code == 200
    assert [t["id"] for t in answer.get_json()["teams"]] == [world.sor]  # Sør is not Lise's to take away


def test_only_an_admin_changes_roles_and_nobody_their_own(app, client, world):
    dev_login(client, "lise")
    assert_problem(client.patch(f"/api/v1/admin/users/{_user_id(app, 'kari')}", json={"role": "leader"}),
                   403, "forbidden")
    dev_login(client, "admin")
    promoted = client.patch(f"/api/v1/admin/users/{_user_id(app, 'kari')}", json={"role": "leader"})
    assert promoted.status_code == 200 and promoted.get_json()["role"] == "leader"
    own = client.patch(f"/api/v1/admin/users/{_user_id(app, 'admin')}", json={"role": "nurse"})
    assert_problem(own, 403, "forbidden")
    assert "another administrator" in own.get_json()["detail"]


def test_a_deactivated_nurse_is_logged_out_everywhere_and_cannot_log_in(app, client, world):
    nurse = app.test_client()
    dev_login(nurse, "kari")
    dev_login(client, "admin")
    answer = client.patch(f"/api/v1/admin/users/{_user_id(app, 'kari')}", json={"active": False})
    assert answer.status_code == 200 and answer.get_json()["active"] is False
    assert_problem(nurse.get("/api/v1/patients"), 401, "not-authenticated")
    assert client.patch(f"/api/v1/admin/users/{_user_id(app, 'admin')}", json={"active": False}).status_code == 403


@pytest.mark.parametrize(("body", "field"), [({"role": "boss"}, "role"), ({"team_ids": ["no-such-team"]}, "team_ids"),
                                             ({"display_name": ""}, "display_name"), ({"teams": []}, "teams")])
def test_bad_changes_are_refused_naming_the_field(app, client, world, body, field):
    dev_login(client, "admin")
    response = client.patch(f"/api/v1/admin/users/{_user_id(app, 'kari')}", json=body)
    assert_problem(response, 422, "validation", (field,))


def test_a_nurse_cannot_change_anybody(app, client, world):
    dev_login(client, "kari")
    assert_problem(client.patch(f"/api/v1/admin/users/{_user_id(app, 'sofie')}", json={"active": False}),
                   403, "forbidden")


def test_the_teams_one_may_assign_are_the_leaders_own_or_the_whole_organisation(app, client, world):
    dev_login(client, "lise")
    assert [t["id"] for t in client.get("/api/v1/admin/teams").get_json()] == [world.nord]
    dev_login(client, "admin")
    assert {t["id"] for t in client.get("/api/v1/admin/teams").get_json()} == {world.nord, world.sor}
    dev_login(client, "kari")
    assert_problem(client.get("/api/v1/admin/teams"), 403, "forbidden")
