"""Case import: formats, every kind of bad row, all-or-nothing, idempotence, the job and the pages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from rq.job import Job
from sqlalchemy import func, select

from app import tasks
from app.extensions import db
from app.importers import store_upload
from app.importers.cases import parse_date
from app.models import CaseImport, Court, Judge, Role, Task, User
from tests.case_files import row, write_csv, write_workbook
from tests.helpers import case_count, csrf_token, get_case, import_file, run_worker, sign_in, upload


@pytest.mark.parametrize("writer", [write_csv, write_workbook])
def test_a_good_file_imports_every_field(app, plan, tmp_path, writer):
    rows = [
        row(1),
        row(2, 案号="(2021)豫0823执恢12号", 承办部门="执行局", 承办人="执行局法官01", 审判程序="", 速裁="",
            结案方式="执行完毕", 申请执行标的额="120,000.50", 实际到位金额="40000", 原审案号="（2020）豫0823民初77号",
            立案日期="2021/3/5", 结案日期="2021年6月1日", 生效日期="", 有给付内容="否"),
        row(3, 结案日期="", 结案方式="", 延长审限天数="30", 扣除审限天数="15", 上诉日期="2021-05-01",
            二审结果="发回重审", 二审结果日期="2021-08-01", 速裁="是", 审判程序="普通程序"),
    ]
    outcome = import_file(app, writer(tmp_path / f"cases.{'csv' if writer is write_csv else 'xlsx'}", rows))
    assert outcome.ok, outcome.errors
    assert (outcome.created, outcome.updated, outcome.unchanged) == (3, 0, 0)
    enforcement = get_case(app, "（2021）豫0823执恢12号")
    assert (enforcement.type_code, enforcement.category, enforcement.line) == ("执恢", "restored_enforcement",
                                                                               "enforcement")
    assert enforcement.filed_on == date(2021, 3, 5) and enforcement.closed_on == date(2021, 6, 1)
    assert enforcement.amount_applied == Decimal("120000.50") and enforcement.amount_recovered == Decimal("40000")
    assert enforcement.original_case_number == "（2020）豫0823民初77号"
    assert enforcement.procedure is None and enforcement.fast_track is False
    pending = get_case(app, "（2021）豫0823民初3号")
    assert pending.closed_on is None
    assert (pending.extension_days, pending.deducted_days) == (30, 15)
    assert (pending.appeal_result, pending.appeal_result_on) == ("发回重审", date(2021, 8, 1))
    assert pending.fast_track is True and pending.procedure == "普通程序"


def test_excel_date_cells_and_serial_numbers(app, plan, tmp_path):
    rows = [row(1, 立案日期=datetime(2021, 3, 5), 结案日期=44311)]  # 44311 = 2021-04-25 in Excel's calendar
    outcome = import_file(app, write_workbook(tmp_path / "cases.xlsx", rows))
    assert outcome.ok, outcome.errors
    case = get_case(app, "（2021）豫0823民初1号")
    assert (case.filed_on, case.closed_on) == (date(2021, 3, 5), date(2021, 4, 25))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2021-03-05", date(2021, 3, 5)), ("2021/3/5", date(2021, 3, 5)), ("2021年3月5日", date(2021, 3, 5)),
     ("2021-03-05 00:00:00", date(2021, 3, 5)), ("2021.3.5", date(2021, 3, 5)), (44260, date(2021, 3, 5)),
     ("44260", date(2021, 3, 5)), (datetime(2021, 3, 5, 9, 30), date(2021, 3, 5)), ("2021.03.05", date(2021, 3, 5)),
     ("20210305", date(2021, 3, 5)), (20210305, date(2021, 3, 5)), (20210305.0, date(2021, 3, 5))],
)
def test_date_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2021-02-30", "2021-13-01", "03/05/2021", "昨天", "2021年3月", "20211305",
                                  "19000101", 20210230])
def test_bad_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_gb18030_csv(app, plan, tmp_path):
    path = write_csv(tmp_path / "gbk.csv", [row(1, 案由="买卖合同纠纷"), row(2)], encoding="gb18030")
    assert path.read_bytes().decode("gb18030")  # really GB18030, not UTF-8
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    outcome = import_file(app, path)
    assert outcome.ok, outcome.errors
    assert get_case(app, "（2021）豫0823民初1号").cause == "买卖合同纠纷"


BAD_ROWS = [
    ({"承办部门": "民事一庭"}, "承办部门", "部门不存在"),
    ({"立案日期": "2021-02-30"}, "立案日期", "日期不存在"),
    ({"结案日期": "下周"}, "结案日期", "无法识别的日期"),
    ({"结案日期": "2021-03-01"}, "结案日期", "结案日期早于立案日期"),
    ({"案号": "2021民初1号"}, "案号", "四位年份开头"),
    ({"案号": "（2021）豫0824民初1号"}, "案号", "不是本院"),
    ({"案号": "（2021）豫0823民商1号"}, "案号", "不在活动方案的案件类型中"),
    ({"速裁": "Y"}, "速裁", "应填写“是”或“否”"),
    ({"申请执行标的额": "-5"}, "申请执行标的额", "金额不能为负数"),
    ({"延长审限天数": "1.5"}, "延长审限天数", "0 至 3650 之间的整数"),
    ({"扣除审限天数": "3000000"}, "扣除审限天数", "0 至 3650 之间的整数"),
    ({"立案日期": "9999-12-01"}, "立案日期", "不合理"),
    ({"结案日期": "1"}, "结案日期", "无法识别的日期"),
    ({"案由": "纠纷" * 150}, "案由", "超过 200 个字符"),
    ({"承办人": "法官" * 60}, "承办人", "超过 100 个字符"),
    ({"申请执行标的额": "1e15"}, "申请执行标的额", "金额过大"),
    ({"审判程序": ""}, "审判程序", "未规定"),
    ({"结案方式": ""}, "结案方式", "须填写结案方式"),
    ({"结案方式": "调解结案"}, "结案方式", "不是活动方案规定的取值"),
    ({"二审结果": "改判了"}, "二审结果", "不是活动方案规定的取值"),
    ({"诉前调解结果": "成功"}, "诉前调解结果", "不是活动方案规定的取值"),
    ({"审判程序": "快速程序"}, "审判程序", "审判程序无法识别"),
    ({"立案日期": ""}, "立案日期", "此列不能为空"),
    ({"原审案号": "（2020）民初77号"}, "原审案号", "缺少法院代字"),
]


@pytest.mark.parametrize(("change", "column", "reason"), BAD_ROWS)
def test_one_bad_row_imports_nothing_and_is_named(app, plan, tmp_path, change, column, reason):
    rows = [row(1), row(2), row(3, **change), row(4)]
    outcome = import_file(app, write_csv(tmp_path / "cases.csv", rows))
    assert not outcome.ok
    assert [(e.row, e.column) for e in outcome.errors] == [(4, column)]  # header is row 1
    assert reason in outcome.errors[0].reason
    assert case_count(app) == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Judge)) == 0  # judges are not half-created


def test_duplicate_case_number_in_the_file(app, plan, tmp_path):
    rows = [row(1), row(2), row(1, 案由="另一案由")]
    outcome = import_file(app, write_csv(tmp_path / "cases.csv", rows))
    assert [(e.row, e.column) for e in outcome.errors] == [(4, "案号")]
    assert "与第 2 行案号重复" in outcome.errors[0].reason
    assert case_count(app) == 0


def test_a_duplicate_is_found_even_when_its_first_row_has_another_error(app, plan, tmp_path):
    rows = [row(1, 立案日期="坏日期"), row(1)]
    outcome = import_file(app, write_csv(tmp_path / "cases.csv", rows))
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "立案日期"), (3, "案号")]


def test_every_bad_row_is_listed(app, plan, tmp_path):
    rows = [row(n, 立案日期="bad") if n % 2 else row(n) for n in range(1, 11)]
    outcome = import_file(app, write_csv(tmp_path / "cases.csv", rows))
    assert [e.row for e in outcome.errors] == [2, 4, 6, 8, 10]


def test_missing_columns_are_named(app, plan, tmp_path):
    """Without the columns a new case needs the file can only update registered cases; a new case number says
    which are lacking."""
    headers = tuple(h for h in row() if h not in ("立案日期", "承办部门"))
    outcome = import_file(app, write_csv(tmp_path / "cases.csv", [row(1)], headers=headers))
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "案号")]
    assert "承办部门、立案日期" in outcome.errors[0].reason and "不在案件库中" in outcome.errors[0].reason


def test_a_file_without_case_numbers_is_refused_at_its_header(app, plan, tmp_path):
    headers = tuple(h for h in row() if h != "案号")
    outcome = import_file(app, write_csv(tmp_path / "cases.csv", [row(1)], headers=headers))
    assert [(e.row, e.column) for e in outcome.errors] == [(1, "案号")]


def test_extra_columns_and_any_order_are_fine(app, plan, tmp_path):
    headers = ("备注", *reversed(tuple(row())))
    outcome = import_file(app, write_csv(tmp_path / "cases.csv", [row(1, 备注="x")], headers=headers))
    assert outcome.ok, outcome.errors


def test_reimport_changes_nothing_and_a_later_export_updates_in_place(app, plan, tmp_path):
    rows = [row(n) for n in range(1, 6)]
    assert import_file(app, write_csv(tmp_path / "a.csv", rows)).created == 5
    before = get_case(app, "（2021）豫0823民初3号")
    again = import_file(app, write_csv(tmp_path / "b.csv", rows))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert get_case(app, "（2021）豫0823民初3号").updated_at == before.updated_at

    rows[2] = row(3, 结案日期="2021-05-01", 结案方式="判决")
    later = import_file(app, write_csv(tmp_path / "c.csv", [*rows, row(6)]))
    assert (later.created, later.updated, later.unchanged) == (1, 1, 4)
    after = get_case(app, "（2021）豫0823民初3号")
    assert after.id == before.id
    assert (after.closed_on, after.closing_method) == (date(2021, 5, 1), "判决")
    assert case_count(app) == 6


def test_judges_are_created_per_department_and_linked_to_accounts(app, plan, tmp_path, make_user):
    make_user("civil.judge1", Role.JUDGE, department="civil")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "civil.judge1"))
        user.display_name = "民事审判庭法官01"
        db.session.commit()
    rows = [row(1), row(2, 承办人="刑事审判庭法官02", 承办部门="刑事审判庭", 案号="（2021）豫0823刑初2号",
                        审判程序="普通程序")]
    assert import_file(app, write_csv(tmp_path / "cases.csv", rows)).ok
    with app.app_context():
        judges = {j.name: j for j in db.session.scalars(select(Judge))}
        assert judges["民事审判庭法官01"].user.username == "civil.judge1"
        assert judges["刑事审判庭法官02"].user is None
        assert judges["刑事审判庭法官02"].department.name_zh == "刑事审判庭"


def test_progress_rises_to_the_end(app, plan, tmp_path):
    calls = []
    rows = [row(n) for n in range(1, 4502)]
    outcome = import_file(app, write_csv(tmp_path / "cases.csv", rows), lambda d, t, m: calls.append((d, t, m)))
    assert outcome.created == 4501
    fractions = [d / t for d, t, _m in calls]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert len(calls) >= 3


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "photo.png", "不是表格文件"),
     (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old.xls", "另存为 .xlsx"),
     (b"PK\x03\x04" + b"\x00" * 64, "archive.xlsx", "不是 Excel 工作簿")],
)
def test_non_spreadsheets_are_refused_by_content(app, plan, content, name, reason):
    from app.importers import UnreadableFile

    with app.app_context(), pytest.raises(UnreadableFile, match=reason):
        store_upload(BytesIO(content), name, db.session.scalar(select(Court)), None)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CaseImport)) == 0


def test_oversized_upload_is_refused(app, plan):
    from app.importers import UnreadableFile

    app.config["IMPORT_MAX_BYTES"] = 1024 * 1024
    with app.app_context(), pytest.raises(UnreadableFile, match="超过 1 MB"):
        store_upload(BytesIO(b"a,b\n" * 400_000), "big.csv", db.session.scalar(select(Court)), None)


# ---------------------------------------------------------------------- through the web and a real worker


def test_office_imports_through_the_page_and_a_worker(app, office_client, tmp_path):
    with app.app_context():
        tasks.get_queue().empty()
    response = upload(office_client, write_csv(tmp_path / "月度导出.csv", [row(n) for n in range(1, 4)]))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in html
    with app.app_context():
        task = db.session.scalar(select(Task))
        case_import = db.session.scalar(select(CaseImport))
        assert case_import.task_id == task.id and case_import.status == "pending"
    run_worker(app)
    status = office_client.get(f"/tasks/{task.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "3 条新增" in status
    with app.app_context():
        assert Job.fetch(task.id, connection=tasks.redis_connection()).meta["progress"] == 100
        case_import = db.session.scalar(select(CaseImport))
        assert (case_import.status, case_import.created, case_import.file_name) == ("done", 3, "月度导出.csv")
        assert case_import.stored_path is None
    history = office_client.get("/cases/import").get_data(as_text=True)
    assert "月度导出.csv" in history and case_import.file_sha256[:12] in history


def test_the_office_imports_the_hearings_held_through_the_page(app, office_client, tmp_path):
    """The same page, the same job: 开庭记录 chosen, the hearing template's columns; a hearing import starts no
    recompute (no figure counts hearings) and says what it held in the history."""
    from app.models import Hearing

    with app.app_context():
        tasks.get_queue().empty()
    upload(office_client, write_csv(tmp_path / "cases.csv", [row(1)]))
    run_worker(app)
    template = load_workbook(BytesIO(office_client.get("/cases/hearings-template.xlsx").data)).active
    assert [c.value for c in template[1]] == ["案号", "开庭日期", "法庭", "承办人"]
    hearings = tmp_path / "开庭.csv"
    hearings.write_text("案号,开庭日期,法庭,承办人\n（2021）豫0823民初1号,2021-04-01,第一审判庭,民事审判庭法官01\n",
                        encoding="utf-8")
    recomputes = select(func.count(Task.id)).where(Task.kind == "indicator_recompute")
    with app.app_context():
        before = db.session.scalar(recomputes)
        assert before == 1  # the case import's
    upload(office_client, hearings, kind="hearings")
    run_worker(app)
    with app.app_context():
        assert db.session.scalar(select(func.count(Hearing.id))) == 1
        assert db.session.scalar(recomputes) == before  # none after the hearings
    history = office_client.get("/cases/import").get_data(as_text=True)
    assert "开庭.csv</a> <small>（开庭记录）</small>" in history


def test_bad_rows_are_listed_on_the_page_and_as_xlsx(app, office_client, tmp_path):
    with app.app_context():
        tasks.get_queue().empty()
    upload(office_client, write_csv(tmp_path / "bad.csv", [row(1), row(2, 承办部门="不存在的庭")]))
    run_worker(app)
    with app.app_context():
        case_import = db.session.scalar(select(CaseImport))
        assert case_import.status == "rejected"
    page = office_client.get(f"/cases/imports/{case_import.id}").get_data(as_text=True)
    assert "不存在的庭" in page and "承办部门" in page
    sheet = load_workbook(BytesIO(office_client.get(f"/cases/imports/{case_import.id}/errors.xlsx").data)).active
    assert sheet["A1"].value.startswith("武陟县人民法院 · bad.csv 的错误行")
    assert [c.value for c in sheet[2]] == ["行号", "列", "值", "原因"]
    assert [c.value for c in sheet[3]][:3] == [3, "承办部门", "不存在的庭"]
    assert case_count(app) == 0


def test_upload_refusals_are_shown_in_place(app, office_client, tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    response = upload(office_client, path)
    assert response.status_code == 422
    assert "不是表格文件" in response.get_data(as_text=True)


def test_the_template_downloads_and_imports_cleanly(app, office_client, tmp_path):
    response = office_client.get("/cases/template.xlsx")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    path = tmp_path / "template.xlsx"
    path.write_bytes(response.data)
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]][:3] == ["案号", "案由", "承办部门"]
    outcome = import_file(app, path)
    assert outcome.ok, outcome.errors
    assert outcome.created == 1


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.OFFICE])
def test_only_the_office_imports(client, make_user, role):
    make_user("someone", role, department="trial-management")
    sign_in(client, "someone")
    for url in ("/cases/import", "/cases/template.xlsx"):
        assert client.get(url).status_code == 403
    token = csrf_token(client, "/")
    assert client.post("/cases/import", headers={"X-CSRFToken": token}).status_code == 403


def test_staff_see_only_their_departments_cases(app, plan, tmp_path, client, make_user):
    import_file(app, write_csv(tmp_path / "c.csv", [
        row(1), row(2, 案号="（2021）豫0823刑初2号", 承办部门="刑事审判庭", 承办人="刑事审判庭法官01",
                    审判程序="普通程序")]))
    make_user("clerk", Role.STAFF, department="criminal")
    sign_in(client, "clerk")
    html = client.get("/cases/").get_data(as_text=True)
    assert "（2021）豫0823刑初2号" in html
    assert "（2021）豫0823民初1号" not in html
    assert "（2021）豫0823民初1号" not in client.get("/cases/?q=民初").get_data(as_text=True)


# ---------------------------------------------------------------------- command line


def test_cli_import_and_its_refusal(app, plan, runner, tmp_path):
    good = write_csv(tmp_path / "good.csv", [row(1), row(2)])
    result = runner.invoke(args=["cases", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert "2 new" in result.output
    bad = write_csv(tmp_path / "bad.csv", [row(3), row(4, 立案日期="2021-13-01")])
    result = runner.invoke(args=["cases", "import", str(bad)])
    assert result.exit_code == 1
    assert "row 3\t立案日期\t2021-13-01" in result.output
    assert case_count(app) == 2
    # The hearings held in those cases, from the same command.
    hearings = tmp_path / "hearings.csv"
    hearings.write_text("案号,开庭日期,法庭,承办人\n（2021）豫0823民初1号,2021-04-01,第一审判庭,民事审判庭法官01\n",
                        encoding="utf-8")
    result = runner.invoke(args=["cases", "import", "--hearings", str(hearings)])
    assert result.exit_code == 0 and "1 new" in result.output, result.output


def test_bad_rows_read_in_english_for_an_english_user(app, office_client, tmp_path):
    with app.app_context():
        tasks.get_queue().empty()
    office_client.get("/cases/import?lang=en")
    upload(office_client, write_csv(tmp_path / "bad.csv", [row(1, 立案日期="2021-13-01")]))
    run_worker(app)
    with app.app_context():
        case_import = db.session.scalar(select(CaseImport))
    page = office_client.get(f"/cases/imports/{case_import.id}").get_data(as_text=True)
    assert "No such day." in page
    assert "Nothing was imported" in page


def test_an_upload_over_the_request_limit_is_refused_in_chinese(app, office_client):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    token = csrf_token(office_client, "/cases/import")
    response = office_client.post("/cases/import", data={"file": (BytesIO(b"x" * 20_000), "big.csv")},
                                  headers={"X-CSRFToken": token}, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "上传的文件过大" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CaseImport)) == 0


def test_a_stray_number_in_an_excel_date_cell_is_refused(app, plan, tmp_path):
    outcome = import_file(app, write_workbook(tmp_path / "cases.xlsx", [row(1, 结案日期=1)]))
    assert [(e.column, e.reason) for e in outcome.errors] == [("结案日期", "年份 1899 不合理。")]


def test_the_case_register_filters_by_state(app, office_client, tmp_path):
    import_file(app, write_csv(tmp_path / "c.csv", [row(1), row(2, 结案日期="", 结案方式="")]))
    page = office_client.get("/cases/").get_data(as_text=True)
    assert 'name="state"' in page and 'name="q"' in page and 'name="department"' in page
    pending = office_client.get("/cases/?state=pending", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "（2021）豫0823民初2号" in pending and "（2021）豫0823民初1号" not in pending


def test_a_search_matching_more_than_the_cap_says_so_instead_of_counting_all(app, office_client, tmp_path,
                                                                             monkeypatch):
    from app.blueprints.cases import routes

    monkeypatch.setattr(routes, "CASE_COUNT_CAP", 30)
    import_file(app, write_csv(tmp_path / "c.csv", [row(n) for n in range(1, 41)]))
    html = office_client.get("/cases/?q=民初").get_data(as_text=True)
    assert "共 2 页" in html and "超过 30 条" in html
    assert "（2021）豫0823民初40号" in html  # newest first, as without the cap
    past_the_cap = office_client.get("/cases/?q=民初&page=9").get_data(as_text=True)
    assert "第 2 页，共 2 页" in past_the_cap  # the last page the cap allows, not an empty one
    exact = office_client.get("/cases/?q=民初4号").get_data(as_text=True)
    assert "（2021）豫0823民初4号" in exact and "超过" not in exact
    # A whole case number, as people type it (half-width brackets), is found by the index, in its written form.
    typed = office_client.get("/cases/?q=(2021)豫0823民初4号").get_data(as_text=True)
    assert ">（2021）豫0823民初4号<" in typed and ">（2021）豫0823民初40号<" not in typed


def test_a_judge_is_linked_only_to_an_account_of_the_same_department(app, plan, tmp_path, make_user):
    user_id = make_user("civil.li", Role.JUDGE, department="civil")
    with app.app_context():
        db.session.get(User, user_id).display_name = "李四"
        db.session.commit()
    rows = [row(1, 案号="（2021）豫0823刑初1号", 承办部门="刑事审判庭", 承办人="李四", 审判程序="普通程序")]
    assert import_file(app, write_csv(tmp_path / "c.csv", rows)).ok
    with app.app_context():
        assert db.session.scalar(select(Judge).where(Judge.name == "李四")).user_id is None


def test_one_name_in_two_departments_is_two_judges(app, plan, tmp_path, runner):
    rows = [row(1, 承办人="王五"),
            row(2, 案号="（2021）豫0823刑初2号", 承办部门="刑事审判庭", 承办人="王五", 审判程序="普通程序")]
    assert import_file(app, write_csv(tmp_path / "c.csv", rows)).ok
    with app.app_context():
        judges = db.session.scalars(select(Judge).where(Judge.name == "王五")).all()
        assert sorted(j.department.name_zh for j in judges) == ["刑事审判庭", "民事审判庭"]
    ambiguous = runner.invoke(args=["indicators", "show", "--period", "2021-04", "--scope", "judge:王五"])
    assert ambiguous.exit_code == 2 and "several judges" in ambiguous.output
    chosen = runner.invoke(args=["indicators", "show", "--period", "2021-04", "--scope", "judge:民事审判庭/王五"])
    assert chosen.exit_code == 0, chosen.output
