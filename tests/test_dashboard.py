"""The dashboard grid: figures from the snapshots, filters by period and department, who sees what."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db
from app.indicators import recompute_court
from app.models import Court, Role
from tests.case_files import write_csv
from tests.helpers import csrf_token, department_id, import_file, prepare, sign_in


def shows_fraction(html: str, numerator: str, denominator: str) -> bool:
    """The grid shows numerator / denominator, each a link to its cases."""
    return re.search(rf">{re.escape(numerator)}</a> / <a [^>]*>{re.escape(denominator)}</a>", html) is not None


def test_office_sees_the_figures_of_the_chosen_period(app, office_client, tmp_path):
    prepare(app, tmp_path)
    html = office_client.get("/?period=2021-05").get_data(as_text=True)
    assert "2021年5月" in html
    grid = html.split('id="targets"')[1]
    assert "简易程序适用率" in grid
    assert re.search(r"50\.0%\s*</p>", grid)  # summary-procedure rate in May: 3 / 6
    assert shows_fraction(grid, "3", "6")
    assert "30.0%" in grid and shows_fraction(grid, "45,000", "150,000")  # restored recovery, at its target
    assert "未达标" in grid and "达标" in grid
    assert "<svg" in grid  # sparklines, server-side


def test_the_filter_swaps_only_the_grid_and_keeps_a_shareable_url(app, office_client, tmp_path):
    prepare(app, tmp_path)
    civil = department_id(app, "civil")
    response = office_client.get(f"/?period=2021-05&department={civil}", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="targets"')
    assert "<html" not in html
    assert shows_fraction(html, "3", "6")  # the civil division holds all of May's civil cases
    assert "万人成诉率" in html and "—" in html  # a court-only figure shows no value for a department


def test_change_against_the_previous_month(app, office_client, tmp_path):
    prepare(app, tmp_path)
    html = office_client.get("/?period=2021-05").get_data(as_text=True)
    assert re.search(r'class="change change-(better|worse|same)"', html)


def test_staff_see_only_their_department(app, client, make_user, tmp_path):
    prepare(app, tmp_path)
    make_user("clerk", Role.STAFF, department="criminal")
    sign_in(client, "clerk")
    civil = department_id(app, "civil")
    assert client.get(f"/?period=2021-05&department={civil}").status_code == 403  # another department's figures
    assert client.get("/?period=2021-05&department=").status_code == 403  # nor the whole court's
    html = client.get("/?period=2021-05").get_data(as_text=True)
    assert "全院" not in html.split('name="department"')[1].split("</select>")[0]
    assert "刑事审判庭" in html.split('id="targets"')[1].split("</h2>")[0]  # opens on the clerk's department
    assert shows_fraction(html, "1", "1")  # criminal: one first-instance case closed in May (K)
    assert "重新计算质效指标" not in html


def test_empty_state_before_any_figures(office_client):
    html = office_client.get("/").get_data(as_text=True)
    assert "本期间尚无指标数据" in html


def test_office_recomputes_from_the_page_and_watches_it(app, office_client, tmp_path):
    from rq import SimpleWorker

    from app import tasks

    prepare(app, tmp_path)
    with app.app_context():
        tasks.get_queue().empty()
    response = office_client.post("/recompute", headers={"HX-Request": "true",
                                                         "X-CSRFToken": csrf_token(office_client, "/")})
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in response.get_data(as_text=True)
    with app.app_context():
        queue = tasks.get_queue()
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
    task_id = re.search(r'id="task-([0-9a-f]+)"', response.get_data(as_text=True))[1]
    assert "已完成" in office_client.get(f"/tasks/{task_id}", headers={"HX-Request": "true"}).get_data(as_text=True)


def test_only_the_office_recomputes(client, make_user):

    make_user("judge", Role.JUDGE)
    sign_in(client, "judge")
    assert client.post("/recompute", headers={"X-CSRFToken": csrf_token(client, "/")}).status_code == 403


def test_the_cached_targets_grid_follows_every_recompute(app, client, make_user, tmp_path):
    """The grid is rendered once per figures' computation: a recompute with new data shows the new figure."""
    prepare(app, tmp_path)
    make_user("office", Role.OFFICE, department="trial-management")
    sign_in(client, "office")
    card = re.compile(r">执行案件结案率</a>.*?target-value\">([^<]+)<", re.S)
    first = card.search(client.get("/?period=2021-05").get_data(as_text=True))[1]
    assert card.search(client.get("/?period=2021-05").get_data(as_text=True))[1] == first  # served again
    from tests.case_files import row

    more = [row(900 + n, 案号=f"（2021）豫0823执{900 + n}号", 案由="", 承办部门="执行局", 承办人="执行局法官01",
                审判程序="", 立案日期="2021-05-02", 结案日期="2021-05-20", 结案方式="执行完毕", 有给付内容="")
            for n in range(5)]  # five enforcement cases received and closed in May
    assert import_file(app, write_csv(tmp_path / "more.csv", more)).ok
    with app.app_context():
        recompute_court(db.session.scalar(select(Court.id)))
    second = card.search(client.get("/?period=2021-05").get_data(as_text=True))[1]
    assert first == "80.0%" and second == "90.0%"


def test_the_grid_says_whether_the_plans_overall_goal_is_met(app, office_client, tmp_path):
    """All assessed indicators at 优 and all analysed ones at 优 or 良: each figure below its kind's band is named."""
    from app.indicators.dashboard import cards, overall_goal
    from app.indicators.periods import month_period
    from app.models import Campaign

    prepare(app, tmp_path)
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        goal = overall_goal(cards(campaign, month_period(2021, 5), "court", 0))
        short = {c.indicator.name_zh for c in goal.short}
        # What a person checks by hand: every assessed figure not 优, every analysed figure below 良.
        expected = {c.indicator.name_zh for c in cards(campaign, month_period(2021, 5), "court", 0)
                    if c.value is not None and c.value.band and (
                        (c.indicator.kind == "assessment" and c.value.band not in ("excellent", "inside"))
                        or (c.indicator.kind == "analysis" and c.value.band in ("fair", "poor", "outside")))}
        assert goal.judged and short == expected and short  # the sample month falls short somewhere
    html = office_client.get("/?period=2021-05").get_data(as_text=True)
    assert "总体目标" in html and "未达标" in html
    assert all(name in html.split('class="goal')[1].split("</p>")[0] for name in short)


def test_the_bulletin_states_the_overall_goal(app, plan, tmp_path):
    from datetime import date

    from app.indicators.periods import month_period
    from app.models import Campaign
    from app.reports import monthly

    prepare(app, tmp_path)
    with app.app_context(), app.test_request_context("/"):
        campaign = db.session.scalar(select(Campaign))
        content = monthly.build(campaign, month_period(2021, 5), date(2021, 6, 5))
        assert content["goal"]["met"] is False and "一审服判息诉率（差）" in content["goal"]["short"]


def test_an_unlinked_judge_sees_no_department_figures(app, client, make_user, tmp_path):
    prepare(app, tmp_path)
    make_user("lone.judge", Role.JUDGE, department="civil")
    sign_in(client, "lone.judge")
    html = client.get("/?period=2021-05").get_data(as_text=True)
    assert not re.search(r">3</a> / <a", html)  # the civil division's 3 / 6 is not his
    assert client.get(f"/?period=2021-05&department={department_id(app, 'civil')}").status_code == 403
