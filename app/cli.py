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
cases_cli = AppGroup("cases", help="Case data.")
indicators_cli = AppGroup("indicators", help="Quality and efficiency indicators.")
backup_cli = AppGroup("backup", help="Back up and restore the database and the files it points at.")
reports_cli = AppGroup("reports", help="Reports: monthly bulletin, quarterly analysis, year-end table, review.")
obligations_cli = AppGroup("obligations", help="The plan's duties: who owes what, by when, and whether it is done.")


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
@click.option("--court", "court_code", help="Court code (e.g. 豫0823, or an intermediate court's); default: the "
                                            "only court.")
@click.password_option()
def users_create(username: str, display_name: str, department_code: str, roles: tuple[str, ...],
                 court_code: str | None, password: str) -> None:
    """Create an account (e.g. the first administrator of a new installation)."""
    from app.accounts import AccountError, save_user

    court = _court(court_code)
    department = db.session.scalar(select(Department).where(Department.court_id == court.id,
                                                            Department.code == department_code))
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
    from app.demo.accounts import appoint_demo_posts, create_demo_users

    court = _court(None)
    accounts = create_demo_users(court, password)
    appointed = appoint_demo_posts(court)
    click.echo(f"Demo accounts (password: {password}); {appointed} posts of the campaign filled")
    for account in accounts:
        roles = ",".join(r.value for r in account.roles)
        click.echo(f"  {account.username:28} {account.department:10} {roles:22} {account.display_name}")


@demo_cli.command("cases")
@click.option("--year", default=2021, show_default=True, type=int)
@click.option("--cases", "count", default=12000, show_default=True, type=int)
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="The day the export is taken (default: AS_OF_DATE, else 31 December of the year).")
@click.option("--out", type=click.Path(dir_okay=False), help="Write a .csv or .xlsx file instead of importing.")
@click.option("--court", "court_code", help="Court code; default: the only court.")
def demo_cases(year: int, count: int, seed: int, as_of, out: str | None, court_code: str | None) -> None:
    """Generate a realistic year of cases and import it (or write it to --out)."""
    import csv
    import tempfile
    from datetime import UTC, date, datetime, time
    from pathlib import Path

    from app.demo.cases import generate_cases
    from app.importers import run_case_import, store_upload
    from app.importers.cases import HEADERS
    from app.xlsx import write_xlsx_file

    court = _court(court_code)
    day = as_of.date() if as_of else current_app.config.get("AS_OF_DATE") or date(year, 12, 31)
    names = {d.code: d.name_zh for d in court.departments}
    rows = generate_cases(court.code, names, year, count, seed, day)
    target = Path(out) if out else Path(tempfile.mkdtemp()) / f"demo-{year}-{count}-seed{seed}.csv"
    if target.suffix == ".xlsx":
        write_xlsx_file(str(target), list(HEADERS), rows)
    else:
        with open(target, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(HEADERS)
            writer.writerows(rows)
    if out:
        click.echo(f"wrote {count} cases to {target}")
        return
    with open(target, "rb") as stream:
        case_import = store_upload(stream, target.name, court, None, source="demo")
    target.unlink()
    outcome = run_case_import(case_import)
    if not outcome.ok:  # the generator must produce valid rows; say loudly if it did not
        for error in outcome.errors[:20]:
            click.echo(f"row {error.row}\t{error.column}\t{error.value}\t{error.reason}", err=True)
        sys.exit(1)
    # The demo's data stand as of its day, not of the moment the demo was built: reports print this cut-off.
    case_import.finished_at = datetime.combine(day, time(10), tzinfo=UTC)  # 18:00 in Beijing
    db.session.commit()
    click.echo(f"demo cases as of {day}: {outcome.created} new, {outcome.updated} updated, "
               f"{outcome.unchanged} unchanged")
    # The hearings held in those cases, through the hearing import (measure 11 draws from them).
    from app.demo.cases import generate_hearings
    from app.importers import hearings

    heard = Path(tempfile.mkdtemp()) / f"demo-hearings-{year}-seed{seed}.csv"
    with open(heard, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(hearings.HEADERS)
        writer.writerows(generate_hearings(court.id, seed, day))
    with open(heard, "rb") as stream:
        hearing_import = store_upload(stream, heard.name, court, None, source="demo", kind="hearings")
    heard.unlink()
    outcome = run_case_import(hearing_import)
    if not outcome.ok:
        for error in outcome.errors[:20]:
            click.echo(f"row {error.row}\t{error.column}\t{error.value}\t{error.reason}", err=True)
        sys.exit(1)
    hearing_import.finished_at = case_import.finished_at
    db.session.commit()
    click.echo(f"demo hearings: {outcome.created} new, {outcome.unchanged} unchanged")


@demo_cli.command("hand-ins")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="Fill the registers up to this day (default: AS_OF_DATE, else today).")
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--court", "court_code", help="Court code; default: the only court.")
def demo_hand_ins(as_of, seed: int, court_code: str | None) -> None:
    """Hand in, approve, select, publish and draw a campaign's documents and hearings (after `demo cases`)."""
    from app.campaign import today
    from app.demo.hand_ins import create_demo_hand_ins

    # Notifications link to pages: build them as a request would.
    with current_app.test_request_context("/"):
        counts = create_demo_hand_ins(_court(court_code), as_of.date() if as_of else today(), seed)
    if not counts:
        click.echo("the registers already hold items (or no campaign has started): nothing done")
        return
    click.echo(f"demo hand-ins: {counts['items']} items, {counts['published']} published, {counts['draws']} draws")


@demo_cli.command("reversals")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="Move the files along up to this day (default: AS_OF_DATE, else today).")
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--court", "court_code", help="Court code; default: the only court.")
def demo_reversals(as_of, seed: int, court_code: str | None) -> None:
    """Move the reversed-case files the demo import opened through reports, meetings and circulations."""
    import random

    from app.campaign import current_campaign, today
    from app.demo.reversals import progress_demo_files

    court = _court(court_code)
    campaign = current_campaign(court.id)
    if campaign is None:
        click.echo("no campaign: nothing done")
        return
    with current_app.test_request_context("/"):
        steps = progress_demo_files(campaign, as_of.date() if as_of else today(), random.Random(seed))  # nosec  # noqa: S311
    click.echo(f"demo reversed-case files: {steps} steps recorded" if steps else
               "demo reversed-case files: already moved along (or none to move): nothing done")


