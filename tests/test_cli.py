"""Command-line setup: demo accounts and creating the first administrator."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Role, User
from tests.helpers import sign_in


def test_demo_users_are_created_once_per_role_and_can_sign_in(runner, app, plan, client):
    result = runner.invoke(args=["demo", "users", "--password", "demo-pass-1"])
    assert result.exit_code == 0, result.output
    assert "demo-pass-1" in result.output
    assert "civil.head" in result.output
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(User))
        office = db.session.scalar(select(User).where(User.username == "office"))
        assert office.roles == {Role.OFFICE}
        assert office.department.name_zh == "审管办"
        head = db.session.scalar(select(User).where(User.username == "civil.head"))
        assert head.roles == {Role.DIVISION_HEAD, Role.JUDGE}
    again = runner.invoke(args=["demo", "users", "--password", "demo-pass-1"])
    assert again.exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == total
    assert sign_in(client, "office", "demo-pass-1").status_code == 302


def test_demo_users_need_a_plan(runner):
    result = runner.invoke(args=["demo", "users"])
    assert result.exit_code == 1
    assert "flask plan load" in result.output


def test_create_first_administrator(runner, app, plan):
    result = runner.invoke(args=["users", "create", "--username", "root", "--name", "管理员",
                                 "--department", "trial-management", "--role", "admin",
                                 "--password", "a-long-password"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "root")).roles == {Role.ADMIN}
