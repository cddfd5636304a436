"""Multi-court mode: two basic courts whose plans name the same intermediate court. The intermediate court's office
sees both courts' figures side by side, ranked, and none of their cases."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.indicators.comparison import compare
from app.indicators.periods import parse_period
from app.models import Case, Court, Department, IndicatorValue, ReversalFile, Role, User
from tests.helpers import PASSWORD, court_plan, csrf_token, post, sign_in


def test_the_intermediate_court_sees_each_basic_court_side_by_side(app, client, two_courts):
    sign_in(client, "city.office")
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/courts/")
    html = client.get("/courts/?period=2021").get_data(as_text=True)
    assert "武陟县人民法院" in html and "温县人民法院" in html
    assert "各院对比" in html  # in the menu too

    with app.app_context():
        comparison = compare(two_courts["豫08"], parse_period("2021"))
        assert [c.court.code for c in comparison.courts] == ["豫0823", "豫0825"]
        assert len(comparison.rows) >= 12
        for row in comparison.rows:
            stored = {v.court_id: v.value for v in db.session.scalars(select(IndicatorValue).where(
                IndicatorValue.indicator_code == row.indicator.code, IndicatorValue.period_key == "2021",
                IndicatorValue.scope_kind == "court"))}
            values = [cell.value.value if cell.value else None for cell in row.cells]
            assert values == [stored.get(two_courts["豫0823"]), stored.get(two_courts["豫0825"])]
            if None not in values and values[0] != values[1]:
                better = (values[0] > values[1]) == (row.indicator.direction == "higher")
                assert [cell.rank for cell in row.cells] == ([1, 2] if better else [2, 1])
        places = sorted(c.place for c in comparison.courts)
        assert places in ([1, 2], [1, 1])
        first = next(c for c in comparison.courts if c.place == 1)
        assert all(first.met >= c.met for c in comparison.courts)

    workbook = load_workbook(BytesIO(client.get("/courts/compare.xlsx?period=2021").data))
    sheet = workbook.active
    assert [sheet.cell(2, n).value for n in (3, 5)] == ["武陟县人民法院", "温县人民法院"]
    assert sheet.max_row == len(comparison.rows) + 4  # title, header, a row per target, targets met, place
    assert sheet.freeze_panes == "A3" and "2021年" in sheet["A1"].value
    # Rates are numbers shown as percentages, not text such as "91.2%".
    rates = [sheet.cell(r, 3) for r in range(3, sheet.max_row + 1) if sheet.cell(r, 3).number_format == "0.0%"]
    assert rates and all(isinstance(c.value, float) for c in rates if c.value is not None)


def test_the_intermediate_court_sees_no_basic_court_case(app, client, two_courts):
    with app.app_context():
        case_id = db.session.scalar(select(Case.id).where(Case.court_id == two_courts["豫0823"]))
        number = db.session.get(Case, case_id).case_number
        file_id = db.session.scalar(select(ReversalFile.id).where(ReversalFile.court_id == two_courts["豫0823"]))
        indicator_code = db.session.scalar(select(IndicatorValue.indicator_code))
    sign_in(client, "city.office")
    listing = client.get("/cases/").get_data(as_text=True)
    assert not re.search(r"豫08(23|25)", listing)
    assert f">{number}<" not in client.get(f"/cases/?q={number}").get_data(as_text=True)
    if file_id is not None:
        assert client.get(f"/reversals/{file_id}").status_code == 404
    for url in ("/indicators/{code}?period=2021", "/indicators/{code}/cases?period=2021&side=numerator"):
        assert client.get(url.format(code=indicator_code)).status_code == 404


def test_a_basic_court_sees_neither_the_comparison_nor_the_other_court(app, client, two_courts):
    with app.app_context():
        department = db.session.scalar(select(Department).where(
            Department.court_id == two_courts["豫0825"], Department.code == "trial-management"))
        user = User(username="wenxian.office", display_name="温县审管办", department=department)
        user.roles = [Role.OFFICE]
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        other = db.session.scalar(select(Case.case_number).where(Case.court_id == two_courts["豫0823"]))
    sign_in(client, "wenxian.office")
    dashboard = client.get("/").get_data(as_text=True)
    assert "各院对比" not in dashboard and "全市位次" in dashboard
    assert client.get("/courts/").status_code == 404  # the comparison is the intermediate court's
    assert client.get("/courts/compare.xlsx").status_code == 404
    assert f">{other}<" not in client.get(f"/cases/?q={other}").get_data(as_text=True)

    # Its own place among the city's courts, per target and overall, and nothing of the other court.
    place = client.get("/courts/place?period=2021").get_data(as_text=True)
    assert "武陟县人民法院" not in place
    with app.app_context():
        comparison = compare(two_courts["豫08"], parse_period("2021"))
        own = next(c for c in comparison.courts if c.court.code == "豫0825")
        assert f"第 {own.place} 名，共 2 个法院 · 达标 {own.met} / {own.counted} 项" in place
        other_values = {f"{cell.value.value * 100:.1f}%" for row in comparison.rows for cell in row.cells[:1]
                        if cell.value is not None and cell.value.value is not None and row.indicator.unit == "percent"}
        own_values = {f"{cell.value.value * 100:.1f}%" for row in comparison.rows for cell in row.cells[1:]
                      if cell.value is not None and cell.value.value is not None and row.indicator.unit == "percent"}
    # A figure's cell begins with it (">91.2%"); a target reads "≥ 91.0%".
    assert all(f'">{value}' in place for value in own_values)
    assert [value for value in other_values - own_values if f'">{value}' in place] == []


def test_loading_a_changed_plan_again_keeps_one_intermediate_court(app, runner, two_courts, tmp_path):
    path = Path(court_plan(tmp_path, "again.toml", "豫0825", "温县人民法院", "wenxian-2021"))
    path.write_text(path.read_text(encoding="utf-8").replace('name_en = "Case Quality Year"',
                                                             'name_en = "Case Quality Year (revised)"', 1),
                    encoding="utf-8")
    result = runner.invoke(args=["plan", "load", str(path)])
    assert result.exit_code == 0 and "已加载" in result.output, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Court).where(Court.code == "豫08")) == 1
        parent = db.session.scalar(select(Court).where(Court.code == "豫08"))
        assert sorted(c.code for c in parent.basic_courts) == ["豫0823", "豫0825"]



def test_a_plan_without_its_parent_takes_the_court_out_of_the_comparison(app, runner, two_courts, tmp_path):
    alone = court_plan(tmp_path, "alone.toml", "豫0825", "温县人民法院", "wenxian-2021", parent=False)
    assert runner.invoke(args=["plan", "load", alone]).exit_code == 0
    with app.app_context():
        parent = db.session.scalar(select(Court).where(Court.code == "豫08"))
        assert [c.code for c in parent.basic_courts] == ["豫0823"]


@pytest.mark.parametrize("change, message", [
    (lambda text: text.replace('code = "豫08"', 'code = "豫0825"', 1), "parent.code"),
    (lambda text: text.replace('code = "wenxian-2021"', 'code = "wuzhi-2021"', 1), "already belongs to court 豫0823"),
])
def test_a_plan_that_would_tangle_the_courts_is_refused(app, runner, two_courts, tmp_path, change, message):
    path = Path(court_plan(tmp_path, "bad.toml", "豫0825", "温县人民法院", "wenxian-2021"))
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = runner.invoke(args=["plan", "load", str(path)])
    assert result.exit_code == 1 and message in result.output, result.output
    with app.app_context():
        wuzhi = db.session.scalar(select(Court).where(Court.code == "豫0823"))
        assert wuzhi.name_zh == "武陟县人民法院" and wuzhi.parent.code == "豫08"


def test_places_follow_the_target_direction_and_a_reference_range():
    from app.indicators.comparison import Cell, _badness, _rank
    from app.models import Indicator

    def places(indicator: Indicator, values: list[float | None]) -> list[int | None]:
        cells = [Cell(None if v is None else IndicatorValue(value=v)) for v in values]
        _rank(cells, _badness(indicator))
        return [c.rank for c in cells]

    higher = Indicator(direction="higher", bands={"excellent": 0.9, "good": 0.8, "fair": 0.7, "range": None})
    lower = Indicator(direction="lower", bands={"excellent": 10, "good": 20, "fair": 30})
    in_range = Indicator(direction="higher", bands={"range": [0.9, 1.1]})
    assert places(higher, [0.95, 0.97, 0.95, None]) == [2, 1, 2, None]  # equal figures share a place
    assert places(lower, [12.0, 9.0, 30.0]) == [2, 1, 3]
    assert places(in_range, [1.0, 1.2, 0.85, 0.95]) == [1, 4, 3, 1]  # inside the range is best, then nearest


def test_with_several_courts_a_command_names_its_court(app, runner, two_courts):
    result = runner.invoke(args=["indicators", "compute"])
    assert result.exit_code == 1 and "--court" in result.output and "豫0825" in result.output
    assert runner.invoke(args=["indicators", "compute", "--court", "豫0825"]).exit_code == 0


def test_a_court_whose_intermediate_court_is_not_here_enters_its_place_in_the_city(app, client, make_user):
    """"在全市保持先进位次": with no intermediate court in the installation, the office enters the court's place for
    the period; the dashboard and the bulletin state it. A place that cannot be is refused, and only the office
    enters it."""
    from app.indicators.periods import month_period
    from app.models import Campaign, IndicatorEntry
    from app.reports import monthly

    make_user("office", Role.OFFICE, department="trial-management")
    make_user("civil.staff", Role.STAFF)
    sign_in(client, "office")
    url = "/courts/place?period=2021-05"
    assert "未录入" in client.get(url).get_data(as_text=True)
    for bad in ({"place": "0"}, {"place": "5", "courts": "3"}, {"place": "第二"}, {"place": "2", "courts": "十"}):
        refused = post(client, url, bad, follow_redirects=True).get_data(as_text=True)
        assert "名次应为 1 至参评法院数之间的整数" in refused, bad
    with app.app_context():
        assert not db.session.scalar(select(func.count(IndicatorEntry.id)))
    assert post(client, url, {"place": "2", "courts": "10"}).status_code == 302
    assert "第 2 位" in client.get(url).get_data(as_text=True)
    assert "全市位次：第 2 位 · 共 10 个法院" in client.get("/?period=2021-05").get_data(as_text=True)
    with app.app_context(), app.test_request_context("/"):
        campaign = db.session.scalar(select(Campaign))
        content = monthly.build(campaign, month_period(2021, 5), campaign.end_date)
        assert content["city_place"] == {"place": 2, "courts": 10, "entered": True}
        assert monthly.build(campaign, month_period(2021, 4), campaign.end_date)["city_place"] is None
    sign_in(client, "civil.staff")
    assert post(client, url, {"place": "1"}).status_code == 403


def _menu(html: str) -> list[tuple[str, str]]:
    """The main menu's links: (text, href)."""
    nav = html.split('<nav class="mainnav"', 1)[1].split("</nav>", 1)[0]
    return [(re.sub(r"<[^>]+>|\s+", "", text), href) for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>',
                                                                                  nav, re.S)]


