"""The audit trail records every kind of event so far, with before and after, and cannot be changed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Role, User
from app.models.audit import AuditTrailIsAppendOnly
from tests.case_files import row, write_csv
from tests.helpers import PASSWORD, csrf_token, import_file, sign_in


def entries(app, action: str | None = None) -> list[AuditEntry]:
    with app.app_context():
        query = select(AuditEntry).order_by(AuditEntry.id)
        if action:
            query = query.where(AuditEntry.action == action)
        found = db.session.scalars(query).all()
        db.session.expunge_all()
        return found


def test_sign_in_and_failed_sign_in(app, client, make_user):
    make_user("judge", Role.JUDGE)
    sign_in(client, "judge", "wrong-guess")
    sign_in(client, "judge")
    failed, = entries(app, "sign_in_failed")
    succeeded, = entries(app, "sign_in")
    assert failed.summary == "judge" and failed.remote_addr == "127.0.0.1"
    assert succeeded.user_id is not None and succeeded.court_id is not None
    assert all("wrong-guess" not in str(e.before) + str(e.after) + e.summary for e in entries(app))


def test_account_changes_keep_before_and_after_but_no_password(app, admin_client, make_user):
    user_id = make_user("clerk", Role.STAFF)
    with app.app_context():
        civil = db.session.get(User, user_id).department_id
    token = csrf_token(admin_client, "/admin/users")
    admin_client.post(f"/admin/users/{user_id}", headers={"HX-Request": "true", "X-CSRFToken": token},
                      data={"username": "clerk", "display_name": "新名字", "department_id": civil,
                            "roles": ["staff", "judge"], "password": "a-new-password-1"})
    admin_client.post(f"/admin/users/{user_id}/active", data={"active": "0"},
                      headers={"HX-Request": "true", "X-CSRFToken": token})
    update, = entries(app, "update")
    assert update.before == {"display_name": "Clerk", "roles": ["staff"]}
    assert update.after == {"display_name": "新名字", "roles": ["judge", "staff"], "password": "changed"}
    assert update.user_id is not None and update.object_id == str(user_id)
    deactivate, = entries(app, "deactivate")
    assert (deactivate.before, deactivate.after) == ({"active": True}, {"active": False})
    assert all(PASSWORD not in str(e.after) and "a-new-password-1" not in str(e.after) for e in entries(app))


def test_plan_load_and_imports_are_recorded(app, plan, tmp_path):

    import_file(app, write_csv(tmp_path / "good.csv", [row(1)]))
    import_file(app, write_csv(tmp_path / "bad.csv", [row(2, 立案日期="x")]))
    assert [e.summary for e in entries(app, "plan_load")] == ["wuzhi-2021"]
    good, bad = entries(app, "import")
    assert good.after["status"] == "done" and good.after["created"] == 1
    assert bad.after["status"] == "rejected" and bad.after["errors"] == 1


def test_rank_entry_is_recorded(app, office_client):
    token = csrf_token(office_client, "/")
    for value in ("90", "70"):
        office_client.post("/indicators/pre_litigation_rank/entry?period=2021Q1",
                           data={"value": value, "csrf_token": token})
    first, second = entries(app, "update")
    assert (first.before, first.after) == (None, {"value": 90.0})
    assert (second.before, second.after) == ({"value": 90.0}, {"value": 70.0})


def test_entries_cannot_be_changed_or_deleted(app, client, make_user):
    make_user("judge", Role.JUDGE)
    sign_in(client, "judge")
    with app.app_context():
        count = len(db.session.scalars(select(AuditEntry)).all())
        entry = db.session.scalar(select(AuditEntry))
        original = entry.summary
        entry.summary = "nothing happened"
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.scalar(select(AuditEntry)))
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(select(AuditEntry)).summary == original
        assert len(db.session.scalars(select(AuditEntry)).all()) == count


def test_the_office_reads_and_filters_the_trail(app, office_client, make_user):
    make_user("judge", Role.JUDGE)
    sign_in(app.test_client(), "judge", "wrong-guess")
    page = office_client.get("/audit/").get_data(as_text=True)
    assert "sign_in_failed" in page and "sign_in" in page
    only_failed = office_client.get("/audit/?action=sign_in_failed", headers={"HX-Request": "true"})
    html = only_failed.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="audit-table">')
    assert "<td>sign_in_failed</td>" in html and "<td>sign_in</td>" not in html
    export = office_client.get("/audit/export.xlsx?action=sign_in_failed")
    assert export.mimetype.endswith("spreadsheetml.sheet")


def test_no_route_changes_the_trail(app, office_client):
    token = csrf_token(office_client, "/")
    with app.app_context():
        entry_id = db.session.scalar(select(AuditEntry.id))
    for method in ("post", "put", "patch", "delete"):
        for url in ("/audit/", f"/audit/{entry_id}", "/audit/export.xlsx"):
            response = getattr(office_client, method)(url, headers={"X-CSRFToken": token})
            assert response.status_code in (404, 405), (method, url, response.status_code)
    assert len(entries(app)) >= 2


def test_the_trails_routes_only_read(app):
    """Every route of the audit blueprint answers GET only; no other blueprint touches entries but to add them
    (the model refuses changes, see test_entries_cannot_be_changed_or_deleted)."""
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("audit.")]
    assert rules
    for rule in rules:
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_staff_cannot_read_the_trail(client, make_user):
    make_user("clerk", Role.STAFF)
    sign_in(client, "clerk")
    assert client.get("/audit/").status_code == 403
