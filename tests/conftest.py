"""Fixtures: real Redis and a real database (SQLite, or PostgreSQL with TEST_DATABASE=postgresql),
the schema built by the migrations, an app and client per test, and helpers to sign in."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import Department, Role, User
from tests import services

PLAN_FILE = Path(__file__).resolve().parent.parent / "plans" / "wuzhi-2021.toml"
PASSWORD = "correct-horse-9"


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with services.redis_server() as url:
        yield url


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    if os.environ.get("TEST_DATABASE") == "postgresql":
        with services.postgresql_server() as url:
            yield url
    else:
        workdir = tempfile.mkdtemp(prefix="qy-sqlite-")
        yield f"sqlite:///{workdir}/test.sqlite"


@pytest.fixture(scope="session")
def _schema(database_url: str, redis_url: str) -> None:
    """Build the schema once per run through the migrations, as production does."""
    from flask_migrate import upgrade

    app = create_app("test", _settings(database_url, redis_url))
    with app.app_context():
        upgrade()
        db.engine.dispose()


def _settings(database_url: str, redis_url: str) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "test-secret",
        "PLAN_FILE": str(PLAN_FILE),
        "LOGIN_MAX_FAILURES": 5,
    }


@pytest.fixture
def app(_schema: None, database_url: str, redis_url: str, tmp_path: Path) -> Iterator[Flask]:
    from app.blueprints.main.routes import _GRID_CACHE
    from app.obligations.work import _COUNTS

    app = create_app("test", {**_settings(database_url, redis_url), "ATTACHMENT_DIR": str(tmp_path / "attachments")})
    yield app
    # In-process caches are keyed by row ids, which an emptied SQLite table hands out again: the next test's
    # records would find this test's entries.
    _COUNTS.clear()
    _GRID_CACHE.clear()
    with app.app_context():
        # Empty every table so each test starts from the migrated, empty schema.
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                if not table.info.get("fixed"):  # rows that are schema (app/models/search.py), not data
                    conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def plan(app: Flask) -> None:
    from app.plans import load_plan_file

    with app.app_context():
        load_plan_file(PLAN_FILE)


@pytest.fixture
def make_user(app: Flask, plan: None) -> Callable[..., int]:
    """Create an account in a plan department; returns its id."""

    def make(username: str, *roles: Role, department: str = "civil", password: str = PASSWORD,
             active: bool = True) -> int:
        with app.app_context():
            dept = db.session.scalar(select(Department).where(Department.code == department))
            user = User(username=username, display_name=username.title(), department=dept, active=active)
            user.roles = list(roles) or [Role.STAFF]
            user.set_password(password)
            db.session.add(user)
            db.session.commit()
            return user.id

    return make


def appoint_president(app: Flask, user_id: int) -> None:
    """Give the account the president's post in the directory (the plan's group_leader): the president's approvals
    are his alone."""
    from app.directory import appoint
    from app.models import Campaign

    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        user = db.session.get(User, user_id)
        appoint(campaign, "group_leader", user, user)


CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str = "/auth/login") -> str:
    html = client.get(url).get_data(as_text=True)
    match = CSRF_INPUT.search(html) or re.search(r'"X-CSRFToken": "([^"]+)"', html)
    assert match, f"no CSRF token on {url}"
    return next(g for g in match.groups() if g)


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD):
    token = csrf_token(client)
    return client.post("/auth/login", data={"username": username, "password": password, "csrf_token": token})


@pytest.fixture
def office_client(client: FlaskClient, make_user) -> FlaskClient:
    make_user("office", Role.OFFICE, department="trial-management")
    sign_in(client, "office")
    return client


@pytest.fixture
def admin_client(client: FlaskClient, make_user) -> FlaskClient:
    make_user("admin", Role.ADMIN, department="trial-management")
    sign_in(client, "admin")
    return client
