"""Sign-in, sign-out, the rate limit, session cookies, CSRF."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import LoginAttempt, Role
from tests.conftest import PASSWORD, csrf_token, sign_in


def test_pages_need_sign_in(client, plan):
    response = client.get("/")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_sign_in_and_out(client, make_user):
    make_user("judge", Role.JUDGE)
    response = sign_in(client, "judge")
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    token = csrf_token(client, "/")
    client.post("/auth/logout", data={"csrf_token": token})
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_in_chinese(client, make_user):
    make_user("judge", Role.JUDGE)
    response = sign_in(client, "judge", "wrong-password")
    assert response.status_code == 401
    assert "用户名或密码错误" in response.get_data(as_text=True)


def test_deactivated_account_cannot_sign_in(client, make_user):
    make_user("gone", Role.JUDGE, active=False)
    response = sign_in(client, "gone")
    assert response.status_code == 401
    assert "该账号已停用" in response.get_data(as_text=True)


def test_sign_in_is_rate_limited_even_with_the_right_password(client, make_user, app):
    make_user("judge", Role.JUDGE)
    for _ in range(5):
        assert sign_in(client, "judge", "wrong").status_code == 401
    response = sign_in(client, "judge", PASSWORD)
    assert response.status_code == 401
    assert "登录失败次数过多" in response.get_data(as_text=True)
    with app.app_context():
        attempts = db.session.scalars(select(LoginAttempt).where(LoginAttempt.username == "judge")).all()
        assert [a.succeeded for a in attempts] == [False] * 5


def test_password_is_never_stored_or_echoed(client, make_user, app):
    make_user("judge", Role.JUDGE)
    response = sign_in(client, "judge", "my-secret-guess")
    assert "my-secret-guess" not in response.get_data(as_text=True)
    with app.app_context():
        from app.models import User

        user = db.session.scalar(select(User).where(User.username == "judge"))
        assert PASSWORD not in user.password_hash


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    make_user("judge", Role.JUDGE)
    response = sign_in(client, "judge")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_session_is_renewed_at_sign_in(client, make_user):
    """Whatever a visitor carried before signing in (e.g. a planted session) does not survive it."""
    make_user("judge", Role.JUDGE)
    with client.session_transaction() as session:
        session["planted"] = "by-attacker"
    sign_in(client, "judge")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"]


def test_post_without_csrf_token_is_refused(client, make_user):
    make_user("judge", Role.JUDGE)
    response = client.post("/auth/login", data={"username": "judge", "password": PASSWORD})
    assert response.status_code == 400
    assert "安全令牌" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # not signed in


def test_htmx_post_with_csrf_header_is_accepted(client, make_user):
    make_user("judge", Role.JUDGE)
    sign_in(client, "judge")
    token = csrf_token(client, "/")
    refused = client.post("/auth/logout", headers={"HX-Request": "true"})
    assert refused.status_code == 400
    accepted = client.post("/auth/logout", headers={"HX-Request": "true", "X-CSRFToken": token})
    assert accepted.status_code == 302


def test_next_parameter_cannot_send_users_off_site(client, make_user):
    make_user("judge", Role.JUDGE)
    token = csrf_token(client)
    response = client.post("/auth/login?next=//evil.example/x",
                           data={"username": "judge", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/work/"  # his own landing page (he owes the year's hearings)


def test_a_backslash_in_next_cannot_send_users_off_site(client, make_user):
    """Browsers read "/\\evil.example" as "//evil.example": such a next is ignored."""
    make_user("judge", Role.JUDGE)
    token = csrf_token(client)
    response = client.post("/auth/login?next=/%5Cevil.example/x",
                           data={"username": "judge", "password": PASSWORD, "csrf_token": token})
    assert "evil.example" not in response.headers["Location"]
