"""The office filters the dashboard by department: the grid changes in place and the URL can be shared."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.indicators import recompute_court
from app.models import Court, Role
from tests.case_files import write_csv
from tests.e2e.test_sign_in import sign_in
from tests.test_indicators import ROWS


def test_office_filters_by_department(page, live_server, make_user, app, tmp_path):
    from tests.test_case_import import import_file

    assert import_file(app, write_csv(tmp_path / "cases.csv", ROWS)).ok
    with app.app_context():
        recompute_court(db.session.scalar(select(Court.id)))
    make_user("office", Role.OFFICE, department="trial-management")
    sign_in(page, live_server, "office")

    page.get_by_label("统计期间").select_option("2021-05")
    expect(page).to_have_url(f"{live_server}/?period=2021-05&department=")
    card = page.locator("li.target", has_text="执行案件结案率")
    expect(card).to_contain_text("80.0%")

    page.get_by_label("部门").select_option(label="执行局")
    expect(page).to_have_url(__import__("re").compile(r"department=\d+"))
    expect(page.locator("li.target", has_text="简易程序适用率")).to_contain_text("—")
    expect(card).to_contain_text("4 / 5")
    shared = page.url
    page.goto(shared)  # a plain page load of the shared URL shows the same grid
    expect(page.locator("li.target", has_text="执行案件结案率")).to_contain_text("4 / 5")
