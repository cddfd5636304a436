"""The case page (everything about one case), the links to it from every list, the drill-downs saying what they
list, and the ledger's filters, counts, day wording and requests started from a row."""

from __future__ import annotations

import io
import re
from datetime import date
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import Campaign, Case
from app.pending import supervision_queue, unsupported_days
from tests.case_files import row, write_csv
from tests.helpers import (
    PENDING,
    appoint_president,
    import_file,
    move,
    pending_row,
    post,
    request_extension,
    sign_in,
)

TODAY = date(2021, 6, 20)
NUMBER = "（2021）豫0823民初{}号"


def page_of(number: int) -> str:
    return f"/cases/n/{quote(NUMBER.format(number))}"


@pytest.fixture
def court(app, court_users, tmp_path):
    app.config["AS_OF_DATE"] = TODAY
    people = court_users(judge="civil.judge1", judge2="civil.judge2", president="president", staff="civil.staff",
                         criminal="criminal.staff", office="office")
    rows = [
        pending_row(1, "2020-01-10"),                          # long-pending, 17 months
        pending_row(4, "2020-12-25"),                          # deadline 2021-06-25: 5 days left
        pending_row(5, "2020-11-01"),                          # deadline 2021-05-01: 50 days overdue
        pending_row(9, "2020-11-02", 承办人="民事审判庭法官02"),   # deadline 2021-05-02, the other judge's
        # Closed, appealed, reversed at second instance, enforcement applied for.
        row(8, 结案方式="判决", 上诉日期="2021-05-01", 二审结果="改判", 二审结果日期="2021-06-10",
            申请执行日期="2021-06-01", 申请执行标的额="50000", 实际到位金额="20000"),
        # Deducted days: case 12's with no approved request behind them, case 13's covered by an approved 公告.
        row(12, 立案日期="2021-03-01", 结案日期="2021-06-01", 扣除审限天数="10"),
        pending_row(13, "2021-03-01", 扣除审限天数="20"),
        pending_row(11, "2021-01-05", 案号="（2021）豫0823刑初11号", 承办部门="刑事审判庭", 承办人="刑事审判庭法官01",
                    案由="盗窃罪"),
    ]
    assert import_file(app, write_csv(tmp_path / "cases.csv", rows)).ok
    appoint_president(app, people["president"])
    return people


def test_the_case_page_shows_each_part(app, client, court):
    # An extension requested by the judge and approved by the president.
    sign_in(client, "civil.judge1")
    item_id = request_extension(client, 4, 30)
    sign_in(client, "president")
    assert move(client, item_id, "approve", base=PENDING).status_code == 302
    sign_in(client, "civil.staff")
    html = client.get(page_of(4)).get_data(as_text=True)
    section = html[html.index('id="case-deadline"'):html.index('id="case-appeal"')]
    assert "延长审限" in section and "30" in section and "President" in section  # who approved it
    assert "2021-07-25" in section  # 2021-06-25 moved by 30 days
    assert "剩余 35 天" in section
    assert f"/items/{item_id}" in section

    html = client.get(page_of(8)).get_data(as_text=True)
    part = lambda start, end: html[html.index(f'id="{start}"'):html.index(f'id="{end}"')]  # noqa: E731
    assert "2021-03-05" in part("case-filing", "case-deadline") and "2021-04-20" in part("case-filing", "case-deadline")
    assert "2021-05-01" in part("case-appeal", "case-enforcement") and "改判" in part("case-appeal", "case-enforcement")
    enforcement = part("case-enforcement", "case-items")
    assert "2021-06-01" in enforcement and "50,000" in enforcement and "20,000" in enforcement
    with app.app_context():
        file_id = db.session.scalar(select(Case).where(Case.case_number == NUMBER.format(8))).id
    assert "/reversals/" in part("case-reversal", "case-hearings")
    indicators = html[html.index('id="case-indicators"'):]
    # Counted by the indicators' own conditions: appealed (numerator) and closed at first instance (denominator).
    assert "期内上诉、抗诉、期内申请再审（计入分子）" in indicators
    assert "一审及再审结案（分母）" in indicators
    assert "被改判、发回重审" in indicators
    assert file_id  # the case exists; its file is linked above


