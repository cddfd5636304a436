"""Issue 18's leaks: each list agrees with the page it leads to (app/policy.py decides both).

- the audit trail shows a reader only the entries about what he may see (not another department's drafts);
- a judge's case list, case search and case pages are his own cases, as his ledger and figures are;
- whoever may see a reversed-case file may open its case;
- measure 13's figures page shows a division its own figures, as measure 10's and the dashboard do.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.indicators import recompute_court
from app.models import Court, Role
from tests.case_files import row, write_csv
from tests.helpers import (
    DOCS,
    account,
    act,
    appealed,
    attach,
    document,
    file_id,
    import_file,
    move,
    new_bulletin,
    post,
    row_version,
    sign_in,
)

# ---------------------------------------------------------------- the audit trail


def _trail(client, query: str = "object=register_item") -> str:
    """The trail as its reader sees it, page and export together."""
    page = client.get(f"/audit/?{query}")
    assert page.status_code == 200
    workbook = load_workbook(io.BytesIO(client.get(f"/audit/export.xlsx?{query}").data))
    cells = " ".join(str(c) for r in workbook.active.iter_rows(values_only=True) for c in r if c is not None)
    return page.get_data(as_text=True) + cells


@pytest.mark.usefixtures("people")  # civil staff, head and judge, the office, criminal staff (tests/test_register.py)
def test_the_audit_trail_shows_no_reader_another_departments_drafts(app, client, make_user):
    make_user("admin", Role.ADMIN, department="trial-management")
    make_user("president", Role.LEADER, department="leadership")
    make_user("supervision", Role.SUPERVISION, department="supervision")
    sign_in(client, "civil.staff")
    kept, dropped = document(client, number=101), document(client, number=102)
    assert attach(client, kept).status_code == 302
    assert post(client, f"{DOCS}/items/{dropped}/delete").status_code == 302
    readers = ("supervision", "president", "office", "admin")
    for reader in readers:
        sign_in(client, reader)
        assert client.get(f"{DOCS}/items/{kept}").status_code == 404  # the page says: not for you
        trail = _trail(client, "object=register_item&action=item.create")
        assert "民初101号" not in trail and "说理充分" not in trail, reader
        trail = _trail(client)
        assert "民初101号" not in trail and "判决书.pdf" not in trail, reader
        assert "民初102号" not in trail, reader  # a deleted draft stays its department's
        assert "civil.staff" in _trail(client, "object=user"), reader  # entries of other kinds are all there
    # Handed in, the draft's whole history is the reviewers' (the court-wide roles that follow the registers),
    # as its page is; the supervision office follows no register: neither page nor entries.
    sign_in(client, "civil.staff")
    assert move(client, kept, "submit").status_code == 302
    for reader in readers:
        sign_in(client, reader)
        seen = client.get(f"{DOCS}/items/{kept}").status_code == 200
        assert seen == (reader != "supervision"), reader
        trail = _trail(client, "object=register_item&action=item.create")
        assert ("民初101号" in trail and "说理充分" in trail) == seen, reader


@pytest.mark.usefixtures("may")  # the office, civil staff and May's figures (tests/test_reports.py)
def test_the_audit_trail_shows_a_draft_reports_commentary_to_the_office_only(app, client, make_user):
    """A draft report is the office's (its page is 404 to the others): so are the entries about it."""
    make_user("president", Role.LEADER, department="leadership")
    report_id = new_bulletin(app)
    sign_in(client, "office")
    post(client, f"/reports/{report_id}/commentary", {"findings": "审限内结案率回升",
                                                     "row_version": row_version(app, report_id)})
    assert "审限内结案率回升" in _trail(client, "object=report")
    sign_in(client, "president")
    assert client.get(f"/reports/{report_id}").status_code == 404
    assert "审限内结案率回升" not in _trail(client, "object=report")


# ---------------------------------------------------------------- a judge's cases


def pending_row(number: int, **values) -> dict:
    return row(number, 立案日期="2020-01-10", 结案日期="", 结案方式="", 生效日期="", 审判程序="普通程序", **values)


@pytest.fixture
def judges(app, make_user, tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 6, 20)
    account(app, "civil.judge1", "民事审判庭法官01", "civil", Role.JUDGE)
    account(app, "civil.judge2", "民事审判庭法官02", "civil", Role.JUDGE)
    make_user("civil.head", Role.DIVISION_HEAD)
    rows = [pending_row(1), pending_row(30, 承办人="民事审判庭法官02")]
    assert import_file(app, write_csv(tmp_path / "cases.csv", rows)).ok


def listed(client, url: str) -> list[str]:
    """The case numbers a case list shows (links to the case pages)."""
    return re.findall(r'class="case-link" href="[^"]+">([^<]+)<', client.get(url).get_data(as_text=True))


