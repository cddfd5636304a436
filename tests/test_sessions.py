"""Which cookie still signs its holder in: signing out, a new password and idleness end a session; behind a
trusted proxy the client's own address is recorded; production cookies go out on HTTPS only."""

from __future__ import annotations

import json
import os
import subprocess  # nosec B404 - runs this project's own Python to read its settings under a chosen environment
import sys
from pathlib import Path

from sqlalchemy import select

from app import create_app, sessions
from app.extensions import db
from app.models import AuditEntry, LoginAttempt, Role, User
from tests.conftest import _settings
from tests.helpers import PASSWORD, PLAN_FILE, csrf_token, sign_in

ROOT = Path(__file__).resolve().parent.parent


def _copy_of_cookie(app, client):
    """A second browser holding a copy of ``client``'s session cookie as it is now (another tab, a stolen one)."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def _sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_cookie_saved_before_sign_out_is_refused_after_it(app, client, make_user):
    make_user("judge", Role.JUDGE)
    sign_in(client, "judge")
    saved = _copy_of_cookie(app, client)
    assert saved.get("/").status_code == 200  # the copy works while the session lasts
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/")})
    assert _sent_to_sign_in(saved.get("/"))
    assert _sent_to_sign_in(client.get("/"))
    # Signing in again works, and the new session is not refused.
    sign_in(client, "judge")
    assert client.get("/").status_code == 200


def _change_password(client, app, username: str, password: str):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        data = {"username": user.username, "display_name": user.display_name, "department_id": user.department_id,
                "roles": [r.value for r in user.roles], "password": password, "user_id": user.id}
    token = csrf_token(client, "/admin/users")
    return client.post(f"/admin/users/{data.pop('user_id')}", data={**data, "csrf_token": token})


def test_a_password_reset_by_the_administrator_ends_the_users_sessions(app, client, make_user):
    make_user("judge", Role.JUDGE)
    make_user("admin", Role.ADMIN, department="trial-management")
    sign_in(client, "judge")
    assert client.get("/").status_code == 200
    admin = app.test_client()
    sign_in(admin, "admin")
    assert _change_password(admin, app, "judge", "a-new-password-1").status_code == 302
    assert _sent_to_sign_in(client.get("/"))
    assert sign_in(client, "judge", "a-new-password-1").status_code == 302
    assert client.get("/").status_code == 200


def test_changing_ones_own_password_keeps_this_session_and_ends_the_others(app, client, make_user):
    make_user("admin", Role.ADMIN, department="trial-management")
    sign_in(client, "admin")
    saved = _copy_of_cookie(app, client)
    assert _change_password(client, app, "admin", "a-new-password-1").status_code == 302
    assert client.get("/admin/users").status_code == 200
    assert _sent_to_sign_in(saved.get("/admin/users"))


def test_an_idle_session_ends_with_a_message(app, client, make_user):
    make_user("judge", Role.JUDGE)
    sign_in(client, "judge")
    idle = 8 * 3600
    assert app.config["SESSION_IDLE_HOURS"] == 8  # the default
    # Just inside the limit the session goes on, and the request counts as activity.
    with client.session_transaction() as session:
        session[sessions.SEEN_KEY] = sessions.now() - idle + 60
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        assert session[sessions.SEEN_KEY] >= sessions.now() - 5
        session[sessions.SEEN_KEY] = sessions.now() - idle - 1
    response = client.get("/work/")
    assert _sent_to_sign_in(response)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "您已超过 8 小时未操作" in page
    assert "请先登录" not in page  # one message, the one that says why
    assert _sent_to_sign_in(client.get("/"))  # the session is gone, not merely refused once


def test_the_idle_timeout_is_a_setting(app, client, make_user):
    app.config["SESSION_IDLE_HOURS"] = 0.5
    make_user("judge", Role.JUDGE)
    sign_in(client, "judge")
    with client.session_transaction() as session:
        session[sessions.SEEN_KEY] = sessions.now() - 1801
    response = client.get("/")
    assert _sent_to_sign_in(response)
    assert "您已超过 0.5 小时未操作" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_client_address_comes_from_a_trusted_proxy_only(app, client, make_user, database_url, redis_url):
    make_user("judge", Role.JUDGE)
    # Without TRUSTED_PROXIES (the default) a client cannot choose the address recorded for it.
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
    sign_in(client, "judge", "wrong")
    # Behind one proxy (nginx) the address it appends is the client's; whatever the client sent before it is not.
    proxied = create_app("test", {**_settings(database_url, redis_url), "TRUSTED_PROXIES": 1}).test_client()
    proxied.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.66, 203.0.113.7"
    sign_in(proxied, "judge", "wrong")
    sign_in(proxied, "judge")
    with app.app_context():
        audit = db.session.scalars(select(AuditEntry.remote_addr).where(AuditEntry.object_type == "user")
                                   .order_by(AuditEntry.id)).all()
        attempts = db.session.scalars(select(LoginAttempt.remote_addr).order_by(LoginAttempt.id)).all()
    assert audit == ["127.0.0.1", "203.0.113.7", "203.0.113.7"]
    assert attempts == ["127.0.0.1", "203.0.113.7", "203.0.113.7"]


def _settings_under(env: dict[str, str], database_url: str, redis_url: str) -> dict:
    """Each config's cookie flag, and the Set-Cookie of a production app's sign-in page, in a fresh interpreter
    (the settings are read from the environment when app.config is imported)."""
    script = f"""
import json
from app import create_app
from app.config import CONFIGS
flags = {{name: config.SESSION_COOKIE_SECURE for name, config in CONFIGS.items()}}
app = create_app("production", {{"SQLALCHEMY_DATABASE_URI": {database_url!r}, "REDIS_URL": {redis_url!r},
                                 "SECRET_KEY": "x" * 32, "PLAN_FILE": {str(PLAN_FILE)!r}}})
cookie = app.test_client().get("/auth/login").headers.get("Set-Cookie", "")
print(json.dumps({{"flags": flags, "cookie": cookie}}))
"""
    environ = {k: v for k, v in os.environ.items() if k not in ("SESSION_COOKIE_SECURE", "APP_CONFIG")}
    done = subprocess.run([sys.executable, "-c", script], env={**environ, **env}, cwd=ROOT,  # nosec B603
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_unless_turned_off(app, database_url, redis_url):
    default = _settings_under({}, database_url, redis_url)
    assert default["flags"] == {"development": False, "test": False, "production": True}
    assert "Secure" in default["cookie"] and "HttpOnly" in default["cookie"]
    # A plain-http intranet says so explicitly.
    plain = _settings_under({"SESSION_COOKIE_SECURE": "0"}, database_url, redis_url)
    assert plain["flags"]["production"] is False
    assert "session=" in plain["cookie"] and "Secure" not in plain["cookie"]


def test_make_run_signs_in_over_plain_http(app, make_user, database_url, redis_url):
    """`make run` uses the development config: its cookie is not Secure, so a browser on http keeps it."""
    make_user("judge", Role.JUDGE)
    development = create_app("development", _settings(database_url, redis_url))
    client = development.test_client()
    response = sign_in(client, "judge", PASSWORD)
    assert response.status_code == 302 and "Secure" not in response.headers["Set-Cookie"]
    assert client.get("/").status_code == 200
