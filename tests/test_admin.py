"""The admin pages: users and departments, inline edits, deactivation instead of deletion."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Department, Role, User
from tests.helpers import csrf_token, department_id, sign_in


def _user(app, username: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.expunge(user)
        user.role_names = sorted(r.value for r in user.roles)
        return user


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_only_administrators_reach_admin_pages(client, make_user, role):
    make_user("someone", role, department="trial-management")
    sign_in(client, "someone")
    for url in ("/admin/users", "/admin/departments", "/admin/users/new"):
        assert client.get(url).status_code == 403


def test_admin_creates_a_user_who_can_then_sign_in(app, admin_client, client):
    token = csrf_token(admin_client, "/admin/users/new")
    response = admin_client.post("/admin/users/new", data={
        "csrf_token": token, "username": "civil.liaison", "display_name": "民事庭联络员",
        "department_id": department_id(app, "civil"), "roles": ["staff", "judge"], "password": "long-enough-1",
    })
    assert response.status_code == 302
    user = _user(app, "civil.liaison")
    assert user.role_names == ["judge", "staff"]
    admin_client.post("/auth/logout", data={"csrf_token": csrf_token(admin_client, "/")})
    assert sign_in(client, "civil.liaison", "long-enough-1").status_code == 302


def test_invalid_user_form_names_the_field(app, admin_client):
    token = csrf_token(admin_client, "/admin/users/new")
    response = admin_client.post("/admin/users/new", data={
        "csrf_token": token, "username": "bad name!", "display_name": "",
        "department_id": department_id(app, "civil"), "password": "long-enough-1",
    })
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "只能使用字母、数字" in html
    assert "请至少选择一个角色" in html
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "bad name!")) is None


def test_duplicate_user_name_is_refused(app, admin_client, make_user):
    make_user("judge1", Role.JUDGE)
    token = csrf_token(admin_client, "/admin/users/new")
    response = admin_client.post("/admin/users/new", data={
        "csrf_token": token, "username": "JUDGE1", "display_name": "x",
        "department_id": department_id(app, "civil"), "roles": ["judge"], "password": "long-enough-1",
    })
    assert response.status_code == 422
    assert "已被使用" in response.get_data(as_text=True)


def test_inline_edit_returns_the_row(app, admin_client, make_user):
    user_id = make_user("judge1", Role.JUDGE)
    edit = admin_client.get(f"/admin/users/{user_id}/edit", headers={"HX-Request": "true"})
    assert edit.status_code == 200
    assert '<tr id="user-' in edit.get_data(as_text=True)
    token = csrf_token(admin_client, "/admin/users")
    saved = admin_client.post(f"/admin/users/{user_id}", headers={"HX-Request": "true", "X-CSRFToken": token}, data={
        "username": "judge1", "display_name": "刑庭法官", "department_id": department_id(app, "criminal"),
        "roles": ["judge", "division_head"],
    })
    assert saved.status_code == 200
    row = saved.get_data(as_text=True)
    assert row.lstrip().startswith(f'<tr id="user-{user_id}"')
    assert "刑庭法官" in row and "刑事审判庭" in row and "庭长" in row
    user = _user(app, "judge1")
    assert user.role_names == ["division_head", "judge"]


def test_deactivate_instead_of_delete(app, admin_client, make_user, client):
    user_id = make_user("leaving", Role.JUDGE)
    token = csrf_token(admin_client, "/admin/users")
    response = admin_client.post(f"/admin/users/{user_id}/active", data={"active": "0"},
                                 headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 200
    assert "已停用" in response.get_data(as_text=True)
    assert _user(app, "leaving").active is False
    # The list still shows the account; the rows are never deleted.
    assert "leaving" in admin_client.get("/admin/users?q=leav").get_data(as_text=True)


def test_the_last_administrator_cannot_be_deactivated(app, admin_client):
    admin = _user(app, "admin")
    token = csrf_token(admin_client, "/admin/users")
    response = admin_client.post(f"/admin/users/{admin.id}/active", data={"active": "0"},
                                 headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 422
    assert "不能停用自己的账号" in response.get_data(as_text=True)
    assert _user(app, "admin").active is True


def test_user_list_is_paginated_and_filtered(app, admin_client, make_user):
    for n in range(30):
        make_user(f"clerk{n:02d}", Role.STAFF, department="civil", password="x" * 8)
    first = admin_client.get("/admin/users").get_data(as_text=True)
    assert "第 1 页，共 2 页" in first
    civil = admin_client.get(f"/admin/users?department={department_id(app, 'civil')}",
                             headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<td>admin</td>" not in civil
    assert "<td>clerk00</td>" in civil


def test_department_inline_edit(app, admin_client):
    dept_id = department_id(app, "tribunal-1")
    token = csrf_token(admin_client, "/admin/departments")
    response = admin_client.post(f"/admin/departments/{dept_id}", headers={"HX-Request": "true", "X-CSRFToken": token},
                                 data={"name_zh": "城区中心法庭", "name_en": "Downtown Tribunal", "active": "y"})
    assert response.status_code == 200
    assert "城区中心法庭" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Department, dept_id).name_zh == "城区中心法庭"