def test_a_judge_lists_searches_and_opens_his_own_cases_only(app, client, judges):
    """As in his ledger and figures: a colleague's case is in neither his list, his search nor his reach."""
    sign_in(client, "civil.judge1")
    assert listed(client, "/cases/?state=pending") == ["（2021）豫0823民初1号"]
    for term in ("民初30", "（2021）豫0823民初30号", "民间借贷", "民"):  # by the index, by number, by walking
        assert "（2021）豫0823民初30号" not in listed(client, f"/cases/?q={term}"), term
    assert listed(client, "/cases/?q=民间借贷") == ["（2021）豫0823民初1号"]
    assert client.get("/cases/n/（2021）豫0823民初30号").status_code == 404
    assert client.get("/cases/n/（2021）豫0823民初1号").status_code == 200
    # The colleague sees his; the division head the division's.
    sign_in(client, "civil.judge2")
    assert client.get("/cases/n/（2021）豫0823民初30号").status_code == 200
    sign_in(client, "civil.head")
    assert sorted(listed(client, "/cases/?state=pending")) == ["（2021）豫0823民初1号", "（2021）豫0823民初30号"]


# ---------------------------------------------------------------- a reversed-case file's case


def test_whoever_may_see_a_reversed_case_file_may_open_its_case(app, client, make_user, tmp_path):
    app.config["AS_OF_DATE"] = date(2021, 6, 20)
    account(app, "civil.judge2", "民事审判庭法官02", "civil", Role.JUDGE)
    make_user("office", Role.OFFICE, department="trial-management")
    outsider = account(app, "criminal.head", "刑事审判庭庭长", "criminal", Role.DIVISION_HEAD)
    make_user("criminal.staff", Role.STAFF, department="criminal")
    reversed_ = "（2021）豫0823民初2号"
    assert import_file(app, write_csv(tmp_path / "cases.csv", [appealed(2, "改判")])).ok
    sign_in(client, "office")
    assert act(client, app, reversed_, "supervisor", supervisor_id=outsider).status_code == 302
    the_file = file_id(app, reversed_)
    # The case supervisor from another division opens the file and, from it, the case; it is in his case list.
    sign_in(client, "criminal.head")
    assert client.get(f"/reversals/{the_file}").status_code == 200
    assert client.get(f"/cases/n/{reversed_}").status_code == 200
    assert listed(client, "/cases/") == [reversed_]
    assert listed(client, "/cases/?q=民初2") == [reversed_]
    # A judge of the division sees its files, and so their cases, though not his own.
    sign_in(client, "civil.judge2")
    assert client.get(f"/reversals/{the_file}").status_code == 200
    assert client.get(f"/cases/n/{reversed_}").status_code == 200
    # Nobody else of the other division.
    sign_in(client, "criminal.staff")
    assert client.get(f"/reversals/{the_file}").status_code == 404
    assert client.get(f"/cases/n/{reversed_}").status_code == 404
    assert listed(client, "/cases/") == []


# ---------------------------------------------------------------- the measures' division figures


def _enforcement(number: int) -> dict:
    return row(number, 案号=f"（2021）豫0823执{number}号", 案由="", 承办部门="执行局", 承办人="执行局法官01",
               审判程序="", 立案日期="2021-03-01", 结案日期="2021-05-15", 结案方式="执行完毕", 有给付内容="")


@pytest.mark.parametrize("url, division", [
    ("/measures/enforcement-quality/figures?period=2021-05", "执行局"),
    ("/measures/triage-fast-track/figures?period=2021-05", "民事审判庭"),
])
def test_a_division_sees_only_its_own_figures_on_the_measures_pages(app, client, make_user, tmp_path, url, division):
    """Measures 10 and 13 alike (one helper), as on the dashboard: staff see their own division's row, the court-wide
    roles every division's."""
    app.config["AS_OF_DATE"] = date(2021, 6, 10)
    make_user("office", Role.OFFICE, department="trial-management")
    make_user("criminal.staff", Role.STAFF, department="criminal")
    make_user("civil.staff", Role.STAFF)
    make_user("enforcement.staff", Role.STAFF, department="enforcement")
    rows = [_enforcement(n) for n in range(1, 5)] + [
        row(n, 立案日期="2021-03-01", 结案日期="2021-05-10", 结案方式="判决", 生效日期="") for n in range(1, 5)]
    assert import_file(app, write_csv(tmp_path / "cases.csv", rows)).ok
    with app.app_context():
        recompute_court(db.session.scalar(select(Court.id)))

    def division_rows(username: str) -> str:
        sign_in(client, username)
        page = client.get(url).get_data(as_text=True)
        return page.split("<main", 1)[-1]

    assert f"<td>{division}</td>" in division_rows("office")
    assert f"<td>{division}</td>" not in division_rows("criminal.staff")
    own = "enforcement.staff" if division == "执行局" else "civil.staff"
    assert f"<td>{division}</td>" in division_rows(own)