def test_an_intermediate_court_account_is_offered_only_what_it_can_use(app, client, runner, tmp_path):
    """The intermediate court runs no campaign of its own: its accounts see the comparison (and their court's audit
    trail and accounts), not the campaign's pages that would be empty, and no "no plan loaded" banner."""
    assert runner.invoke(args=["plan", "load", court_plan(tmp_path, "wuzhi.toml", "豫0823", "武陟县人民法院",
                                                     "wuzhi-2021")]).exit_code == 0
    with app.app_context():
        for username, court, roles in (("city.office", "豫08", [Role.OFFICE]), ("city.leader", "豫08", [Role.LEADER]),
                                       ("city.admin", "豫08", [Role.ADMIN]), ("wuzhi.office", "豫0823", [Role.OFFICE])):
            department = db.session.scalar(select(Department).join(Court).where(
                Court.code == court, Department.code == "trial-management"))
            user = User(username=username, display_name=username, department=department)
            user.roles = roles
            user.set_password(PASSWORD)
            db.session.add(user)
        db.session.commit()

    for username, expected in (("city.office", ["各院对比", "审计日志"]), ("city.leader", ["各院对比", "审计日志"]),
                               ("city.admin", ["各院对比", "审计日志", "系统管理"])):
        sign_in(client, username)
        html = client.get("/courts/").get_data(as_text=True)
        menu = _menu(html)
        assert [text for text, _href in menu] == expected, (username, menu)
        for _text, href in menu:  # every entry offered opens a page
            assert client.get(href).status_code == 200, (username, href)
        banner = html.split('id="phase-banner"', 1)[1].split("</div>", 1)[0]
        assert "尚未加载活动方案" not in banner
        assert "焦作市中级人民法院" in banner and "1 个基层法院" in banner
        client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/courts/")})

    # A basic court's office keeps its campaign's menu, with its place in the city.
    sign_in(client, "wuzhi.office")
    html = client.get("/").get_data(as_text=True)
    texts = [text for text, _href in _menu(html)]
    assert {"案件", "活动步骤", "活动办公室", "报告", "全市位次"} <= set(texts) and "各院对比" not in texts
    assert "尚未加载活动方案" not in html
