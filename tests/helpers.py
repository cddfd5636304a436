"""Helpers the test modules share: signing in, importing case files, handing in register items, acting on
reversed-case files, reading reports. Fixtures built from them live in tests/conftest.py; no test module imports
another test module (tests/test_layout.py checks it)."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from rq import SimpleWorker
from sqlalchemy import func, select

from app import tasks
from app.directory import appoint
from app.extensions import db
from app.importers import run_case_import, store_upload
from app.indicators import recompute_court
from app.indicators.periods import parse_period
from app.models import Campaign, Case, Court, Department, RegisterItem, Report, ReversalFile, Role, User
from app.reports.service import generate
from tests.case_files import ROWS, row, write_csv, write_export

PLAN_FILE = Path(__file__).resolve().parent.parent / "plans" / "wuzhi-2021.toml"
PASSWORD = "correct-horse-9"

# ---------------------------------------------------------------------- signing in

CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str = "/auth/login") -> str:
    html = client.get(url).get_data(as_text=True)
    match = CSRF_INPUT.search(html) or re.search(r'"X-CSRFToken": "([^"]+)"', html)
    assert match, f"no CSRF token on {url}"
    return next(g for g in match.groups() if g)


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD):
    """Sign out whoever is signed in, then sign in as ``username``."""
    if client.get("/auth/login").status_code == 302:
        client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/")})
    token = csrf_token(client)
    return client.post("/auth/login", data={"username": username, "password": password, "csrf_token": token})


# -------------------------------------------------- importing case files

def import_file(app, path, progress=None, kind: str = "cases"):
    """Import through the same path as the job and the CLI; returns the outcome."""
    with app.app_context():
        court = db.session.scalar(select(Court))
        with open(path, "rb") as stream:
            case_import = store_upload(stream, path.name, court, None, source="cli", kind=kind)
        return run_case_import(case_import, progress)


def case_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Case))


def get_case(app, number: str) -> Case:
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.case_number == number))
        db.session.expunge(case)
        return case


def run_worker(app) -> None:
    with app.app_context():
        queue = tasks.get_queue()
        SimpleWorker([queue], connection=queue.connection).work(burst=True)


def upload(client, path, name=None, kind: str = "cases"):
    token = csrf_token(client, "/cases/import")
    with open(path, "rb") as f:
        return client.post("/cases/import", data={"file": (f, name or path.name), "kind": kind},
                           headers={"HX-Request": "true", "X-CSRFToken": token},
                           content_type="multipart/form-data")


# -------------------------------------------------------- register items

DOCS = "/measures/document-review"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def post(client, url: str, data: dict | None = None, **kwargs):
    return client.post(url, data={"csrf_token": csrf_token(client, "/"), **(data or {})}, **kwargs)


def document(client, kind: str = "excellent_document", number: int = 101, period: str = "2021-05") -> int:
    response = post(client, f"{DOCS}/items/new/{kind}", {
        "period": period, "case_number": f"（2021）豫0823民初{number}号", "judge": "Civil.Judge",
        "reasons": "说理充分", "score": "92", "case_missing_reason": "该案数据尚未导入",
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/items/(\d+)", response.headers["Location"])[1])


def attach(client, item_id: int, content: bytes = PDF, name: str = "判决书.pdf", base: str = DOCS):
    return post(client, f"{base}/items/{item_id}/attachments", {"file": (io.BytesIO(content), name)},
                content_type="multipart/form-data")


def move(client, item_id: int, action: str, reason: str = "", base: str = DOCS):
    with client.application.app_context():
        version = db.session.get(RegisterItem, item_id).version
    return post(client, f"{base}/items/{item_id}/move", {"action": action, "version": version, "reason": reason})


def status_of(app, item_id: int) -> str:
    with app.app_context():
        return db.session.get(RegisterItem, item_id).status


def handed_in_document(app, client, people, number: int, kind: str = "excellent_document") -> int:
    """A document the civil division's liaison hands in and its head approves."""
    sign_in(client, "civil.staff")
    item_id = document(client, kind, number)
    assert attach(client, item_id).status_code == 302
    assert move(client, item_id, "submit").status_code == 302
    sign_in(client, "civil.head")
    assert move(client, item_id, "approve").status_code == 302
    assert status_of(app, item_id) == "approved"
    return item_id


def hand_in(app, kind: str, department: str, period: str, count: int, *, author: int | None = None,
            status: str = "approved", late: bool = False) -> None:
    """Items handed in (and by default approved: what a quota counts) on the period's last day, or, when ``late``,
    a week after it."""
    handed = parse_period(period).end + timedelta(days=7 if late else 0)
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        dept = db.session.scalar(select(Department).where(Department.code == department))
        measure = next(m.code for m in campaign.measures if any(
            k["code"] == kind for entry in campaign.document["measures"] if entry["code"] == m.code
            for k in entry.get("item_kinds", [])))
        for n in range(count):
            db.session.add(RegisterItem(court_id=campaign.court_id, campaign_id=campaign.id, measure_code=measure,
                                        kind=kind, department_id=dept.id, author_id=author, period=period,
                                        status=status, late=late, case_number=f"（2021）豫0823民初{n + 1}号",
                                        values={}, submitted_at=None if status == "draft" else
                                        datetime.combine(handed, time(9), UTC)))
        db.session.commit()


# ---------------------------------------------------- long-pending cases

PENDING = "/measures/long-pending-cases"


def pending_row(number: int, filed: str, **values) -> dict:
    return row(number, 立案日期=filed, 结案日期="", 结案方式="", 生效日期="", 审判程序="普通程序", **values)


