"""Command-line entry points: `flask plan ...`, `flask users ...`, `flask demo ...`."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.extensions import db
from app.models import Court, Department, Role

plan_cli = AppGroup("plan", help="Load and check the campaign plan file.")
users_cli = AppGroup("users", help="Manage accounts from the command line.")
demo_cli = AppGroup("demo", help="Demo data for trying the app.")


@plan_cli.command("load")
@click.argument("path", required=False)
def plan_load(path: str | None) -> None:
    """Validate the plan file at PATH (default: PLAN_FILE) and load it. Loading it twice changes nothing."""
    from app.plans import PlanError, load_plan_file

    path = path or current_app.config["PLAN_FILE"]
    try:
        result = load_plan_file(path)
    except PlanError as error:
        click.echo(f"计划文件有误，未做任何更改 / The plan file is invalid; nothing was changed.\n{error}", err=True)
        sys.exit(1)
    state = "已加载 / loaded" if result.changed else "未变化 / unchanged"
    click.echo(f"{result.campaign_code}: {state}")


@plan_cli.command("check")
@click.argument("path")
def plan_check(path: str) -> None:
    """Validate the plan file at PATH without loading it."""
    from app.plans import PlanError, read_plan_file

    try:
        spec, _sha = read_plan_file(path)
    except PlanError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(f"{spec.campaign.code}: OK")


@users_cli.command("create")
@click.option("--username", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--department", "department_code", required=True, help="Department code from the plan file.")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role]))
@click.password_option()
def users_create(username: str, display_name: str, department_code: str, roles: tuple[str, ...],
                 password: str) -> None:
    """Create an account (e.g. the first administrator of a new installation)."""
    from app.accounts import AccountError, save_user

    department = db.session.scalar(select(Department).where(Department.code == department_code))
    if department is None:
        click.echo(f"未知部门 / unknown department: {department_code}", err=True)
        sys.exit(1)
    try:
        save_user(None, username=username, display_name=display_name, department_id=department.id,
                  roles=list(roles), password=password, court_id=department.court_id)
    except AccountError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(f"created {username}")


@demo_cli.command("users")
@click.option("--password", default="demo-2021", show_default=True, help="Password for every demo account.")
def demo_users(password: str) -> None:
    """Create demo accounts for every department of the loaded plan's court and print them."""
    from app.demo import create_demo_users

    court = db.session.scalar(select(Court).order_by(Court.id))
    if court is None:
        click.echo("请先加载计划文件 / load a plan first: flask plan load", err=True)
        sys.exit(1)
    accounts = create_demo_users(court, password)
    click.echo(f"Demo accounts (password: {password})")
    for account in accounts:
        roles = ",".join(r.value for r in account.roles)
        click.echo(f"  {account.username:28} {account.department:10} {roles:22} {account.display_name}")


def register(app: Flask) -> None:
    for group in (plan_cli, users_cli, demo_cli):
        app.cli.add_command(group)
