"""An indicator's page: trend, breakdowns, definition, the cases behind each number, the rank entry."""

from __future__ import annotations

import re
from datetime import datetime
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import Judge, Role
from tests.helpers import csrf_token, department_id, prepare, sign_in


def test_indicator_page_shows_trend_breakdowns_and_definition(app, office_client, tmp_path):
    prepare(app, tmp_path)
    html = office_client.get("/indicators/summary_procedure_rate?period=2021-05").get_data(as_text=True)
    assert "简易程序适用率" in html
    assert "适用简易程序（含小额诉讼）审结的民事一审案件数" in html  # the definition in plain words
    assert '<svg class="trend"' in html
    assert "民事审判庭" in html and "50.0%" in html
    assert "甲" in html and "乙" in html  # the office sees the judges


def test_numbers_open_the_cases_behind_them(app, office_client, tmp_path):
    prepare(app, tmp_path)
    denominator = office_client.get("/indicators/summary_procedure_rate/cases?side=denominator&period=2021-05")
    numbers = set(re.findall(r"（\d{4}）豫0823民初\d+号", denominator.get_data(as_text=True)))
    assert numbers == {"（2021）豫0823民初1号", "（2021）豫0823民初2号", "（2021）豫0823民初3号",
                       "（2020）豫0823民初4号", "（2021）豫0823民初6号", "（2020）豫0823民初7号"}
    numerator = office_client.get("/indicators/summary_procedure_rate/cases?side=numerator&period=2021-05")
    assert set(re.findall(r"（\d{4}）豫0823民初\d+号", numerator.get_data(as_text=True))) == {
        "（2021）豫0823民初1号", "（2021）豫0823民初2号", "（2021）豫0823民初6号"}
    pending = office_client.get("/indicators/enforcement_closure/cases?side=denominator&period=2021-05")
    listed = set(re.findall(r"（\d{4}）豫0823执恢?\d+号", pending.get_data(as_text=True)))
    assert listed == {"（2021）豫0823执1号", "（2021）豫0823执2号", "（2020）豫0823执3号", "（2021）豫0823执恢1号",
                      "（2021）豫0823执恢2号"}


def test_case_lists_sort_and_export(app, office_client, tmp_path):
    prepare(app, tmp_path)
    url = "/indicators/summary_procedure_rate/cases?side=denominator&period=2021-05&sort=closed_on&desc=1"
    html = office_client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert html.lstrip().startswith('<div id="behind">')
    closed = re.findall(r"2021-05-\d\d(?=</td><td>)", html)
    assert closed == sorted(closed, reverse=True)
    response = office_client.get(url.replace("/cases?", "/cases.xlsx?"))
    sheet = load_workbook(BytesIO(response.data)).active
    # The title row, the header, six cases, a blank row and the footnote saying what the figure counts.
    assert sheet["A2"].value == "案号" and sheet["H2"].value == "结案日期"
    exported = [sheet.cell(n, 8).value for n in range(3, 9)]  # dates, in the page's order
    assert exported == sorted(exported, reverse=True) and all(isinstance(d, datetime) for d in exported)
    assert sheet.max_row == 10 and sheet["A10"].value.startswith("统计口径")