def request_extension(client, number: int, days: int, request: str = "延长审限") -> int:
    response = post(client, f"{PENDING}/items/new/approval_request", {
        "period": "2021-06", "case_number": f"（2021）豫0823民初{number}号", "request": request, "days": str(days),
        "reasons": "需要补充鉴定"})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    item_id = int(re.search(r"/items/(\d+)", response.headers["Location"])[1])
    assert move(client, item_id, "submit", base=PENDING).status_code == 302
    return item_id


def appoint_president(app: Flask, user_id: int) -> None:
    """Give the account the president's post in the directory (the plan's group_leader): the president's approvals
    are his alone."""
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        user = db.session.get(User, user_id)
        appoint(campaign, "group_leader", user, user)


# -------------------------------------------------------- reversed cases

REMANDED = "（2021）豫0823民初1号"
REVERSED = "（2021）豫0823民初2号"
ERRONEOUS = "（2021）豫0823民初4号"
NEW_EVIDENCE = "（2021）豫0823民初5号"


def account(app, username: str, display_name: str, department: str, *roles: Role) -> int:
    with app.app_context():
        user = User(username=username, display_name=display_name,
                    department=db.session.scalar(select(Department).where(Department.code == department)))
        user.roles = list(roles)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user.id


def appealed(number: int, result: str, on: str = "2021-06-10") -> dict:
    return row(number, 结案方式="判决", 上诉日期="2021-05-01", 二审结果=result, 二审结果日期=on)


def file_id(app, case_number: str) -> int:
    with app.app_context():
        return db.session.scalar(select(ReversalFile.id).join(ReversalFile.case).where(
            ReversalFile.case.property.mapper.class_.case_number == case_number))


def state(app, case_number: str) -> str:
    with app.app_context():
        return db.session.get(ReversalFile, file_id(app, case_number)).state


def act(client, app, case_number: str, action: str, **values):
    the_id = file_id(app, case_number)
    with app.app_context():
        version = db.session.get(ReversalFile, the_id).version
    return post(client, f"/reversals/{the_id}/{action}", {"version": version, **values})


# --------------------------------------------- reports and the dashboard

def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def row_version(app, report_id: int) -> int:
    """What the commentary form carries: the version of the report the page was rendered from."""
    with app.app_context():
        return db.session.get(Report, report_id).row_version


def new_bulletin(app, username: str = "office") -> int:
    with app.app_context(), app.test_request_context("/"):
        from app.models import User

        user = db.session.scalar(select(User).where(User.username == username))
        return generate(db.session.scalar(select(Campaign)), "monthly", "2021-05", user, date(2021, 6, 5)).id



def prepare(app, tmp_path):
    assert import_file(app, write_csv(tmp_path / "cases.csv", ROWS)).ok
    with app.app_context():
        recompute_court(db.session.scalar(select(Court.id)))


def department_id(app, code: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Department.id).where(Department.code == code))


# ------------------------------------------------------- foreign exports

TITLE = "武陟县人民法院案件信息表"


def values(headers: tuple[str, ...], record: dict, names: dict[str, str] | None = None) -> list:
    """The cells of ``record`` (keyed by our headers) under a file's ``headers`` (``names``: theirs → ours)."""
    names = names or {}
    return [record.get(names.get(h, h), "") for h in headers]


# A foreign export: a title, its own headers, a column of ours under a name no synonym knows.
FOREIGN = ("序号", "案件编号", "案件名称", "办案部门", "经办人", "适用程序类型", "收结状态", "登记日期", "审结时间",
           "结案类型", "生效时间")
FOREIGN_MAPPING = {"案件编号": "案号", "办案部门": "承办部门", "经办人": "承办人", "适用程序类型": "审判程序",
                   "登记日期": "立案日期", "审结时间": "结案日期", "结案类型": "结案方式", "生效时间": "生效日期"}


def foreign_rows(*records: dict) -> list[list]:
    ours = {theirs: ours for theirs, ours in FOREIGN_MAPPING.items()}
    return [[n, *values(FOREIGN[1:], {**r, "案件名称": "借款", "收结状态": "已结"}, ours)]
            for n, r in enumerate(records, start=1)]


def write_foreign(tmp_path: Path, name: str, *records: dict) -> Path:
    return write_export(tmp_path / name, FOREIGN, foreign_rows(*records), title=TITLE)


# -------------------------------------------------------- the assessment

def open_assessment(app, client):
    app.config["AS_OF_DATE"] = date(2022, 1, 5)
    sign_in(client, "office")
    assert post(client, "/phases/assessment/open").status_code == 302


# -------------------------------------------------------- several courts

PARENT = '''
[court.parent]
code = "豫08"
name_zh = "焦作市中级人民法院"
name_en = "Jiaozuo Intermediate People's Court"

[[court.parent.departments]]
code = "trial-management"
name_zh = "审判管理办公室"
name_en = "Trial Management Office"
kind = "office"
'''


def court_plan(tmp_path, name: str, court_code: str, court_name: str, campaign_code: str, parent: bool = True) -> str:
    text = PLAN_FILE.read_text(encoding="utf-8")
    text = text.replace('code = "豫0823"', f'code = "{court_code}"', 1).replace(
        'name_zh = "武陟县人民法院"', f'name_zh = "{court_name}"', 1).replace(
        'code = "wuzhi-2021"', f'code = "{campaign_code}"', 1)
    if parent:
        text = text.replace("\n[campaign]", PARENT + "\n[campaign]", 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)
