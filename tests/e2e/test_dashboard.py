"""The office filters the dashboard by department: the grid changes in place and the URL can be shared."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.indicators import recompute_court
from app.models import Court, Role
from tests.case_files import ROWS, write_csv
from tests.e2e.helpers import sign_in
from tests.helpers import import_file


def office_with_may_figures(page, live_server, make_user, app, tmp_path) -> None:

    assert import_file(app, write_csv(tmp_path / "cases.csv", ROWS)).ok
    with app.app_context():
        recompute_court(db.session.scalar(select(Court.id)))
    make_user("office", Role.OFFICE, department="trial-management")
    sign_in(page, live_server, "office")


def test_office_filters_by_department(page, live_server, make_user, app, tmp_path):
    office_with_may_figures(page, live_server, make_user, app, tmp_path)

    page.get_by_label("统计期间").select_option("2021-05")
    expect(page).to_have_url(f"{live_server}/?period=2021-05&department=")
    card = page.locator("li.target", has_text="执行案件结案率")
    expect(card).to_contain_text("80.0%")

    page.get_by_label("部门").select_option(label="执行局")
    expect(page).to_have_url(re.compile(r"department=\d+"))
    expect(page.locator("li.target", has_text="简易程序适用率")).to_contain_text("—")
    expect(card).to_contain_text("4 / 5")
    shared = page.url
    page.goto(shared)  # a plain page load of the shared URL shows the same grid
    expect(page.locator("li.target", has_text="执行案件结案率")).to_contain_text("4 / 5")


def test_office_opens_the_cases_behind_a_figure(page, live_server, make_user, app, tmp_path):
    office_with_may_figures(page, live_server, make_user, app, tmp_path)
    page.goto(f"{live_server}/?period=2021-05")
    page.get_by_role("link", name="执行案件结案率").click()
    expect(page.get_by_role("heading", name=re.compile("执行案件结案率"))).to_be_visible()
    page.get_by_role("link", name="5", exact=True).click()  # the denominator
    expect(page.get_by_role("heading", name=re.compile("分母"))).to_be_visible()
    rows = page.locator("table.cases tbody tr")
    expect(rows).to_have_count(5)
    expect(page.locator("table.cases")).to_contain_text("（2020）豫0823执3号")
    page.get_by_role("link", name=re.compile("结案日期")).click()  # sort, swapped in place
    expect(page).to_have_url(re.compile("sort=closed_on"))
    expect(rows).to_have_count(5)
