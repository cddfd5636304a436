"""Sign-in, sign-out, the rate limit, session cookies, CSRF."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import LoginAttempt, Role
from tests.helpers import PASSWORD, csrf_token, sign_in


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


class Clock:
    """The sign-in limit's clock, moved by hand: no test sleeps."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    from app import accounts

    clock = Clock()
    monkeypatch.setattr(accounts, "utcnow", clock)
    return clock


def test_sign_in_is_delayed_even_with_the_right_password(client, make_user, app, clock):
    """After five failures the account waits, the right password included; once the wait is over it works."""
    make_user("judge", Role.JUDGE)
    for _ in range(5):
        assert sign_in(client, "judge", "wrong").status_code == 401
    response = sign_in(client, "judge", PASSWORD)
    assert response.status_code == 401
    assert "该账号登录失败次数过多，请等待 2 秒后再试" in response.get_data(as_text=True)
    clock.advance(1)
    assert "请等待 1 秒后再试" in sign_in(client, "judge", PASSWORD).get_data(as_text=True)
    clock.advance(1)
    assert sign_in(client, "judge", PASSWORD).status_code == 302
    with app.app_context():
        attempts = db.session.scalars(select(LoginAttempt).where(LoginAttempt.username == "judge")
                                      .order_by(LoginAttempt.id)).all()
        # Attempts refused for waiting are not failures: they do not lengthen the wait.
        assert [a.succeeded for a in attempts] == [False] * 5 + [True]


def test_the_delay_doubles_with_each_failure_up_to_a_cap(client, make_user, app, clock):
    """Anyone can fail against ``admin``: that slows guessing but never locks the administrator out for good."""
    app.config["LOGIN_MAX_DELAY_SECONDS"] = 60
    make_user("admin", Role.ADMIN, department="trial-management")
    for _ in range(5):
        sign_in(client, "admin", "wrong")
    for wait in (2, 4, 8, 16, 32, 60, 60):
        refused = sign_in(client, "admin", PASSWORD).get_data(as_text=True)
        assert f"请等待 {wait} 秒后再试" in refused
        clock.advance(wait)
        assert sign_in(client, "admin", "wrong").status_code == 401  # one more failure, now allowed
    clock.advance(60)
    assert sign_in(client, "admin", PASSWORD).status_code == 302
    # A success starts the count afresh.
    other = app.test_client()
    clock.advance(1)
    for _ in range(5):
        sign_in(other, "admin", "wrong")
    assert "请等待 2 秒后再试" in sign_in(other, "admin", PASSWORD).get_data(as_text=True)


def test_a_long_wait_is_told_in_minutes(client, make_user, app, clock):
    make_user("judge", Role.JUDGE)
    for _ in range(5):
        sign_in(client, "judge", "wrong")
    for wait in (2, 4, 8, 16, 32, 64):
        clock.advance(wait)
        sign_in(client, "judge", "wrong")
    assert "请等待 3 分钟后再试" in sign_in(client, "judge", PASSWORD).get_data(as_text=True)  # 128 s


def test_one_address_is_refused_after_four_times_the_account_limit(client, make_user, app, clock):
    """Per address the limit stays a refusal (20 failures in 15 minutes), whichever names were tried; the account
    itself is not delayed for others, and the refusal ends with the window."""
    make_user("judge", Role.JUDGE)
    for n in range(20):
        assert sign_in(client, f"guess{n}", "wrong").status_code == 401
    refused = sign_in(client, "judge", PASSWORD)
    assert refused.status_code == 401
    assert "登录失败次数过多，请 15 分钟后再试" in refused.get_data(as_text=True)
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert sign_in(elsewhere, "judge", PASSWORD).status_code == 302
    clock.advance(15 * 60 + 1)
    assert sign_in(client, "judge", PASSWORD).status_code == 302


def test_an_unknown_name_costs_a_password_check_too(client, make_user, monkeypatch):
    """Refusing an unknown name runs the same hashing as refusing a wrong password, so the time taken does not tell
    which names exist."""
    from app import accounts

    make_user("judge", Role.JUDGE)
    checked: list[str] = []
    real = accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash", lambda hashed, pw: checked.append(hashed) or real(hashed, pw))
    unknown = sign_in(client, "nobody", "a-guess")
    assert len(checked) == 1
    known = sign_in(client, "judge", "a-guess")
    assert len(checked) == 2
    assert unknown.status_code == known.status_code == 401
    assert "用户名或密码错误" in unknown.get_data(as_text=True)
    method = [hashed.split("$")[0] for hashed in checked]
    assert method[0] == method[1] == "pbkdf2:sha256:1000"  # the configured method and cost (TestConfig)


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


def test_a_long_unknown_user_name_fails_sign_in_cleanly(client, plan):
    response = sign_in(client, "x" * 80, "whatever-password")
    assert response.status_code == 401
