"""CSV exports for the improvement team: pseudonymised by default, names only for admins, always audited."""

from __future__ import annotations

import csv
import io

import pytest

from tests.reports.seed import checklist, day, seed


@pytest.fixture
def data(app, world):
    def build(s):
        return [
            s.pathway(world.nord, day(-40), name="Eva Evaluert", conversation=day(-39),
                      baseline=(day(-38), [2, 3]), follow_up=(day(-10), [6, 5]),
                      checklist=checklist(9, not_applicable=1)),
            s.pathway(world.nord, day(-10), name="Sigrid Stille", checklist=checklist(4)),
        ]

    return seed(app, build)


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_checklist_csv_is_pseudonymised(app, data, as_user):
    response = as_user("lise").get("/api/v1/reports/export/checklist.csv")
    body = response.get_data(as_text=True)
    assert "attachment" in response.headers["Content-Disposition"]
    for name in ("Eva", "Evaluert", "Sigrid", "Stille", data[0]["patient"], data[1]["patient"]):
        assert name not in body
    table = rows(response)
    assert sorted(float(r["oppfyllelse_prosent"]) for r in table) == [40.0, 100.0]
    with app.test_request_context():
        from app.services.exports import pseudonym

        assert {r["pasient"] for r in table} == {pseudonym(data[0]["patient"]), pseudonym(data[1]["patient"])}


def test_pseudonym_is_keyed_with_the_secret_key(app):
    from app.services.exports import pseudonym

    with app.test_request_context():
        first = pseudonym("p-1")
        app.config["SECRET_KEY"] = "another-key"
        assert pseudonym("p-1") != first
        assert pseudonym("p-1") == pseudonym("p-1")


def test_psfs_csv_has_one_row_per_activity_with_change(data, as_user):
    table = rows(as_user("lise").get("/api/v1/reports/export/psfs.csv"))
    assert [(r["aktivitet_nr"], r["skaar_utgangspunkt"], r["skaar_oppfolging"], r["endring"],
             r["viktig_endring_aktivitet"]) for r in table] == [("1", "2", "6", "4", "ja"),
                                                                ("2", "3", "5", "2", "nei")]
    assert {r["snitt_endring"] for r in table} == {"3"}
    assert "navn" not in table[0]


def test_conversations_missing_csv(data, as_user):
    table = rows(as_user("lise").get("/api/v1/reports/export/conversations-missing.csv"))
    assert len(table) == 1
    assert table[0]["frist"] == day(-7).isoformat() and table[0]["samtale_holdt"] == ""


def test_admin_may_export_names_and_each_patient_is_audited(data, as_user, audit_events):
    table = rows(as_user("admin").get("/api/v1/reports/export/checklist.csv",
                                      query_string={"identified": "1"}))
    assert {r["navn"] for r in table} == {"Eva Evaluert", "Sigrid Stille"}
    exported = {e["patient_id"] for e in audit_events() if e["action"] == "export"}
    assert exported == {data[0]["patient"], data[1]["patient"]}


def test_pseudonymised_export_is_audited_once(data, as_user, audit_events):
    as_user("lise").get("/api/v1/reports/export/psfs.csv")
    exports = [e for e in audit_events() if e["action"] == "export"]
    assert len(exports) == 1 and exports[0]["patient_id"] is None and "pseudonymised" in exports[0]["detail"]


def test_free_text_cannot_become_a_spreadsheet_formula():
    from app.services.exports import _safe

    assert _safe("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert _safe("-3") == "-3"
    assert _safe("Gå tur") == "Gå tur"