@demo_cli.command("reports")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="Publish what the office would have published by this day (default: AS_OF_DATE, else today).")
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--year-end/--no-year-end", default=True, show_default=True,
              help="Also score the departments and draft the year-end table, as on the first day of phase 3.")
@click.option("--court", "court_code", help="Court code; default: the only court.")
def demo_reports(as_of, seed: int, year_end: bool, court_code: str | None) -> None:
    """Publish the monthly bulletins and quarterly analyses so far, and draft the year-end table (after `demo
    reversals` and `indicators compute`). Published periods are left as they are."""
    import random
    import time

    from app.campaign import current_campaign, today
    from app.demo.reports import create_demo_reports

    court = _court(court_code)
    campaign = current_campaign(court.id)
    if campaign is None:
        click.echo("no campaign: nothing done")
        return
    rng = random.Random(seed)  # nosec  # noqa: S311 - demo data, reproducible by seed
    started = time.monotonic()
    with current_app.test_request_context("/"):  # reports render templates as a request would
        made = create_demo_reports(campaign, as_of.date() if as_of else today(), rng, year_end)
    if not made:
        click.echo("demo reports: already published (or none due yet): nothing done")
        return
    click.echo(f"demo reports: {made.published} published, {made.drafts} year-end draft "
               f"({time.monotonic() - started:.0f} s)")