def test_the_case_page_lists_the_items_naming_the_case(app, client, court):
    sign_in(client, "civil.judge1")
    response = post(client, f"{PENDING}/items/new/resolution_plan", {
        "period": "2021-06", "case_number": NUMBER.format(1), "plan": "本月开庭", "timetable": "7月底前结案"})
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    item_id = int(re.search(r"/items/(\d+)", response.headers["Location"])[1])
    html = client.get(page_of(1)).get_data(as_text=True)
    items = html[html.index('id="case-items"'):html.index('id="case-reversal"')]
    assert f"/items/{item_id}" in items and "长期未结案件清理计划" in items
    # A draft is its department's: the office does not see it on the case page either (policy.may_see_item).
    sign_in(client, "office")
    html = client.get(page_of(1)).get_data(as_text=True)
    assert f"/items/{item_id}" not in html[html.index('id="case-items"'):html.index('id="case-reversal"')]


def test_a_case_out_of_reach_or_unknown_is_not_found(app, client, court):
    sign_in(client, "criminal.staff")
    response = client.get(page_of(4))
    assert response.status_code == 404 and "案件库中无此案" in response.get_data(as_text=True)
    assert client.get("/cases/n/" + quote("（2021）豫0823刑初11号")).status_code == 200
    # The case list agrees: the civil case is not listed for the criminal division.
    assert page_of(4) not in client.get("/cases/?q=" + quote(NUMBER.format(4))).get_data(as_text=True)
    sign_in(client, "office")
    assert client.get(page_of(4)).status_code == 200
    # A number written with half-width brackets is the same case; a number not in the data is a clear 404.
    assert client.get("/cases/n/" + quote("(2021)豫0823民初4号")).status_code == 200
    missing = client.get(page_of(777))
    assert missing.status_code == 404 and NUMBER.format(777) in missing.get_data(as_text=True)


def test_case_numbers_link_to_the_case_page(app, client, court):
    link = f'href="{page_of(5)}"'
    sign_in(client, "office")
    assert link in client.get(f"{PENDING}/ledger?tab=past").get_data(as_text=True)
    assert link in client.get("/cases/").get_data(as_text=True)
    reversed_link = f'href="{page_of(8)}"'
    with app.app_context():
        from app.models import ReversalFile

        file_id = db.session.scalar(select(ReversalFile.id))
    assert reversed_link in client.get(f"/reversals/{file_id}").get_data(as_text=True)
    drill = client.get("/indicators/first_instance_acceptance/cases?side=numerator&period=2021").get_data(as_text=True)
    assert reversed_link in drill
    sign_in(client, "civil.judge1")
    response = post(client, f"{PENDING}/items/new/resolution_plan", {
        "period": "2021-06", "case_number": NUMBER.format(5), "plan": "本月开庭", "timetable": "7月底前结案"})
    item_id = int(re.search(r"/items/(\d+)", response.headers["Location"])[1])
    assert link in client.get(f"{PENDING}/items/{item_id}").get_data(as_text=True)
    assert link in client.get(f"{PENDING}/items").get_data(as_text=True)


def test_drill_downs_say_what_they_list_and_show_why_each_case_counts(app, client, court):
    sign_in(client, "office")
    html = client.get("/indicators/first_instance_acceptance/cases?side=numerator&period=2021").get_data(as_text=True)
    assert "期内上诉、抗诉、期内申请再审（计入分子）" in html
    head = html[html.index("<thead>"):html.index("</thead>")]
    assert "上诉日期" in head  # the appeal date makes the case count
    assert "2021-05-01" in html
    html = client.get("/indicators/closed_within_limit/cases?side=denominator&period=2021").get_data(as_text=True)
    assert "诉讼及执行结案（分母）" in html
    head = html[html.index("<thead>"):html.index("</thead>")]
    assert "审限届满日" in head and "结案日期" in head