def test_judge_figures_are_for_the_office_leaders_and_the_judge_himself(app, client, make_user, tmp_path):
    prepare(app, tmp_path)
    with app.app_context():
        jia = db.session.scalar(select(Judge.id).where(Judge.name == "甲"))
        yi = db.session.scalar(select(Judge.id).where(Judge.name == "乙"))
    make_user("head", Role.DIVISION_HEAD, department="civil")
    sign_in(client, "head")
    assert client.get(f"/indicators/summary_procedure_rate?period=2021-05&judge={jia}").status_code == 403
    assert client.get(f"/?period=2021-05&judge={jia}").status_code == 403
    civil = department_id(app, "civil")
    assert client.get(f"/indicators/summary_procedure_rate?period=2021-05&department={civil}").status_code == 200
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/")})

    user_id = make_user("jia", Role.JUDGE, department="civil")
    with app.app_context():
        db.session.get(Judge, jia).user_id = user_id
        db.session.commit()
    sign_in(client, "jia")
    own = client.get("/?period=2021-05").get_data(as_text=True)
    assert "甲" in own  # a judge's dashboard opens on his own figures
    assert client.get(f"/indicators/summary_procedure_rate?period=2021-05&judge={jia}").status_code == 200
    assert client.get(f"/indicators/summary_procedure_rate?period=2021-05&judge={yi}").status_code == 403
    other_department = department_id(app, "criminal")
    assert client.get(f"/indicators/summary_procedure_rate/cases?department={other_department}").status_code == 403


def test_the_departments_and_judges_listed_are_those_whose_figures_open(app, make_user, tmp_path):
    """The breakdowns list (policy.visible_figure_*) exactly the scopes whose own page opens (can_view_scope)."""
    from app.models import Department, User
    from app.policy import can_view_scope, own_judge_id, visible_figure_departments, visible_figure_judges

    prepare(app, tmp_path)
    accounts = {"office": make_user("office2", Role.OFFICE, department="trial-management"),
                "head": make_user("head", Role.DIVISION_HEAD), "staff": make_user("staff", Role.STAFF),
                "jia": make_user("jia", Role.JUDGE), "leader": make_user("leader", Role.LEADER),
                "committee": make_user("committee", Role.COMMITTEE, department="trial-management")}
    with app.app_context():
        db.session.scalar(select(Judge).where(Judge.name == "甲")).user_id = accounts["jia"]
        db.session.commit()
        departments, judges = db.session.scalars(select(Department)).all(), db.session.scalars(select(Judge)).all()
        seen = {}
        for name, user_id in accounts.items():
            user = db.session.get(User, user_id)
            listed_departments = set(db.session.scalars(select(Department.id).where(visible_figure_departments(user))))
            listed_judges = set(db.session.scalars(select(Judge.name).where(visible_figure_judges(user))))
            assert listed_departments == {d.id for d in departments if can_view_scope("department", d.id, user)}
            assert listed_judges == {j.name for j in judges if can_view_scope(
                "judge", j.id, user, own_judge_id=own_judge_id(user))}
            seen[name] = (len(listed_departments), listed_judges)
    everyone = len(departments)
    assert seen["office"] == (everyone, {j.name for j in judges}) and seen["leader"][1] == seen["office"][1]
    assert seen["committee"] == (everyone, set())  # every department, no judge's own figures
    assert seen["head"] == (1, set()) and seen["staff"] == (1, set())
    assert seen["jia"] == (0, {"甲"})


def test_office_enters_the_provincial_rank(app, office_client, tmp_path):
    prepare(app, tmp_path)
    page = office_client.get("/indicators/pre_litigation_rank?period=2021Q2").get_data(as_text=True)
    assert "全省排名" in page
    token = csrf_token(office_client, "/")
    bad = office_client.post("/indicators/pre_litigation_rank/entry?period=2021Q2", data={"value": "abc",
                                                                                          "csrf_token": token})
    assert bad.status_code == 302
    office_client.post("/indicators/pre_litigation_rank/entry?period=2021Q2", data={"value": "75",
                                                                                     "csrf_token": token})
    html = office_client.get("/indicators/pre_litigation_rank?period=2021Q2").get_data(as_text=True)
    assert re.search(r'class="target-value">75<', html)
    assert "达标" in html


def test_only_the_office_enters_ranks(app, client, make_user):
    make_user("leader", Role.LEADER, department="leadership")
    sign_in(client, "leader")
    response = client.post("/indicators/pre_litigation_rank/entry?period=2021Q2",
                           data={"value": "75", "csrf_token": csrf_token(client, "/")})
    assert response.status_code == 403
