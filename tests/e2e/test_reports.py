"""The office generates the monthly bulletin, writes the commentary, publishes it and downloads the PDF."""

from __future__ import annotations

import re
import subprocess
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.indicators import recompute_court
from app.models import Court, Role
from tests.case_files import ROWS, write_csv
from tests.e2e.helpers import sign_in
from tests.helpers import import_file


def test_the_office_publishes_the_monthly_bulletin(page, live_server, make_user, app, rq_worker, tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 6, 5)
    make_user("office", Role.OFFICE, department="trial-management")
    assert import_file(app, write_csv(tmp_path / "may.csv", ROWS)).ok
    with app.app_context():
        recompute_court(db.session.scalar(select(Court.id)))

    sign_in(page, live_server, "office")
    page.get_by_role("link", name="报告", exact=True).click()
    bulletin = page.locator("form", has=page.get_by_label("生成月度通报"))
    bulletin.get_by_label("生成月度通报").select_option("2021-05")
    bulletin.get_by_role("button", name="生成", exact=True).click()
    page.get_by_role("link", name="打开填写意见并公布").click(timeout=30_000)
    expect(page.locator(".document-preview")).to_contain_text("十二项具体目标")
    page.get_by_label("存在问题").fill("执行案件结案率低于目标。")
    page.get_by_label("意见建议").fill("执行局加强终本审核。")
    page.get_by_role("button", name="保存意见").click()
    expect(page.locator(".document-preview")).to_contain_text("执行案件结案率低于目标。")
    # The divisions' consultation window has just opened: publishing now needs the office's reason.
    page.get_by_label("现在公布的理由").fill("各部门已电话确认数据无误。")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="公布", exact=True).click()
    expect(page.locator("#flash")).to_contain_text("已公布")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 PDF").click()
    path = tmp_path / "bulletin.pdf"
    download.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "执行局加强终本审核" in text
    assert re.search(r"第\s*1\s*页\s*共\s*\d+\s*页", text)