@reports_cli.command("generate")
@click.argument("kind", type=click.Choice(["monthly", "quarterly", "year-end", "review"]))
@click.option("--period", required=True, help="The month, quarter or year, e.g. 2021-05, 2021Q2 or 2021.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="FILE.pdf or FILE.xlsx")
@click.option("--department", "department_code", help="A department's code for its own report (default: court-wide).")
@click.option("--court", "court_code", help="Court code; default: the only court.")
def reports_generate(kind: str, period: str, out: str, department_code: str | None, court_code: str | None) -> None:
    """Generate a report from the current figures into a file (nothing is stored or published)."""
    from pathlib import Path

    from app.campaign import current_campaign, today
    from app.indicators.periods import parse_period
    from app.models import Report
    from app.reports.service import KINDS, data_cutoff, render_pdf, render_xlsx, title

    court = _court(court_code)
    campaign = current_campaign(court.id)
    target = Path(out)
    if campaign is None or target.suffix not in (".pdf", ".xlsx"):
        click.echo("need a loaded plan and --out ending in .pdf or .xlsx", err=True)
        sys.exit(2)
    kind = kind.replace("-", "_")
    module = KINDS[kind]
    try:
        chosen = parse_period(period)
        if chosen.kind != module.PERIOD_KIND:
            raise ValueError(f"a {kind} report is made for a {module.PERIOD_KIND}, not {period!r}")
    except ValueError as error:
        click.echo(str(error), err=True)
        sys.exit(2)
    department = None
    if department_code:
        department = db.session.scalar(select(Department).where(Department.court_id == court.id,
                                                                Department.code == department_code))
        if department is None:
            click.echo(f"no department {department_code!r} in this court", err=True)
            sys.exit(2)
    report = Report(court_id=court.id, campaign_id=campaign.id, kind=kind, period=chosen.key, version=0,
                    status="draft", title=title(campaign, module, chosen.key, department), commentary={},
                    content=module.build(campaign, chosen, today(), department),
                    definition_version=campaign.definition_version, data_cutoff=data_cutoff(court.id))
    with current_app.test_request_context("/"):
        target.write_bytes(render_pdf(report) if target.suffix == ".pdf" else render_xlsx(report))
    click.echo(f"wrote {target}")


@backup_cli.command("create")
@click.argument("folder", type=click.Path(file_okay=False))
def backup_create(folder: str) -> None:
    """Write a consistent backup (database + attachments + published reports) into a new folder under FOLDER."""
    from pathlib import Path

    from app.backup import BackupError, create

    try:
        made = create(Path(folder))
    except BackupError as error:
        click.echo(f"backup failed: {error}", err=True)
        sys.exit(1)
    click.echo(f"backup written to {made}")


@backup_cli.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def backup_restore(folder: str, yes: bool) -> None:
    """Replace the database and files with a backup's (stop the web and worker processes first)."""
    from pathlib import Path

    from app.backup import BackupError, restore

    if not yes:
        click.confirm("This replaces every record and file with the backup's. Continue?", abort=True)
    try:
        restore(Path(folder))
    except BackupError as error:
        click.echo(f"restore failed: {error}", err=True)
        sys.exit(1)
    click.echo(f"restored from {folder}")


@cases_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--court", "court_code", help="Court code (e.g. 豫0823); default: the only court.")
@click.option("--hearings", is_flag=True, help="The file lists hearings held (案号, 开庭日期, 法庭, 承办人).")
@click.option("--profile", "profile_name", help="The import profile (column mapping saved on the import page) to "
                                                "place the file's columns by; default: one saved for the same "
                                                "headers, if any.")
def cases_import(path: str, court_code: str | None, hearings: bool, profile_name: str | None) -> None:
    """Import an .xlsx or .csv case export (or, with --hearings, the hearings held): all rows or, on any bad row,
    none (exit 1 and the list). A file with 案号 and only some columns updates those fields of registered
    cases."""
    import shutil
    from pathlib import Path

    from app.importers import UnreadableFile, profile_named, run_case_import, store_upload
    from app.models import ImportProfile

    court = _court(court_code)
    kind = "hearings" if hearings else "cases"
    profile = None
    if profile_name:
        profile = profile_named(court.id, kind, profile_name)
        if profile is None:
            names = db.session.scalars(select(ImportProfile.name).where(ImportProfile.court_id == court.id,
                                                                        ImportProfile.kind == kind)).all()
            click.echo(f"没有名为“{profile_name}”的导入方案 / no import profile of that name; "
                       f"已有 / saved: {'、'.join(names) or '-'}", err=True)
            sys.exit(1)
    try:
        with open(path, "rb") as stream:
            case_import = store_upload(stream, Path(path).name, court, None, source="cli", kind=kind)
    except UnreadableFile as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    if profile is not None:
        case_import.profile_id = profile.id
        db.session.commit()
    width = shutil.get_terminal_size().columns

    def progress(done: int, total: int, message: str) -> None:
        if sys.stderr.isatty():
            click.echo(f"\r{message}"[:width], nl=False, err=True)

    outcome = run_case_import(case_import, progress)
    if sys.stderr.isatty():
        click.echo("", err=True)
    if case_import.profile is not None:
        click.echo(f"导入方案 / profile: {case_import.profile.name}")
    if outcome.header_row > 1:
        click.echo(f"表头在第 {outcome.header_row} 行 / header on row {outcome.header_row}")
    if outcome.total_row:
        click.echo(f"第 {outcome.total_row} 行是合计行，未导入 / row {outcome.total_row} is a total row, left out")
    if outcome.ok:
        click.echo(f"{outcome.rows} rows: {outcome.created} new, {outcome.updated} updated, "
                   f"{outcome.unchanged} unchanged")
        for header, count in outcome.fields.items():
            click.echo(f"{header}: {count} 件")
        return
    click.echo(f"未导入任何数据 / nothing imported: {len(outcome.errors)} problems", err=True)
    for error in outcome.errors:
        click.echo(f"row {error.row}\t{error.column}\t{error.value}\t{error.reason}", err=True)
    if outcome.errors.unlisted:
        unlisted = outcome.errors.unlisted
        click.echo(f"另有 {unlisted} 条错误未列出 / {unlisted} more not listed:", err=True)
        for group in outcome.errors.grouped():
            click.echo(f"{group['column']}\t{group['reason']}\t{group['rows']}", err=True)
    sys.exit(1)


@indicators_cli.command("compute")
@click.option("--period", help="One period (2021-05, 2021Q2, 2021, 2021YTD05, 2021-03-16..2021-12-31); "
                               "default: every snapshot period of the campaign.")
@click.option("--court", "court_code", help="Court code; default: the only court.")
def indicators_compute(period: str | None, court_code: str | None) -> None:
    """Recompute and store the figures (all in one transaction: a failure keeps the old ones)."""
    from app.indicators import parse_period, recompute_court

    court = _court(court_code)
    try:
        periods = [parse_period(period)] if period else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--period") from None
    click.echo(f"stored {recompute_court(court.id, periods)} figures")


@indicators_cli.command("show")
@click.option("--period", required=True, help="2021-05, 2021Q2, 2021, 2021YTD05 or 2021-03-16..2021-12-31")
@click.option("--scope", default="court", show_default=True, help="court, dept:<name or code> or judge:<name>")
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--court", "court_code", help="Court code; default: the only court.")
def indicators_show(period: str, scope: str, output: str, court_code: str | None) -> None:
    """Print each figure with its numerator and denominator (stored snapshot, else computed now)."""
    import json

    from app.campaign import current_campaign
    from app.indicators import figures, parse_period
    from app.models import Department, Judge

    court = _court(court_code)
    campaign = current_campaign(court.id)
    try:
        chosen = parse_period(period)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--period") from None
    kind, _sep, name = scope.partition(":")
    if kind == "court":
        scope_kind, scope_id = "court", 0
    elif kind == "dept":
        department = db.session.scalar(select(Department).where(
            Department.court_id == court.id, (Department.name_zh == name) | (Department.code == name)))
        if department is None:
            raise click.BadParameter(f"unknown department {name!r}", param_hint="--scope")
        scope_kind, scope_id = "department", department.id
    elif kind == "judge":
        # judge:<name>, or judge:<department>/<name> when the name occurs in several departments
        department_name, _slash, judge_name = name.rpartition("/")
        query = select(Judge).join(Department).where(Judge.court_id == court.id, Judge.name == judge_name)
        if department_name:
            query = query.where((Department.name_zh == department_name) | (Department.code == department_name))
        judges = db.session.scalars(query).all()
        if len(judges) != 1:
            problem = "unknown judge" if not judges else "several judges of that name; use judge:<department>/<name>"
            raise click.BadParameter(f"{problem}: {name!r}", param_hint="--scope")
        scope_kind, scope_id = "judge", judges[0].id
    else:
        raise click.BadParameter("use court, dept:<name> or judge:<name>", param_hint="--scope")
    names = {i.code: i.name_zh for i in campaign.indicators}
    found = figures(campaign, chosen, scope_kind, scope_id)
    if output == "json":
        click.echo(json.dumps([{
            "indicator": f.indicator, "name": names[f.indicator], "period": chosen.key, "scope": scope,
            "numerator": f.numerator, "denominator": f.denominator, "value": f.value, "target": f.target,
            "band": f.band, "met": f.met} for f in found], ensure_ascii=False, indent=2))
        return
    click.echo(f"{campaign.name_zh} · {chosen.key} ({chosen.start}..{chosen.end}) · {scope}")
    for f in found:
        value = "—" if f.value is None else f"{f.value:.4f}"
        fraction = "" if f.numerator is None else f"{f.numerator:g} / {f.denominator:g}" if f.denominator else (
            f"{f.numerator:g} / 0")
        met = {True: "met", False: "not met", None: ""}[f.met]
        click.echo(f"{names[f.indicator]:<16}\t{value:>10}\t{fraction:<24}\t{f.band or '':<9}\t{met}")


@obligations_cli.command("show")
@click.option("--period", required=True, help="A month (with its quarter's duties), a quarter or a year: 2021-05, "
              "2021Q2, 2021.")
@click.option("--owner", help="A department's code, an account's username, or office, committee, supervision, leaders.")
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--court", "court_code", help="Court code; default: the only court.")
def obligations_show(period: str, owner: str | None, output: str, court_code: str | None) -> None:
    """Print the status of every duty in the period (as the console and "my work" show them)."""
    import json

    from app.campaign import current_campaign, today
    from app.indicators.periods import parse_period
    from app.obligations import evaluate, owner_label
    from app.obligations.console import in_month

    court = _court(court_code)
    campaign = current_campaign(court.id)
    if campaign is None:
        click.echo("请先加载计划文件 / load a plan first: flask plan load", err=True)
        sys.exit(1)
    try:
        chosen = parse_period(period)
        if chosen.kind not in ("month", "quarter", "year"):
            raise ValueError(f"use a month, a quarter or a year, not {period!r}")
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--period") from None
    keep = _owner_filter(court, owner)
    with current_app.test_request_context("/"):
        statuses = [s for s in evaluate(campaign, today())
                    if (in_month(s, chosen, today()) if chosen.kind == "month"
                        else chosen.start <= s.period.start and s.period.end <= chosen.end) and keep(s.owner)]
        rows = [{"duty": s.duty.code, "name": s.duty.name_zh, "measure": s.measure, "owner": owner_label(s.owner),
                 "period": s.period.key, "subject": s.subject, "due": s.due.isoformat() if s.due else None,
                 "state": str(s.state), "done_on": s.done_on.isoformat() if s.done_on else None,
                 "done": s.done_count, "required": s.required, "link": s.url} for s in statuses]
    if output == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['measure'] or '-':>2}  {row['name']:<24}\t{row['owner']:<12}\t{row['subject']:<26}\t"
                   f"{row['due'] or '—':<10}\t{row['state']:<9}\t{row['done']}/{row['required']}")


