"""Fixtures: real Redis and a real database (SQLite, or PostgreSQL with TEST_DATABASE=postgresql),
the schema built by the migrations, an app and client per test, and helpers to sign in."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.indicators import recompute_court
from app.models import Court, Department, Role, User
from tests import services
from tests.case_files import ROWS, row, write_csv
from tests.helpers import (
    PASSWORD,
    PLAN_FILE,
    account,
    appealed,
    appoint_president,
    court_plan,
    hand_in,
    import_file,
    pending_row,
    sign_in,
)


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


# Each pytest process keeps its uploads apart (make test runs the SQLite and PostgreSQL suites side by side, and tests
# compare the folder before and after); real workers a test starts inherit it through the environment.
UPLOAD_DIR = os.environ.setdefault("UPLOAD_DIR", tempfile.mkdtemp(prefix="qy-uploads-"))


def _settings(database_url: str, redis_url: str) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "test-secret",
        "PLAN_FILE": str(PLAN_FILE),
        "UPLOAD_DIR": UPLOAD_DIR,
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


# ---------------------------------------------------------------------- a court at a given day

# The accounts the court fixtures sign in as, by username: department, roles, and the name case files give the
# judge (an import links a judge to the account of that name). One table, so a username means one person in
# every test module.
COURT_USERS: dict[str, tuple[str, tuple[Role, ...], str | None]] = {
    "office": ("trial-management", (Role.OFFICE,), None),
    "president": ("leadership", (Role.LEADER,), None),
    "supervision": ("supervision", (Role.SUPERVISION,), None),
    "committee": ("committee", (Role.COMMITTEE,), None),
    "civil.staff": ("civil", (Role.STAFF,), None),
    "civil.liaison": ("civil", (Role.STAFF, Role.JUDGE), None),
    "civil.head": ("civil", (Role.DIVISION_HEAD, Role.JUDGE), None),
    "civil.judge": ("civil", (Role.JUDGE,), None),
    "civil.judge1": ("civil", (Role.JUDGE,), "民事审判庭法官01"),
    "civil.judge2": ("civil", (Role.JUDGE,), "民事审判庭法官02"),
    "criminal.staff": ("criminal", (Role.STAFF,), None),
}


@pytest.fixture
def court_users(app: Flask, make_user) -> Callable[..., dict[str, int]]:
    """Create accounts of COURT_USERS: ``court_users(judge="civil.judge1")`` returns {"judge": its id}."""

    def make(**usernames: str) -> dict[str, int]:
        ids = {}
        for key, username in usernames.items():
            department, roles, name = COURT_USERS[username]
            ids[key] = (account(app, username, name, department, *roles) if name
                        else make_user(username, *roles, department=department))
        return ids

    return make


@pytest.fixture
def may_2021(app):
    app.config["AS_OF_DATE"] = date(2021, 5, 20)


@pytest.fixture
def people(court_users, may_2021):
    return court_users(staff="civil.staff", head="civil.head", judge="civil.judge", office="office",
                       criminal="criminal.staff")


@pytest.fixture
def may(app, court_users, tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 6, 5)
    court_users(office="office", staff="civil.staff")
    assert import_file(app, write_csv(tmp_path / "may.csv", ROWS)).ok
    with app.app_context():
        recompute_court(db.session.scalar(select(Court.id)))


@pytest.fixture
def year_end(app, court_users, tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 12, 20)
    court_users(office="office", staff="civil.staff", criminal="criminal.staff")
    assert import_file(app, write_csv(tmp_path / "cases.csv", ROWS)).ok
    with app.app_context():
        recompute_court(db.session.scalar(select(Court.id)))
    for month in ("2021-03", "2021-04"):
        hand_in(app, "excellent_document", "civil", month, 4)
        hand_in(app, "flawed_document", "civil", month, 4)


# The long-pending ledger on 20 June 2021: cases in every band, one hidden by its deducted days.
@pytest.fixture
def pending_court(app, court_users, make_user, tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 6, 20)
    people = {
        **court_users(judge="civil.judge1", president="president"),
        "head": make_user("civil.head", Role.DIVISION_HEAD),  # a division head only, not also a judge
        **court_users(supervision="supervision", criminal="criminal.staff", office="office"),
    }
    rows = [
        pending_row(1, "2020-01-10"),                      # 17 months: 12–18
        pending_row(2, "2019-03-01"),                      # 27 months: 24+
        pending_row(3, "2020-05-01", 扣除审限天数="90"),     # 13 months, 10 after deductions: hidden
        pending_row(4, "2020-12-25"),                      # 普通程序 6 months: deadline 2021-06-25, close
        pending_row(5, "2020-11-01"),                      # deadline 2021-05-01: past its limit
        row(6, 立案日期="2020-10-01", 结案日期="2021-05-20", 审判程序="普通程序"),  # closed 49 days late
        row(7, 立案日期="2021-04-01", 结案日期="2021-05-10"),  # closed in time
    ]
    assert import_file(app, write_csv(tmp_path / "cases.csv", rows)).ok
    appoint_president(app, people["president"])
    return people


# Reversed and remanded cases appealed in 2021, with the people who handle their files.
@pytest.fixture
def reversal_court(app, court_users, tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 6, 20)
    people = {
        **court_users(judge="civil.judge1"),
        "head": account(app, "civil.head", "民事审判庭庭长", "civil", Role.DIVISION_HEAD, Role.JUDGE),
        **court_users(staff="civil.staff", office="office", committee="committee", supervision="supervision",
                      president="president", criminal="criminal.staff"),
    }
    rows = [appealed(1, "发回重审"), appealed(2, "改判"), row(3), appealed(4, "改判"), appealed(5, "变更裁定"),
            appealed(6, "维持")]
    assert import_file(app, write_csv(tmp_path / "cases.csv", rows)).ok
    return people


@pytest.fixture
def two_courts(app, runner, tmp_path):
    for name, code, court_name, campaign, cases, seed in (
            ("wuzhi.toml", "豫0823", "武陟县人民法院", "wuzhi-2021", 3000, 1),
            ("wenxian.toml", "豫0825", "温县人民法院", "wenxian-2021", 2000, 2)):
        for args in (["plan", "load", court_plan(tmp_path, name, code, court_name, campaign)],
                     ["demo", "cases", "--court", code, "--cases", str(cases), "--seed", str(seed),
                      "--as-of", "2021-12-15"],
                     ["indicators", "compute", "--court", code]):
            result = runner.invoke(args=args)
            assert result.exit_code == 0, (args, result.output)
    result = runner.invoke(args=["users", "create", "--court", "豫08", "--department", "trial-management",
                                 "--role", "office", "--username", "city.office", "--name", "市中院审管办",
                                 "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    with app.app_context():
        return {c.code: c.id for c in db.session.scalars(select(Court))}
