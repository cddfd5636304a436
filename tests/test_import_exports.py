"""Importing what courts actually export: title rows and a 合计 row, the usual header spellings, the office's own
column mapping saved as an import profile (web and `flask cases import --profile`), and partial files that
update registered cases. Each kind also with one bad row: nothing changes."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app import tasks
from app.extensions import db
from app.importers.cases import HEADERS
from app.importers.columns import ignored_headers, normalize, spellings
from app.models import Case, CaseImport, Hearing, ImportProfile, Task
from tests.case_files import row, write_csv, write_export
from tests.helpers import (
    FOREIGN,
    FOREIGN_MAPPING,
    TITLE,
    case_count,
    csrf_token,
    foreign_rows,
    get_case,
    import_file,
    run_worker,
    upload,
    values,
    write_foreign,
)


def judge_of(app, number: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Case).where(Case.case_number == number)).judge.name


# ---------------------------------------------------------------------- title rows and the total row


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_title_row_export_with_a_total_row(app, plan, tmp_path, suffix):
    rows = [values(HEADERS, row(n)) for n in (1, 2, 3)]
    path = write_export(tmp_path / f"导出{suffix}", HEADERS, rows, title=TITLE, total=["合计", "3 件"])
    outcome = import_file(app, path)
    assert outcome.ok, outcome.errors
    assert (outcome.created, outcome.header_row, outcome.total_row) == (3, 3, 7)
    assert case_count(app) == 3
    with app.app_context():
        details = db.session.scalar(select(CaseImport)).details
    assert details["total_row"] == 7 and details["header_row"] == 3


def test_a_title_row_export_with_one_bad_row_names_its_real_row_and_imports_nothing(app, plan, tmp_path):
    rows = [values(HEADERS, row(1)), values(HEADERS, row(2, 立案日期="2021-13-01"))]
    outcome = import_file(app, write_export(tmp_path / "导出.xlsx", HEADERS, rows, title=TITLE))
    assert [(e.row, e.column) for e in outcome.errors] == [(5, "立案日期")]  # title, blank, header, row 1, row 2
    assert case_count(app) == 0


def test_a_total_row_that_is_not_last_is_a_bad_row(app, plan, tmp_path):
    rows = [values(HEADERS, row(1)), ["合计"], values(HEADERS, row(2))]
    outcome = import_file(app, write_export(tmp_path / "导出.csv", HEADERS, rows))
    assert (outcome.errors[0].row, outcome.errors[0].column) == (3, "案号")
    assert case_count(app) == 0


def test_the_cli_says_a_total_row_was_left_out(app, plan, runner, tmp_path):
    path = write_export(tmp_path / "导出.xlsx", HEADERS, [values(HEADERS, row(1))], title=TITLE, total=["总计", 1])
    result = runner.invoke(args=["cases", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "第 5 行是合计行" in result.output and "header on row 3" in result.output


# ---------------------------------------------------------------------- header synonyms

# An export spelled the other usual ways (each one from header_synonyms.toml), with a column we leave out.
THEIRS = {"序号": "序号", "案号": "案号", "案件案由": "案由", "承办庭室": "承办部门", "承办法官": "承办人",
          "审理程序": "审判程序", "是否速裁": "速裁", "立案时间": "立案日期", "结案时间": "结案日期",
          "结案方式（一审）": "结案方式", "延长审限": "延长审限天数", "扣除审限": "扣除审限天数",
          "上诉时间": "上诉日期",
          "申请再审时间": "申请再审日期", "二审结案方式": "二审结果", "二审结案日期": "二审结果日期",
          "生效时间": "生效日期", "是否有给付内容": "有给付内容", "申请执行时间": "申请执行日期",
          "执行标的": "申请执行标的额", "到位金额": "实际到位金额", "诉前调解情况": "诉前调解结果",
          "原案号": "原审案号"}


def synonym_rows(*records: dict) -> list[list]:
    return [values(tuple(THEIRS), {**r, "序号": n}, THEIRS) for n, r in enumerate(records, start=1)]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_synonym_export_imports_every_field(app, plan, tmp_path, suffix):
    records = [row(1, 立案日期="20210305", 结案日期="2021.04.20", 生效日期="　"),
               row(2, 案号="（2021）豫0823执恢12号", 承办部门="执行局", 承办人="执行局法官01", 审判程序="", 速裁="",
                   结案方式="执行完毕", 申请执行标的额="120000", 实际到位金额="40000", 有给付内容="否")]
    outcome = import_file(app, write_export(tmp_path / f"导出{suffix}", tuple(THEIRS), synonym_rows(*records)))
    assert outcome.ok, outcome.errors
    assert outcome.created == 2
    civil = get_case(app, "（2021）豫0823民初1号")
    assert (civil.filed_on, civil.closed_on, civil.effective_on) == (date(2021, 3, 5), date(2021, 4, 20), None)
    assert judge_of(app, civil.case_number) == "民事审判庭法官01"
    enforcement = get_case(app, "（2021）豫0823执恢12号")
    assert (enforcement.amount_applied, enforcement.amount_recovered) == (Decimal("120000"), Decimal("40000"))


def test_a_synonym_export_with_one_bad_row_imports_nothing(app, plan, tmp_path):
    records = [row(1), row(2, 承办部门="不存在的庭")]
    outcome = import_file(app, write_export(tmp_path / "导出.xlsx", tuple(THEIRS), synonym_rows(*records)))
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "承办部门")]
    assert case_count(app) == 0


def test_a_cell_of_spaces_is_empty(app, plan, tmp_path):
    rows = [values(HEADERS, row(1, 结案日期="　", 结案方式="  ", 生效日期=" 　 ")), ["　", "  "]]
    outcome = import_file(app, write_export(tmp_path / "导出.xlsx", HEADERS, rows))
    assert outcome.ok, outcome.errors
    assert outcome.rows == 1  # the row of spaces is no row
    assert get_case(app, "（2021）豫0823民初1号").closed_on is None


def test_the_hearing_import_takes_title_rows_and_synonyms(app, plan, tmp_path):
    import_file(app, write_csv(tmp_path / "cases.csv", [row(1)]))
    headers = ("序号", "案号", "开庭时间", "开庭地点", "承办法官")
    rows = [[1, "（2021）豫0823民初1号", "2021-04-08 09:00", "第一审判庭", "民事审判庭法官01"]]
    outcome = import_file(app, write_export(tmp_path / "开庭.xlsx", headers, rows, title="开庭排期表",
                                            total=["合计", 1]), kind="hearings")
    assert outcome.ok, outcome.errors
    with app.app_context():
        hearing = db.session.scalar(select(Hearing))
        assert (hearing.held_on, hearing.courtroom) == (date(2021, 4, 8), "第一审判庭")


def test_an_exact_header_wins_over_a_synonym_of_it(app, plan, tmp_path):
    headers = (*HEADERS, "结案方式（一审）")
    rows = [[*values(HEADERS, row(1, 结案方式="判决")), "调解"]]
    assert import_file(app, write_export(tmp_path / "导出.csv", headers, rows)).ok
    assert get_case(app, "（2021）豫0823民初1号").closing_method == "判决"


# ---------------------------------------------------------------------- the template and the README list them


def test_the_template_lists_the_accepted_spellings(office_client):
    workbook = load_workbook(BytesIO(office_client.get("/cases/template.xlsx").data))
    assert workbook.sheetnames == ["案件", "可用列名"]
    listed = {r[0]: r[1] or "" for r in workbook["可用列名"].iter_rows(min_row=2, values_only=True)}
    assert "承办法官" in listed["承办人"] and "实际到位金额" not in listed["承办人"]
    assert "到位金额" in listed["实际到位金额"] and "结案方式(一审)" in listed["结案方式"]
    assert "序号" in listed["（不导入的列）"]
    hearings = load_workbook(BytesIO(office_client.get("/cases/hearings-template.xlsx").data))
    assert [c.value for c in hearings["开庭"][1]] == ["案号", "开庭日期", "法庭", "承办人"]


def test_the_readme_lists_every_accepted_spelling():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Column headers the import accepts"):]
    for kind in ("cases", "hearings"):
        for ours, others in spellings(kind).items():
            line = next((ln for ln in section.splitlines() if ln.startswith(f"| {ours} |")), None)
            assert line is not None, ours
            for other in others:
                assert other in line, (ours, other)
        for ignored in ignored_headers(kind):
            assert ignored in section


# ---------------------------------------------------------------------- the office's mapping, saved as a profile

def post_mapping(client, import_id: int, name: str, mapping: dict[str, str]):
    token = csrf_token(client, "/cases/import")
    form = {"profile_name": name}
    for index, header in enumerate(FOREIGN):
        form[f"column-{index}"] = mapping.get(header, "")
    return client.post(f"/cases/imports/{import_id}/mapping", data=form,
                       headers={"HX-Request": "true", "X-CSRFToken": token})


def test_the_office_maps_a_foreign_export_once_and_later_files_follow_it(app, office_client, tmp_path):
    with app.app_context():
        tasks.get_queue().empty()
    response = upload(office_client, write_foreign(tmp_path, "系统导出.xlsx", row(1), row(2)))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="mapping-form"' in html
    assert "经办人" in html and "（2021）豫0823民初1号" in html  # its headers against ours, with the first rows
    assert "<td>1</td>" in html and "1.0" not in html  # 序号 as written, not as Excel's float
    assert "表头在第 3 行" in html
    # "生效时间" is a usual spelling of 生效日期: already chosen for the office.
    assert re.search(r'name="column-10">.*?<option value="生效日期" selected>', html, re.S)
    with app.app_context():
        case_import = db.session.scalar(select(CaseImport))
        assert case_import.status == "mapping" and db.session.scalar(select(func.count(Task.id))) == 0
        import_id = case_import.id
    response = post_mapping(office_client, import_id, "审判系统导出", FOREIGN_MAPPING)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in response.get_data(as_text=True)
    run_worker(app)
    assert case_count(app) == 2
    assert get_case(app, "（2021）豫0823民初2号").closed_on == date(2021, 4, 20)
    with app.app_context():
        profile = db.session.scalar(select(ImportProfile))
        assert profile.name == "审判系统导出" and profile.mapping[normalize("案件名称")] == ""
        assert db.session.get(CaseImport, import_id).profile_id == profile.id

    # Next month's export, same headers: no form, the profile applied, the history says so.
    response = upload(office_client, write_foreign(tmp_path, "下月导出.xlsx", row(1), row(3)))
    assert 'id="mapping-form"' not in response.get_data(as_text=True)
    run_worker(app)
    assert case_count(app) == 3
    history = office_client.get("/cases/import").get_data(as_text=True)
    assert "导入方案：审判系统导出" in history


def test_the_header_of_unknown_columns_is_found_below_a_two_cell_title(app, office_client, tmp_path):
    path = write_export(tmp_path / "系统导出.csv", FOREIGN, foreign_rows(row(1)), title="单位：武陟县人民法院")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text("\n".join([lines[0] + ",制表日期：2021-12-01", *lines[1:]]) + "\n", encoding="utf-8-sig")
    html = upload(office_client, path).get_data(as_text=True)
    assert "表头在第 3 行" in html and '<label for="column-1">案件编号</label>' in html


def test_a_mapped_export_with_one_bad_row_imports_nothing(app, office_client, tmp_path):
    with app.app_context():
        tasks.get_queue().empty()
    upload(office_client, write_foreign(tmp_path, "系统导出.xlsx", row(1), row(2, 结案日期="2021-01-01")))
    with app.app_context():
        import_id = db.session.scalar(select(CaseImport.id))
    post_mapping(office_client, import_id, "审判系统导出", FOREIGN_MAPPING)
    run_worker(app)
    assert case_count(app) == 0
    with app.app_context():
        case_import = db.session.get(CaseImport, import_id)
        assert case_import.status == "rejected" and case_import.profile is not None
        assert [(e["row"], e["column"]) for e in case_import.errors] == [(5, "结案日期")]


@pytest.mark.parametrize(("mapping", "message"), [
    ({**FOREIGN_MAPPING, "案件名称": "承办部门"}, "都对应了“承办部门”"),
    ({k: v for k, v in FOREIGN_MAPPING.items() if v != "案号"}, "请指明哪一列是“案号”"),
])
def test_a_mapping_that_cannot_work_is_refused_in_place(app, office_client, tmp_path, mapping, message):
    upload(office_client, write_foreign(tmp_path, "系统导出.xlsx", row(1)))
    with app.app_context():
        import_id = db.session.scalar(select(CaseImport.id))
    response = post_mapping(office_client, import_id, "审判系统导出", mapping)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'id="mapping-form"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count(ImportProfile.id))) == 0
        assert db.session.get(CaseImport, import_id).status == "mapping"


def test_a_nameless_mapping_is_refused(app, office_client, tmp_path):
    upload(office_client, write_foreign(tmp_path, "系统导出.xlsx", row(1)))
    with app.app_context():
        import_id = db.session.scalar(select(CaseImport.id))
    response = post_mapping(office_client, import_id, "  ", FOREIGN_MAPPING)
    assert response.status_code == 422 and "请为这套列对应关系命名" in response.get_data(as_text=True)


def test_an_import_waiting_for_its_mapping_is_found_again_from_the_history(app, office_client, tmp_path):
    upload(office_client, write_foreign(tmp_path, "系统导出.xlsx", row(1)))
    with app.app_context():
        import_id = db.session.scalar(select(CaseImport.id))
    history = office_client.get("/cases/import").get_data(as_text=True)
    assert f'href="/cases/imports/{import_id}/mapping">等待对应列名' in history
    page = office_client.get(f"/cases/imports/{import_id}/mapping")
    assert page.status_code == 200
    assert "经办人" in page.get_data(as_text=True) and 'id="mapping-form"' in page.get_data(as_text=True)


def save_profile_directly(app, name: str = "审判系统导出") -> None:
    from app.models import Court

    with app.app_context():
        court = db.session.scalar(select(Court))
        mapping = {normalize(h): FOREIGN_MAPPING.get(h, "") for h in FOREIGN}
        db.session.add(ImportProfile(court_id=court.id, kind="cases", name=name, mapping=mapping,
                                     headers=sorted(mapping)))
        db.session.commit()


def test_the_cli_imports_a_mapped_export_by_its_profile(app, plan, runner, tmp_path):
    # The file's headers differ from the profile's (one column more): only --profile applies it.
    headers = (*FOREIGN, "备注二")
    rows = [[*r, "x"] for r in foreign_rows(row(1), row(2))]
    path = write_export(tmp_path / "系统导出.xlsx", headers, rows, title=TITLE)
    save_profile_directly(app)
    result = runner.invoke(args=["cases", "import", str(path)])
    assert result.exit_code == 1 and "row 3\t案号\t\t表头缺少此列" in result.output  # 案件编号 is not a name we know
    result = runner.invoke(args=["cases", "import", "--profile", "没有这个", str(path)])
    assert result.exit_code == 1 and "审判系统导出" in result.output
    assert case_count(app) == 0
    # 备注二 is still unknown under the profile: the office adds it to the mapping, or the CLI refuses.
    with app.app_context():
        profile = db.session.scalar(select(ImportProfile))
        profile.mapping = {**profile.mapping, "备注二": ""}
        db.session.commit()
    result = runner.invoke(args=["cases", "import", "--profile", "审判系统导出", str(path)])
    assert result.exit_code == 0, result.output
    assert "导入方案 / profile: 审判系统导出" in result.output and "2 new" in result.output
    with app.app_context():
        assert db.session.scalar(select(CaseImport).order_by(CaseImport.id.desc())).profile.name == "审判系统导出"


def test_the_cli_applies_a_profile_with_the_same_headers_and_refuses_a_bad_row(app, plan, runner, tmp_path):
    save_profile_directly(app)
    bad = write_foreign(tmp_path, "系统导出.csv", row(1), row(2, 登记日期="x", 立案日期="昨天"))
    result = runner.invoke(args=["cases", "import", str(bad)])
    assert result.exit_code == 1
    assert "row 5\t立案日期\t昨天" in result.output
    assert case_count(app) == 0
    good = write_foreign(tmp_path, "系统导出2.csv", row(1), row(2))
    result = runner.invoke(args=["cases", "import", str(good)])
    assert result.exit_code == 0 and "2 new" in result.output, result.output


# ---------------------------------------------------------------------- partial files update registered cases


def register(app, tmp_path, *records: dict) -> None:
    assert import_file(app, write_csv(tmp_path / "register.csv", list(records))).created == len(records)


def test_the_appeal_courts_feedback_updates_only_its_fields(app, plan, tmp_path):
    register(app, tmp_path, row(1, 上诉日期="2021-05-01"), row(2, 上诉日期="2021-05-02"), row(3))
    before = get_case(app, "（2021）豫0823民初3号")
    headers = ("案号", "二审结果", "二审结果日期")
    rows = [["（2021）豫0823民初1号", "改判", "2021-08-01"], ["（2021）豫0823民初2号", "维持", "2021.08.02"],
            ["（2021）豫0823民初3号", "", ""]]  # empty cells leave the fields as they are
    outcome = import_file(app, write_export(tmp_path / "二审反馈.xlsx", headers, rows, title="二审结果反馈"))
    assert outcome.ok, outcome.errors
    assert outcome.partial and (outcome.created, outcome.updated, outcome.unchanged) == (0, 2, 1)
    assert outcome.fields == {"二审结果": 2, "二审结果日期": 2}
    first = get_case(app, "（2021）豫0823民初1号")
    assert (first.appeal_result, first.appeal_result_on) == ("改判", date(2021, 8, 1))
    assert (first.cause, first.closed_on) == ("民间借贷纠纷", date(2021, 4, 20))
    assert judge_of(app, first.case_number) == "民事审判庭法官01"
    assert get_case(app, "（2021）豫0823民初3号").updated_at == before.updated_at
    # The digest follows: the full export carrying the same values now changes nothing.
    full = [row(1, 上诉日期="2021-05-01", 二审结果="改判", 二审结果日期="2021-08-01"),
            row(2, 上诉日期="2021-05-02", 二审结果="维持", 二审结果日期="2021-08-02"), row(3)]
    again = import_file(app, write_csv(tmp_path / "full.csv", full))
    assert (again.updated, again.unchanged) == (0, 3)


def test_the_enforcement_systems_amounts_update_and_the_counts_are_shown(app, office_client, tmp_path):
    enforcement = {"案号": "（2021）豫0823执12号", "承办部门": "执行局", "承办人": "执行局法官01", "审判程序": "",
                   "结案方式": "执行完毕", "申请执行标的额": "1000"}
    register(app, tmp_path, row(1, **enforcement))
    with app.app_context():
        tasks.get_queue().empty()
    path = write_export(tmp_path / "执行到位.csv", ("案号", "实际到位金额"), [["（2021）豫0823执12号", "800.5"]])
    upload(office_client, path)
    run_worker(app)
    assert get_case(app, "（2021）豫0823执12号").amount_recovered == Decimal("800.50")
    with app.app_context():
        case_import = db.session.scalar(select(CaseImport).order_by(CaseImport.id.desc()))
        task = db.session.get(Task, case_import.task_id)
    assert "实际到位金额：1 件" in office_client.get(f"/cases/imports/{case_import.id}").get_data(as_text=True)
    assert "实际到位金额：1 件" in office_client.get("/cases/import").get_data(as_text=True)
    status = office_client.get(f"/tasks/{task.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "实际到位金额：1 件" in status


def test_a_partial_file_with_an_unregistered_case_changes_nothing(app, plan, runner, tmp_path):
    register(app, tmp_path, row(1), row(2))
    path = write_export(tmp_path / "反馈.csv", ("案号", "二审结果"),
                        [["（2021）豫0823民初1号", "改判"], ["（2021）豫0823民初9号", "维持"]])
    result = runner.invoke(args=["cases", "import", str(path)])
    assert result.exit_code == 1
    assert "row 3\t案号\t（2021）豫0823民初9号\t该案号不在案件库中" in result.output
    assert get_case(app, "（2021）豫0823民初1号").appeal_result is None


def test_a_partial_update_passes_the_whole_records_checks(app, plan, tmp_path):
    register(app, tmp_path, row(1), row(2, 结案日期="", 结案方式=""))
    path = write_export(tmp_path / "结案.csv", ("案号", "结案日期"),
                        [["（2021）豫0823民初1号", "2021-01-01"], ["（2021）豫0823民初2号", "2021-06-01"]])
    outcome = import_file(app, path)
    # Closed before it was filed; closed without its closing method (the file lacks that column).
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "结案日期"), (3, "结案方式")]
    assert get_case(app, "（2021）豫0823民初1号").closed_on == date(2021, 4, 20)


def test_a_partial_update_recomputes_the_deadline(app, plan, runner, tmp_path):
    register(app, tmp_path, row(1, 结案日期="", 结案方式=""))
    before = get_case(app, "（2021）豫0823民初1号").deadline
    path = write_export(tmp_path / "延长.csv", ("案号", "延长审限天数"), [["（2021）豫0823民初1号", "30"]])
    result = runner.invoke(args=["cases", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "延长审限天数: 1 件" in result.output
    case = get_case(app, "（2021）豫0823民初1号")
    assert case.extension_days == 30 and (case.deadline - before).days == 30


def test_the_office_maps_a_hearing_schedule_too(app, office_client, tmp_path):
    with app.app_context():
        tasks.get_queue().empty()
    register(app, tmp_path, row(1))
    path = tmp_path / "排期.csv"
    path.write_text("案件号,庭审日,审判场所,主持人\n（2021）豫0823民初1号,2021-04-08,第一审判庭,民事审判庭法官01\n",
                    encoding="utf-8")
    html = upload(office_client, path, kind="hearings").get_data(as_text=True)
    assert 'id="mapping-form"' in html and '<option value="开庭日期"' in html and '<option value="案由"' not in html
    with app.app_context():
        import_id = db.session.scalar(select(CaseImport.id).where(CaseImport.kind == "hearings"))
    token = csrf_token(office_client, "/cases/import")
    form = {"profile_name": "庭审排期", "column-0": "案号", "column-1": "开庭日期", "column-2": "法庭",
            "column-3": "承办人"}
    response = office_client.post(f"/cases/imports/{import_id}/mapping", data=form,
                                  headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 200, response.get_data(as_text=True)
    run_worker(app)
    with app.app_context():
        assert db.session.scalar(select(func.count(Hearing.id))) == 1
        assert db.session.scalar(select(ImportProfile.kind)) == "hearings"
    # Once imported, the mapping page goes to the import's page.
    assert office_client.get(f"/cases/imports/{import_id}/mapping").status_code == 302


def test_a_mapping_saved_wrong_is_deleted_and_the_next_file_asks_again(app, office_client, tmp_path):
    with app.app_context():
        tasks.get_queue().empty()
    upload(office_client, write_foreign(tmp_path, "系统导出.xlsx", row(1)))
    with app.app_context():
        import_id = db.session.scalar(select(CaseImport.id))
    post_mapping(office_client, import_id, "审判系统导出", FOREIGN_MAPPING)
    run_worker(app)
    page = office_client.get("/cases/import").get_data(as_text=True)
    assert "已保存的列名对应" in page and "经办人 → 承办人" in page
    with app.app_context():
        profile_id = db.session.scalar(select(ImportProfile.id))
    token = csrf_token(office_client, "/cases/import")
    response = office_client.post(f"/cases/profiles/{profile_id}/delete",
                                  headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 200 and "审判系统导出" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ImportProfile.id))) == 0
    # The import that used it still says which mapping it was; the next file with those headers asks again.
    assert "导入方案：审判系统导出" in office_client.get(f"/cases/imports/{import_id}").get_data(as_text=True)
    html = upload(office_client, write_foreign(tmp_path, "下月导出.xlsx", row(2))).get_data(as_text=True)
    assert 'id="mapping-form"' in html