def _owner_filter(court: Court, owner: str | None):
    """--owner as a test on a status's owner: a department, an account (what it owes), or a court-level body."""
    from app.models import User
    from app.obligations import BODIES

    if not owner:
        return lambda _owner: True
    if owner in BODIES:
        role = BODIES[owner][0]
        return lambda o: o.court_wide and role in o.roles
    department = db.session.scalar(select(Department).where(Department.court_id == court.id,
                                                            Department.code == owner))
    if department is not None:
        return lambda o: o.department_id == department.id and not o.court_wide
    user = db.session.scalar(select(User).where(User.username == owner))
    if user is None or user.department.court_id != court.id:
        raise click.BadParameter(f"no department, account or body {owner!r} in this court", param_hint="--owner")
    return lambda o: o.includes(user)


def _court(code: str | None) -> Court:
    """The court named by --court, or the only one; with several courts and none named, nothing is guessed."""
    if code:
        court = db.session.scalar(select(Court).where(Court.code == code))
        if court is None:
            click.echo(f"未知法院 / unknown court {code}", err=True)
            sys.exit(1)
        return court
    courts = list(db.session.scalars(select(Court).order_by(Court.code)))
    if not courts:
        click.echo("请先加载计划文件 / load a plan first: flask plan load", err=True)
        sys.exit(1)
    if len(courts) > 1:
        click.echo("有多个法院，请用 --court 指明 / several courts: name one with --court ("
                   + ", ".join(c.code for c in courts) + ")", err=True)
        sys.exit(1)
    return courts[0]


def register(app: Flask) -> None:
    for group in (plan_cli, users_cli, demo_cli, cases_cli, indicators_cli, reports_cli, backup_cli,
                  obligations_cli):
        app.cli.add_command(group)