def test_the_tab_counts_agree_with_the_lists(app, client, court):
    """The counts of the queue and the unsupported days are counted by the database: the same cases as the lists."""
    sign_in(client, "civil.judge1")
    item_id = request_extension(client, 13, 0, request="公告")
    sign_in(client, "president")
    assert move(client, item_id, "approve", base=PENDING).status_code == 302
    sign_in(client, "office")
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        queue = supervision_queue(campaign, TODAY)
        unsupported = unsupported_days(campaign, TODAY)
        assert [r.case.case_number for r in unsupported] == [NUMBER.format(12)]  # 13's days are covered
        judge2 = [r for r in queue if r.case.judge.name == "民事审判庭法官02"]
    for query, queue_rows, unsupported_rows in (("", queue, unsupported), ("&q=" + quote("法官02"), judge2, [])):
        html = client.get(f"{PENDING}/ledger?tab=long{query}").get_data(as_text=True)
        assert tab_count(html, "待监察室处理") == len(queue_rows) > 0
        assert tab_count(html, "无审批的扣审延审") == len(unsupported_rows)
        html = client.get(f"{PENDING}/ledger?tab=queue{query}").get_data(as_text=True)
        assert tab_count(html, "待监察室处理") == len(queue_rows)


def tab_count(html: str, label: str) -> int:
    return int(re.search(label + r'[^<]*<span class="count">(\d+)</span>', html)[1])


def test_the_ledger_filters_searches_counts_and_says_days_in_words(app, client, court):
    sign_in(client, "office")
    html = client.get(f"{PENDING}/ledger?tab=past").get_data(as_text=True)
    assert "超期 50 天" in html and "-50" not in html
    assert tab_count(html, "超审限") == 4 and tab_count(html, "长期未结") == 1
    html = client.get(f"{PENDING}/ledger?tab=near").get_data(as_text=True)
    assert "剩余 5 天" in html
    # Search by judge, by case number; filter by department (the criminal division has one case past its limit).
    html = client.get(f"{PENDING}/ledger?tab=past&q=" + quote("法官02")).get_data(as_text=True)
    assert page_of(9) in html and page_of(5) not in html and tab_count(html, "超审限") == 1
    html = client.get(f"{PENDING}/ledger?tab=past&q=" + quote(NUMBER.format(5))).get_data(as_text=True)
    assert page_of(5) in html and page_of(9) not in html
    with app.app_context():
        from app.models import Department

        criminal = db.session.scalar(select(Department.id).where(Department.code == "criminal"))
    html = client.get(f"{PENDING}/ledger?tab=past&department={criminal}").get_data(as_text=True)
    assert page_of(5) not in html and "刑初11号" in html and tab_count(html, "超审限") == 1
    # The export holds what the filtered page shows, and its title says how it was narrowed.
    assert f"ledger.xlsx?tab=past&amp;department={criminal}" in html
    sheet = load_workbook(io.BytesIO(client.get(f"{PENDING}/ledger.xlsx?tab=past&department={criminal}").data)).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True) if row[0] and "号" in str(row[0])]
    assert numbers and all("刑初" in n for n in numbers) and "刑事审判庭" in sheet["A1"].value
    # The filter keeps to the user's reach: a civil staff member asking for the criminal division sees nothing.
    sign_in(client, "civil.staff")
    html = client.get(f"{PENDING}/ledger?tab=long&department={criminal}").get_data(as_text=True)
    assert tab_count(html, "长期未结") == 0


def test_a_judge_starts_a_request_from_a_ledger_row_with_the_case_filled_in(app, client, court):
    sign_in(client, "civil.judge1")
    html = client.get(f"{PENDING}/ledger?tab=near").get_data(as_text=True)
    url = f"{PENDING}/items/new/approval_request?case={quote(NUMBER.format(4))}"
    assert url in html.replace("&amp;", "&")
    form = client.get(url).get_data(as_text=True)
    assert re.search(r'name="case_number"[^>]*value="' + re.escape(NUMBER.format(4)) + '"', form)
    # The case page offers it too, to the judge of the pending case only.
    assert url in client.get(page_of(4)).get_data(as_text=True).replace("&amp;", "&")
    sign_in(client, "civil.judge2")
    assert "/items/new/approval_request" not in client.get(page_of(4)).get_data(as_text=True)
    # The office hands in no approval request: no such link on its ledger.
    sign_in(client, "office")
    assert "/items/new/approval_request" not in client.get(f"{PENDING}/ledger?tab=near").get_data(as_text=True)
