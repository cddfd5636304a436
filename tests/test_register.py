"""The shared register, through measure 3 (judgment documents) and measure 11 (hearings)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AuditEntry,
    Campaign,
    Case,
    Department,
    Draw,
    ItemAttachment,
    Judge,
    Measure,
    Notification,
    RegisterItem,
    Role,
    Selection,
    User,
)
from app.obligations.reminders import send_reminders
from app.plans.access import measure_spec
from app.registers import draws
from app.registers.compliance import compliance
from tests.helpers import (
    DOCS,
    PDF,
    PLAN_FILE,
    attach,
    document,
    hand_in,
    handed_in_document,
    import_file,
    move,
    post,
    sign_in,
    status_of,
)

HEARINGS = "/measures/hearing-review"
# ---------------------------------------------------------------- the workflow


def test_hand_in_review_select_publish(app, client, people):
    first = handed_in_document(app, client, people, 101)
    second = handed_in_document(app, client, people, 102)

    sign_in(client, "office")
    page = client.get(f"{DOCS}/lists/selected_excellent_document?period=2021-05").get_data(as_text=True)
    assert "（2021）豫0823民初101号" in page and "（2021）豫0823民初102号" in page
    for item_id in (first, second):
        response = post(client, f"{DOCS}/lists/selected_excellent_document/2021-05/add", {"item_id": item_id})
        assert response.status_code == 302
    assert status_of(app, first) == "selected"
    # Not on the board before it is published.
    assert "民初101号" not in client.get(f"{DOCS}/board").get_data(as_text=True)
    # Two of the month's three: the confirmation says so, and publishing short needs the reason.
    page = client.get(f"{DOCS}/lists/selected_excellent_document?period=2021-05").get_data(as_text=True)
    assert "已选 2 项，共 3 项" in page
    publish = f"{DOCS}/lists/selected_excellent_document/2021-05/publish"
    refused = post(client, publish, {"short_reason": "  "})
    assert refused.status_code == 422 and "名单只有 2 项（应为 3 项）" in refused.get_data(as_text=True)
    assert status_of(app, first) == "selected"
    assert post(client, publish, {"short_reason": "本月仅两篇文书达到优秀标准"}).status_code == 302
    assert status_of(app, first) == "published"

    # Everyone in the court reads the board, the criminal division's liaison too, and the published files.
    sign_in(client, "criminal.staff")
    board = client.get(f"{DOCS}/board").get_data(as_text=True)
    assert "民初101号" in board and "民初102号" in board and "2021-05" in board
    assert "本期 2 项：本月仅两篇文书达到优秀标准" in board
    with app.app_context():
        attachment_id = db.session.scalar(select(ItemAttachment.id).where(ItemAttachment.item_id == first))
    download = client.get(f"{DOCS}/attachments/{attachment_id}")
    assert download.status_code == 200 and download.data == PDF
    assert "attachment" in download.headers["Content-Disposition"]

    # Every step is in the audit trail, with the state before and after.
    with app.app_context():
        actions = list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == str(first),
                                                                          AuditEntry.object_type == "register_item")
                                          .order_by(AuditEntry.id)))
        assert actions == ["item.create", "item.attach", "item.submit", "item.approve", "item.select"]
        approve = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "item.approve",
                                                             AuditEntry.object_id == str(first)))
        assert approve.before == {"status": "submitted"} and approve.after == {"status": "approved"}
        assert db.session.scalar(select(func.count()).where(AuditEntry.action == "list.publish")) == 1


def test_a_published_list_is_frozen_and_holds_its_quota(app, client, people):
    items = [handed_in_document(app, client, people, n) for n in (201, 202, 203, 204)]
    sign_in(client, "office")
    url = f"{DOCS}/lists/selected_excellent_document/2021-05"
    for item_id in items[:3]:
        assert post(client, f"{url}/add", {"item_id": item_id}).status_code == 302
    refused = post(client, f"{url}/add", {"item_id": items[3]})
    assert refused.status_code == 422
    assert "已选满 3 项" in refused.get_data(as_text=True)
    post(client, f"{url}/publish")
    with app.app_context():
        selection_id = db.session.scalar(select(Selection.id).where(Selection.item_id == items[0]))
    refused = post(client, f"{url}/remove/{selection_id}")
    assert refused.status_code == 422 and "已公布" in refused.get_data(as_text=True)
    assert status_of(app, items[0]) == "published"


def test_only_approved_items_can_be_selected(app, client, people):
    sign_in(client, "civil.staff")
    item_id = document(client)
    sign_in(client, "office")
    # A draft is not even visible to the office: no data through guessing ids.
    response = post(client, f"{DOCS}/lists/selected_excellent_document/2021-05/add", {"item_id": item_id})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Selection)) == 0


def test_return_needs_a_reason_and_tells_the_author(app, client, people):
    sign_in(client, "civil.staff")
    item_id = document(client)
    attach(client, item_id)
    move(client, item_id, "submit")
    sign_in(client, "civil.head")
    refused = move(client, item_id, "return")
    assert refused.status_code == 422 and "退回的原因" in refused.get_data(as_text=True)
    assert status_of(app, item_id) == "submitted"
    assert move(client, item_id, "return", reason="评查要点未填写完整").status_code == 302
    assert status_of(app, item_id) == "returned"
    with app.app_context():
        notice = db.session.scalar(select(Notification).where(Notification.user_id == people["staff"]))
        assert "评查要点未填写完整" in notice.message and notice.link.endswith(f"/items/{item_id}")
    # The author fixes it and hands it in again.
    sign_in(client, "civil.staff")
    assert move(client, item_id, "submit").status_code == 302
    assert status_of(app, item_id) == "submitted"


def test_an_illegal_move_is_refused_and_changes_nothing(app, client, people):
    sign_in(client, "civil.staff")
    item_id = document(client)
    attach(client, item_id)
    # The liaison cannot approve, and nobody approves a draft.
    response = move(client, item_id, "approve")
    assert response.status_code == 422 and "不能" in response.get_data(as_text=True)
    sign_in(client, "civil.head")
    assert move(client, item_id, "approve").status_code == 422
    assert status_of(app, item_id) == "draft"


def test_submitting_needs_the_required_fields_and_the_document(app, client, people):
    sign_in(client, "civil.staff")
    missing = post(client, f"{DOCS}/items/new/excellent_document", {"period": "2021-05", "case_number": "",
                                                                     "judge": "", "reasons": ""})
    assert missing.status_code == 422
    bad_number = post(client, f"{DOCS}/items/new/excellent_document", {
        "period": "2021-05", "case_number": "2021民初1号", "judge": "张", "reasons": "好"})
    assert bad_number.status_code == 422 and "案号" in bad_number.get_data(as_text=True)
    item_id = document(client)
    refused = move(client, item_id, "submit")
    assert refused.status_code == 422 and "附上" in refused.get_data(as_text=True)
    assert status_of(app, item_id) == "draft"


def test_a_late_hand_in_needs_a_reason_and_is_marked_late(app, client, people):
    sign_in(client, "civil.staff")
    item_id = document(client, period="2021-04")  # due 2021-04-30; today is 2021-05-20
    attach(client, item_id)
    refused = move(client, item_id, "submit")
    assert refused.status_code == 422 and "逾期" in refused.get_data(as_text=True)
    assert move(client, item_id, "submit", reason="承办法官外出学习").status_code == 302
    with app.app_context():
        item = db.session.get(RegisterItem, item_id)
        assert item.late and item.late_reason == "承办法官外出学习" and item.status == "submitted"


def test_a_hand_in_is_checked_against_the_case_register(app, client, people):
    """A hand-in names a case of the handing-in department, with its own judge picked from the department's judges;
    a case the register lacks needs the reason, and is marked. (A civil liaison once handed in a criminal case with
    the invented judge 张三.) Being in the case data is a check of the number, not an approval."""
    with app.app_context():
        civil = db.session.scalar(select(Department).where(Department.code == "civil"))
        criminal = db.session.scalar(select(Department).where(Department.code == "criminal"))
        for department, number, judge_name in ((civil, "民初555", "李法官"), (criminal, "刑初7", "刑事法官")):
            judge = Judge(court_id=civil.court_id, department_id=department.id, name=judge_name)
            db.session.add(Case(court_id=civil.court_id, case_number=f"（2021）豫0823{number}号", year=2021,
                                court_code="豫0823", type_code=number[:2], sequence=int(number[2:]),
                                category="civil_first_instance", line="civil", department=department, judge=judge,
                                filed_on=date(2021, 3, 1), content_hash=number))
        db.session.commit()
    sign_in(client, "civil.staff")
    form = client.get(f"{DOCS}/items/new/excellent_document").get_data(as_text=True)
    assert "<option value=\"李法官\">" in form and "<option value=\"Civil.Judge\">" in form and "刑事法官" not in form
    url = f"{DOCS}/items/new/excellent_document"
    fields = {"period": "2021-05", "reasons": "说理充分"}
    for values, message in (
            ({"case_number": "（2021）豫0823刑初7号", "judge": "李法官"}, "是刑事审判庭的案件，不是民事审判庭的案件"),
            ({"case_number": "（2021）豫0823民初555号", "judge": "张三"}, "不是民事审判庭的法官"),
            ({"case_number": "（2021）豫0823民初555号", "judge": "Civil.Judge"}, "的承办法官是李法官"),
            ({"case_number": "（2021）豫0823民初556号", "judge": "李法官"}, "不在案件库中"),
            ({"case_number": "（2021）豫0823民初555号", "judge": ""}, "必填")):
        refused = post(client, url, {**fields, **values})
        assert refused.status_code == 422 and message in refused.get_data(as_text=True), message
    with app.app_context():
        assert not db.session.scalar(select(func.count(RegisterItem.id)))
    found = post(client, url, {**fields, "case_number": "(2021)豫0823民初555号", "judge": "李法官"})
    missing = post(client, url, {**fields, "case_number": "（2021）豫0823民初556号", "judge": "李法官",
                                 "case_missing_reason": "5月下旬立案，案件数据尚未导入"})
    assert found.status_code == missing.status_code == 302
    with app.app_context():
        linked, unlinked = db.session.scalars(select(RegisterItem).order_by(RegisterItem.id)).all()
        assert linked.case_id is not None and linked.case_number == "（2021）豫0823民初555号"
        assert linked.case_missing_reason is None
        assert unlinked.case_id is None and unlinked.case_missing_reason == "5月下旬立案，案件数据尚未导入"
    page = client.get(found.headers["Location"]).get_data(as_text=True)
    assert "案件库中有此案：民事审判庭，承办法官李法官（仅核对案号，不代表审核结果）" in page
    assert "已在案件库中" not in page
    page = client.get(missing.headers["Location"]).get_data(as_text=True)
    assert "案件库中无此案" in page and "5月下旬立案，案件数据尚未导入" in page
    # A kind each judge hands in for himself (a hearing) names one of his own cases.
    sign_in(client, "civil.judge")
    refused = post(client, f"{HEARINGS}/items/new/excellent_hearing", {
        "period": "2021Q2", "case_number": "（2021）豫0823民初555号", "hearing_date": "2021-05-10",
        "courtroom": "第一法庭", "video_url": "http://video.court.local/555", "self_assessment": "好"})
    assert refused.status_code == 422 and "承办法官是李法官，不是您本人" in refused.get_data(as_text=True)


def test_a_draft_can_be_deleted_with_its_files_but_not_once_handed_in(app, client, people):
    sign_in(client, "civil.staff")
    kept, dropped = document(client, number=1), document(client, number=2)
    attach(client, kept)
    attach(client, dropped)
    move(client, kept, "submit")
    assert len(_stored_files(app)) == 2
    assert post(client, f"{DOCS}/items/{dropped}/delete").status_code == 302
    assert post(client, f"{DOCS}/items/{kept}/delete").status_code == 422
    assert len(_stored_files(app)) == 1
    with app.app_context():
        assert db.session.get(RegisterItem, dropped) is None and db.session.get(RegisterItem, kept) is not None
        deleted = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "item.delete"))
        assert deleted.before["case_number"] == "（2021）豫0823民初2号" and deleted.before["files"] == ["判决书.pdf"]


# ---------------------------------------------------------------- who sees what


def test_another_department_cannot_see_or_change_drafts(app, client, people):
    sign_in(client, "civil.staff")
    item_id = document(client)
    attach(client, item_id)
    with app.app_context():
        attachment_id = db.session.scalar(select(ItemAttachment.id))
    sign_in(client, "criminal.staff")
    assert client.get(f"{DOCS}/items/{item_id}").status_code == 404
    assert client.get(f"{DOCS}/attachments/{attachment_id}").status_code == 404
    assert "民初101号" not in client.get(f"{DOCS}/items").get_data(as_text=True)
    assert post(client, f"{DOCS}/items/{item_id}/edit", {"period": "2021-05", "case_number": "（2021）豫0823民初9号",
                                                         "judge": "x", "reasons": "x"}).status_code == 404
    assert move(client, item_id, "submit").status_code == 404
    assert attach(client, item_id).status_code == 404
    # The office does not see drafts either; once handed in, it does.
    sign_in(client, "office")
    assert client.get(f"{DOCS}/items/{item_id}").status_code == 404
    sign_in(client, "civil.staff")
    move(client, item_id, "submit")
    sign_in(client, "office")
    assert client.get(f"{DOCS}/items/{item_id}").status_code == 200
    with app.app_context():
        assert db.session.get(RegisterItem, item_id).values["case_number"] == "（2021）豫0823民初101号"


def test_a_judge_cannot_hand_in_department_documents_nor_staff_hearings(app, client, people):
    sign_in(client, "civil.judge")
    assert client.get(f"{DOCS}/items/new/excellent_document").status_code == 403
    sign_in(client, "civil.staff")
    assert client.get(f"{HEARINGS}/items/new/excellent_hearing").status_code == 403
    sign_in(client, "office")
    assert client.get(f"{DOCS}/items/new/excellent_document").status_code == 403


def test_two_people_saving_the_same_item_do_not_overwrite_each_other(app, client, people):
    sign_in(client, "civil.staff")
    item_id = document(client)
    with app.app_context():
        version = db.session.get(RegisterItem, item_id).version
    fields = {"period": "2021-05", "case_number": "（2021）豫0823民初101号", "judge": "Civil.Judge", "version": version,
              "case_missing_reason": "数据尚未导入"}
    assert post(client, f"{DOCS}/items/{item_id}/edit", {**fields, "reasons": "第一人的修改"}).status_code == 302
    stale = post(client, f"{DOCS}/items/{item_id}/edit", {**fields, "reasons": "第二人的修改"}, follow_redirects=True)
    assert "别人" in stale.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(RegisterItem, item_id).values["reasons"] == "第一人的修改"


# ---------------------------------------------------------------- attachments


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _stored_files(app) -> list[Path]:
    return [p for p in Path(app.config["ATTACHMENT_DIR"]).glob("*") if p.is_file()]


@pytest.mark.parametrize(("content", "name", "reason"), [
    (b"MZ\x90\x00\x03" + b"\x00" * 200, "判决书.pdf", "并非真正的 PDF"),
    (PDF, "../../etc/判决书.pdf", "不能包含路径"),
    (PDF, "判决书.exe", "只接受"),
    (b"PK\x03\x04not a zip", "判决书.docx", "并非真正的 DOCX"),
    (b"", "空.pdf", "是空文件"),
])
def test_a_forged_upload_is_refused_and_nothing_is_stored(app, client, people, content, name, reason):
    sign_in(client, "civil.staff")
    item_id = document(client)
    response = attach(client, item_id, content, name)
    assert response.status_code == 422
    assert reason in response.get_data(as_text=True)
    assert _stored_files(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ItemAttachment)) == 0


def test_a_file_over_the_limit_is_refused(app, client, people):
    sign_in(client, "civil.staff")
    item_id = document(client)
    response = attach(client, item_id, PDF + b"0" * (25 * 1024 * 1024), "大文件.pdf")
    assert response.status_code == 422 and "超过 20 MB" in response.get_data(as_text=True)
    assert _stored_files(app) == []


def test_real_documents_are_accepted_under_random_names(app, client, people):
    sign_in(client, "civil.staff")
    item_id = document(client)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
    for content, name in ((PDF, "a.pdf"), (_docx(), "b.docx"), (ole, "c.doc"), (ole, "d.wps")):
        assert attach(client, item_id, content, name).status_code == 302, name
    stored = _stored_files(app)
    assert len(stored) == 4 and not any(p.name.endswith((".pdf", ".docx")) for p in stored)
    assert not str(Path(app.config["ATTACHMENT_DIR"])).startswith(app.static_folder)


# ---------------------------------------------------------------- compliance and quotas


def _matrix(app, code: str, day: date):
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        measure = db.session.scalar(select(Measure).where(Measure.code == code))
        return compliance(campaign, measure, measure_spec(campaign, code), day)


def _cell(matrix, key: str, period: str):
    row = next(r for r in matrix.rows if (r.user.username if r.user else r.department.code) == key)
    return next(c for c in row.cells if c.period.key == period)


def test_the_plans_quotas_drive_the_matrix(app, people):
    hand_in(app, "excellent_document", "civil", "2021-04", 4)
    hand_in(app, "flawed_document", "civil", "2021-04", 2)
    hand_in(app, "flawed_document", "civil", "2021-04", 3, status="draft")  # drafts do not count
    hand_in(app, "excellent_document", "criminal", "2021-04", 2)
    hand_in(app, "flawed_document", "criminal", "2021-04", 2, late=True)
    [matrix] = _matrix(app, "document_review", date(2021, 5, 20))
    assert [p.key for p in matrix.periods][:2] == ["2021-03", "2021-04"] and len(matrix.periods) == 10
    civil = _cell(matrix, "civil", "2021-04")
    assert (civil.handed_in, civil.required, civil.state) == (6, 8, "overdue")  # 4+4 from the plan
    criminal = _cell(matrix, "criminal", "2021-04")
    assert (criminal.handed_in, criminal.required, criminal.state) == (4, 4, "late")  # 2+2
    assert _cell(matrix, "general", "2021-05").required == 2 and _cell(matrix, "general", "2021-05").state == "due"
    assert _cell(matrix, "general", "2021-06").state == "future"
    # The enforcement division owes no documents: it has no row.
    assert "enforcement" not in {r.department.code for r in matrix.rows}

    # Another plan, another matrix: no code change.
    changed = PLAN_FILE.read_text(encoding="utf-8").replace("civil = 4 }", "civil = 3 }")
    changed = changed.replace('definition_version = "wuzhi-2021.1"', 'definition_version = "wuzhi-2021.2"')
    other = Path(app.instance_path).parent / "plan-test.toml"
    try:
        other.write_text(changed, encoding="utf-8")
        with app.app_context():
            from app.plans import load_plan_file

            load_plan_file(other)
    finally:
        other.unlink()
    [matrix] = _matrix(app, "document_review", date(2021, 5, 20))
    assert _cell(matrix, "civil", "2021-04").required == 6


def test_a_surplus_of_one_kind_does_not_make_up_for_another(app, people):
    hand_in(app, "excellent_document", "general", "2021-04", 2)
    [matrix] = _matrix(app, "document_review", date(2021, 5, 20))
    assert (_cell(matrix, "general", "2021-04").handed_in, _cell(matrix, "general", "2021-04").required) == (1, 2)


def test_judges_owe_hearings_by_quarter(app, client, people):
    sign_in(client, "civil.judge")
    response = post(client, f"{HEARINGS}/items/new/excellent_hearing", {
        "period": "2021Q2", "case_number": "（2021）豫0823民初77号", "hearing_date": "2021-05-10",
        "courtroom": "第一法庭", "video_url": "http://video.court.local/2021/77",
        "self_assessment": "庭审节奏把控得当", "case_missing_reason": "案件数据尚未导入"})
    assert response.status_code == 302, response.get_data(as_text=True)
    item_id = int(re.search(r"/items/(\d+)", response.headers["Location"])[1])
    # A link to the video is enough; no upload needed.
    assert move(client, item_id, "submit", base=HEARINGS).status_code == 302
    [matrix] = _matrix(app, "hearing_review", date(2021, 5, 20))
    assert matrix.scope == "judge" and matrix.period_kind == "quarter"
    assert {r.user.username for r in matrix.rows} >= {"civil.judge", "civil.head"}
    assert "civil.staff" not in {r.user.username for r in matrix.rows}
    mine = _cell(matrix, "civil.judge", "2021Q2")
    assert (mine.handed_in, mine.required, mine.state) == (0, 2, "due")  # handed in, not yet approved
    sign_in(client, "civil.head")
    assert move(client, item_id, "approve", base=HEARINGS).status_code == 302
    [matrix] = _matrix(app, "hearing_review", date(2021, 5, 20))
    mine = _cell(matrix, "civil.judge", "2021Q2")
    assert (mine.handed_in, mine.required, mine.state) == (1, 2, "due")
    assert _cell(matrix, "civil.head", "2021Q2").handed_in == 0
    # A bad link is refused.
    refused = post(client, f"{HEARINGS}/items/new/flawed_hearing", {
        "period": "2021Q2", "case_number": "（2021）豫0823民初78号", "hearing_date": "2021-05-11",
        "courtroom": "第一法庭", "video_url": "javascript:alert(1)", "self_assessment": "x"})
    assert refused.status_code == 422 and "http://" in refused.get_data(as_text=True)


def test_a_department_sees_its_own_row_and_what_is_due(app, client, people):
    hand_in(app, "excellent_document", "civil", "2021-05", 4)
    sign_in(client, "civil.staff")
    page = client.get(f"{DOCS}/compliance").get_data(as_text=True)
    assert "民事审判庭" in page and "刑事审判庭" not in page
    assert "2021-06-05" in page  # the deadline of what is still due: 5 days after the month (the plan's rule)
    sign_in(client, "office")
    page = client.get(f"{DOCS}/compliance").get_data(as_text=True)
    assert "民事审判庭" in page and "刑事审判庭" in page


def test_the_summary_workbook_lists_the_months_items(app, client, people):
    handed_in_document(app, client, people, 301)
    sign_in(client, "office")
    response = client.get(f"{DOCS}/summary.xlsx?period=2021-05")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    quotas = list(workbook.worksheets[0].values)[2:]
    assert ("民事审判庭", None, "优秀裁判文书", 1, 4, None) in quotas
    items = list(workbook.worksheets[1].values)
    assert any("（2021）豫0823民初301号" in row and "说理充分" in row for row in items)
    sign_in(client, "civil.staff")
    assert client.get(f"{DOCS}/summary.xlsx?period=2021-05").status_code == 403


# ---------------------------------------------------------------- draws


def _closed_cases(app, count: int, judge_user: int | None) -> None:
    with app.app_context():
        civil = db.session.scalar(select(Department).where(Department.code == "civil"))
        judge = Judge(court_id=civil.court_id, department_id=civil.id, name="民事庭长", user_id=judge_user)
        other = Judge(court_id=civil.court_id, department_id=civil.id, name="普通法官")
        for n in range(count):
            for who, offset in ((judge, 0), (other, 1000)):
                db.session.add(Case(
                    court_id=civil.court_id, case_number=f"（2021）豫0823民初{n + offset + 1}号", year=2021,
                    court_code="豫0823", type_code="民初", sequence=n + offset + 1, category="civil_first_instance",
                    line="civil", department=civil, judge=who, filed_on=date(2021, 3, 1),
                    closed_on=date(2021, 4, 10 + n % 10),
                    closing_method=("调解", "判决", "判决", "裁定")[n % 4],
                    content_hash="x"))
        db.session.commit()


def test_the_draw_is_reproducible_from_its_recorded_seed(app, client, people):
    _closed_cases(app, 12, people["head"])
    sign_in(client, "office")
    response = post(client, f"{DOCS}/draws/run/drawn_head_document", {"period": "2021-04"})
    assert response.status_code == 302
    with app.app_context():
        result = db.session.scalar(select(Draw))
        # The candidates: the head's judgments and rulings (裁判文书) closed in April, not mediations, not other
        # judges' cases.
        assert len(result.candidates) == 9 and result.candidates == sorted(result.candidates)
        assert "（2021）豫0823民初4号" in result.candidates  # a ruling
        assert all(int(re.search(r"民初(\d+)号", c)[1]) <= 12 for c in result.candidates)
        assert len(result.chosen) == 1 and result.chosen[0] in result.candidates
        # Anyone can redo it from what is recorded.
        import random

        assert random.Random(result.seed).sample(result.candidates, 1) == result.chosen
        assert draws.verify(result)
        # The drawn case becomes the civil division's item to hand in, published on the board at once.
        item = db.session.get(RegisterItem, result.item_ids[0])
        assert item.kind == "drawn_head_document" and item.case_number == result.chosen[0]
        assert item.department.code == "civil" and item.values["judge"] == "民事庭长"
        draw_id = result.id
        assert db.session.scalar(select(Notification.message).where(Notification.user_id == people["staff"]))
        # The head whose document was drawn is told, and owes it by the plan's days after the draw.
        assert db.session.scalar(select(Notification.message).where(Notification.user_id == people["head"],
                                                                    Notification.key.startswith("drawn:")))
        from app.obligations.work import my_work

        campaign = db.session.scalar(select(Campaign))
        head = db.session.get(User, people["head"])
        owed = [s for s in my_work(campaign, head, date(2021, 5, 20)).owed if s.duty.code == "head-document-hand-in"]
        assert [s.subject for s in owed] == [result.chosen[0]] and owed[0].owner.user_id == head.id
        # The draw is in the audit trail with its seed and result.
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "draw"))
        assert entry.after["seed"] == result.seed and entry.after["chosen"] == result.chosen
    assert "验证" in client.get(f"{DOCS}/draws/{draw_id}").get_data(as_text=True)
    sign_in(client, "criminal.staff")
    assert result.chosen[0] in client.get(f"{DOCS}/board").get_data(as_text=True)
    # A draw is made once: the result stands.
    sign_in(client, "office")
    again = post(client, f"{DOCS}/draws/run/drawn_head_document", {"period": "2021-04"})
    assert again.status_code == 422 and "已经抽取" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Draw)) == 1


def test_the_drawn_case_cannot_be_swapped_for_another(app, client, people):
    _closed_cases(app, 8, people["head"])
    sign_in(client, "office")
    post(client, f"{DOCS}/draws/run/drawn_head_document", {"period": "2021-04"})
    with app.app_context():
        result = db.session.scalar(select(Draw))
        item_id, drawn = result.item_ids[0], result.chosen[0]
    sign_in(client, "civil.staff")
    response = post(client, f"{DOCS}/items/{item_id}/edit", {
        "period": "2021-05", "case_number": "（2021）豫0823民初999号", "judge": "普通法官", "version": 1})
    assert response.status_code == 302
    with app.app_context():
        item = db.session.get(RegisterItem, item_id)
        assert (item.case_number, item.values["case_number"], item.period) == (drawn, drawn, "2021-04")
    assert attach(client, item_id).status_code == 302
    # April's deadline has passed (today is 20 May): handing in needs a reason, as for any late item.
    assert move(client, item_id, "submit", reason="抽取于5月").status_code == 302
    assert status_of(app, item_id) == "submitted"


def test_a_tampered_draw_fails_verification(app, client, people):
    _closed_cases(app, 8, people["head"])
    sign_in(client, "office")
    post(client, f"{DOCS}/draws/run/drawn_head_document", {"period": "2021-04"})
    with app.app_context():
        result = db.session.scalar(select(Draw))
        other = next(c for c in result.candidates if c not in result.chosen)
        result.chosen = [other]
        db.session.commit()
        draw_id = result.id
        assert not draws.verify(result)
    assert "不能由种子得出" in client.get(f"{DOCS}/draws/{draw_id}").get_data(as_text=True)


def test_nothing_to_draw_is_said_and_nothing_recorded(app, client, people):
    sign_in(client, "office")
    response = post(client, f"{DOCS}/draws/run/drawn_head_document", {"period": "2021-04"})
    assert response.status_code == 422 and "没有可供抽取" in response.get_data(as_text=True)
    sign_in(client, "civil.staff")
    assert post(client, f"{DOCS}/draws/run/drawn_head_document", {"period": "2021-04"}).status_code == 403


HEARING_HEADERS = ("案号", "开庭日期", "法庭", "承办人")


def _hearings_file(path, rows: list[tuple[str, str, str, str]]):
    import csv

    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEARING_HEADERS)
        writer.writerows(rows)
    return path


@pytest.fixture
def heard(app, people, tmp_path):
    """Civil cases 1–3 and criminal case 5 in the case data."""
    from tests.case_files import row, write_csv

    pending = {"立案日期": "2021-03-01", "结案日期": "", "结案方式": "", "生效日期": "", "审判程序": "普通程序"}
    rows = [row(n, **pending) for n in (1, 2, 3)]
    rows.append(row(5, 案号="（2021）豫0823刑初5号", 承办部门="刑事审判庭", 承办人="刑事审判庭法官01", 案由="盗窃罪",
                    **pending))
    assert import_file(app, write_csv(tmp_path / "cases.csv", rows)).ok


def test_hearings_come_in_from_an_import_all_or_nothing(app, heard, tmp_path):
    """案号, 开庭日期, 法庭, 承办人, with the case import's rules: one bad row and no row is imported, each bad row
    named with its column; the same file again changes nothing."""
    from app.models import Hearing

    good = [("（2021）豫0823民初1号", "2021-04-08", "第一审判庭", "民事审判庭法官01"),
            ("（2021）豫0823刑初5号", "2021/5/6", "第二审判庭", "刑事审判庭法官01")]
    bad = import_file(app, _hearings_file(tmp_path / "bad.csv", [
        *good, ("（2021）豫0823民初9号", "2021-04-09", "第一审判庭", "x"),  # not in the case data
        ("（2021）豫0823民初2号", "2021-02-01", "第一审判庭", "x"),  # before the filing
        ("（2021）豫0823民初3号", "2021-04-10", "", "x"), good[0]]), kind="hearings")
    assert not bad.ok
    assert {(e.row, e.column) for e in bad.errors} == {(4, "案号"), (5, "开庭日期"), (6, "法庭"), (7, "案号")}
    assert "尚未导入" in next(e.reason for e in bad.errors if e.row == 4)
    with app.app_context():
        assert not db.session.scalar(select(func.count(Hearing.id)))
    assert import_file(app, _hearings_file(tmp_path / "good.csv", good), kind="hearings").created == 2
    again = import_file(app, _hearings_file(tmp_path / "again.csv", good), kind="hearings")
    assert (again.created, again.unchanged) == (0, 2)


def test_hearings_are_drawn_per_trial_line_from_those_held_and_reviewed_with_scores(app, client, people, heard,
                                                                                      tmp_path, make_user):
    """"以审判条线为单位，随机选取开庭审理案件": the draw is made per line among the hearings held in the quarter up to
    today, not among the hearings judges handed in; the review says whether it was observed on site or by video."""

    held = [("（2021）豫0823民初1号", "2021-04-08", "第一审判庭", "民事审判庭法官01"),
            ("（2021）豫0823民初2号", "2021-04-20", "第一审判庭", "民事审判庭法官01"),
            ("（2021）豫0823民初2号", "2021-05-11", "第二审判庭", "民事审判庭法官01"),
            ("（2021）豫0823民初3号", "2021-06-15", "第一审判庭", "民事审判庭法官01"),  # after today (20 May)
            ("（2021）豫0823刑初5号", "2021-05-06", "第二审判庭", "刑事审判庭法官01")]
    assert import_file(app, _hearings_file(tmp_path / "hearings.csv", held), kind="hearings").ok
    hand_in(app, "excellent_hearing", "civil", "2021Q2", 2, author=people["judge"])  # chosen by judges: no part
    sign_in(client, "office")
    assert post(client, f"{HEARINGS}/draws/run/observed_hearing", {"period": "2021Q2"}).status_code == 302
    with app.app_context():
        made = {d.line: d for d in db.session.scalars(select(Draw))}
        assert set(made) == {"civil", "criminal"}
        assert made["civil"].candidates == ["（2021）豫0823民初1号 2021-04-08 第一审判庭",
                                            "（2021）豫0823民初2号 2021-04-20 第一审判庭",
                                            "（2021）豫0823民初2号 2021-05-11 第二审判庭"]
        assert len(made["civil"].chosen) == 1 and all(draws.verify(d) for d in made.values())
        drawn = db.session.get(RegisterItem, made["criminal"].item_ids[0])
        assert (drawn.kind, drawn.status, drawn.case_number) == ("observed_hearing", "submitted",
                                                                 "（2021）豫0823刑初5号")
        assert drawn.values["hearing_date"] == "2021-05-06" and drawn.values["courtroom"] == "第二审判庭"
    url = f"{HEARINGS}/items/{drawn.id}/comments"
    refused = post(client, url, {"body": "庭审规范，发问有条理", "score": "88"})
    assert refused.status_code == 422 and "现场观摩、网上视频" in refused.get_data(as_text=True)
    assert post(client, url, {"body": "庭审规范，发问有条理", "score": "88", "mode": "网上视频"}).status_code == 302
    page = client.get(f"{HEARINGS}/items/{drawn.id}").get_data(as_text=True)
    assert "88" in page and "网上视频" in page and "庭审规范" in page
    # Only the office scores: a leader reads the drawn item but is offered no score, and a score he sends is refused.
    assert 'name="score"' in page
    make_user("leader", Role.LEADER, department="leadership")
    sign_in(client, "leader")
    page = client.get(f"{HEARINGS}/items/{drawn.id}").get_data(as_text=True)
    assert "庭审规范" in page and 'name="score"' not in page
    assert post(client, url, {"body": "x", "score": "100", "mode": "现场观摩"}).status_code == 403
    sign_in(client, "criminal.staff")
    assert post(client, url, {"body": "x", "score": "100", "mode": "现场观摩"}).status_code == 403


def test_hearing_quotas_are_owed_by_the_trial_divisions_judges_only(app, make_user, people):
    """"各审判业务部门的员额法官": the enforcement bureau's judges owe no excellent or flawed hearing."""
    from app.obligations import evaluate

    make_user("enforcement.judge", Role.JUDGE, department="enforcement")
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        owers = {db.session.get(User, s.owner.user_id).username
                 for s in evaluate(campaign, date(2021, 7, 20), codes=["hearing-quota"])}
    assert {"civil.judge", "civil.head"} <= owers and "enforcement.judge" not in owers


def test_the_years_top_ten_hearings_with_showcases(app, client, people):
    hand_in(app, "excellent_hearing", "civil", "2021Q2", 2, author=people["judge"], status="approved")
    with app.app_context():
        ids = list(db.session.scalars(select(RegisterItem.id).order_by(RegisterItem.id)))
    sign_in(client, "office")
    url = f"{HEARINGS}/lists/top_excellent_hearing/2021"
    assert post(client, f"{url}/add", {"item_id": ids[0], "showcases": ["city", "province"]}).status_code == 302
    # A showcase the plan does not name is refused.
    assert post(client, f"{url}/add", {"item_id": ids[1], "showcases": ["galaxy"]}).status_code == 400
    assert post(client, f"{url}/add", {"item_id": ids[1], "showcases": ["city"]}).status_code == 302
    assert post(client, f"{url}/publish", {"short_reason": "全年仅两场精品庭审"}).status_code == 302  # 2 of 10
    with app.app_context():
        showcases = list(db.session.scalars(select(Selection.showcases).order_by(Selection.id)))
    assert showcases == [["city", "province"], ["city"]]
    board = client.get(f"{HEARINGS}/board").get_data(as_text=True)
    assert "推荐省级精品庭审" in board and "年度十大精品庭审" in board


def test_the_register_speaks_english_when_chosen(app, client, people):
    handed_in_document(app, client, people, 401)
    page = client.get(f"{DOCS}/items?lang=en").get_data(as_text=True)
    assert "Excellent judgment document" in page and "approved" in page and "优秀裁判文书" not in page
    page = client.get(f"{DOCS}/compliance?lang=en").get_data(as_text=True)
    assert "Departments by month" in page and "Civil Division" in page


# ---------------------------------------------------------------- reminders


def test_reminders_go_out_once_per_owner_period_and_event(app, people):
    hand_in(app, "excellent_document", "civil", "2021-05", 4)
    hand_in(app, "excellent_document", "civil", "2021-04", 4)
    hand_in(app, "flawed_document", "civil", "2021-04", 4)
    with app.app_context(), app.test_request_context("/"):
        campaign = db.session.scalar(select(Campaign))
        staff = db.session.get(User, people["staff"])
        gone = User(username="civil.gone", display_name="已调离", department_id=staff.department_id, active=False)
        gone.roles = [Role.STAFF]
        gone.set_password("x-password-1")
        db.session.add(gone)
        db.session.commit()

        def keys(user_id: int) -> list[str]:
            """This test's documents only (measure 9's monthly report is due too)."""
            return sorted(k for k in db.session.scalars(select(Notification.key).where(Notification.user_id == user_id))
                          if "document-quota" in k or "hearing-quota" in k)

        first = send_reminders(campaign, date(2021, 6, 1))  # May is due on 5 June (the plan's rule): within 5 days
        again = send_reminders(campaign, date(2021, 6, 1))
        assert first > 0 and again == 0
        civil = f"d{staff.department_id}"
        assert keys(staff.id) == [f"due:document-quota:{civil}:2021-05"]  # April is complete: nothing about it
        note = db.session.scalar(select(Notification).where(Notification.user_id == staff.id,
                                                            Notification.key.contains("document-quota")))
        assert "4/8" in note.message and "2021-06-05" in note.message
        assert keys(people["head"]) == [f"due:document-quota:{civil}:2021-05"]
        assert keys(gone.id) == []  # a deactivated account is told nothing
        # Judges are reminded of their own hearings (Q2 is due 10 July: not yet), not of the division's documents.
        assert keys(people["judge"]) == []
        # After the deadline: one overdue notice, also only once.
        assert send_reminders(campaign, date(2021, 6, 7)) > 0
        send_reminders(campaign, date(2021, 6, 8))
        assert keys(staff.id) == [f"due:document-quota:{civil}:2021-05", f"overdue:document-quota:{civil}:2021-05"]
        send_reminders(campaign, date(2021, 7, 6))
        assert f"due:hearing-quota:u{people['judge']}:2021Q2" in keys(people["judge"])


def test_the_daily_reminder_job_runs_once_per_day(app, people, redis_url):
    from app.tasks import redis_connection
    from app.tasks.reminders import daily_reminders

    with app.app_context():
        for key in redis_connection().scan_iter("quality-year:daily-reminders:*"):
            redis_connection().delete(key)
        assert daily_reminders(date(2021, 5, 27)) > 0
        assert daily_reminders(date(2021, 5, 27)) == 0


def test_a_stored_link_that_is_not_http_is_shown_as_text(app, client, people):
    """Defence in depth: the form refuses such links, and a value that got in another way is never a live link."""
    hand_in(app, "excellent_hearing", "civil", "2021Q2", 1, author=people["judge"])
    with app.app_context():
        item = db.session.scalar(select(RegisterItem))
        item.values = {**(item.values or {}), "video_url": "javascript:alert(1)"}
        db.session.commit()
        item_id = item.id
    sign_in(client, "civil.judge")
    page = client.get(f"{HEARINGS}/items/{item_id}").get_data(as_text=True)
    assert "javascript:alert(1)" in page and 'href="javascript:' not in page


def test_an_items_way_back_keeps_the_lists_filters(app, client, people):
    sign_in(client, "civil.staff")
    item_id = document(client, "excellent_document", 401)
    assert attach(client, item_id).status_code == 302
    sign_in(client, "civil.head")
    listing = client.get(f"{DOCS}/items?status=draft&kind=excellent_document&page=1").get_data(as_text=True)
    link = re.search(rf'href="({DOCS}/items/{item_id}\?back=[^"]+)"', listing)
    assert link, "the list's link to the item carries its filters"
    page = client.get(link[1].replace("&amp;", "&")).get_data(as_text=True)
    assert f'href="{DOCS}/items?status=draft&amp;kind=excellent_document&amp;page=1"' in page
    # Its forms keep them too: after a move the item page still leads back to the same list.
    sign_in(client, "civil.staff")
    with app.app_context():
        version = db.session.get(RegisterItem, item_id).version
    response = post(client, f"{DOCS}/items/{item_id}/move?back=status%3Ddraft%26kind%3Dexcellent_document",
                    {"action": "submit", "version": version, "reason": ""})
    assert response.status_code == 302 and "back=status%3Ddraft%26kind%3Dexcellent_document" in \
        response.headers["Location"]
    assert status_of(app, item_id) == "submitted"
    # Only the list's own filters are kept: nothing else rides along, and nowhere else can be reached.
    page = client.get(f"{DOCS}/items/{item_id}?back=next%3Dhttp%3A%2F%2Fevil.example%26status%3Dsubmitted"
                      ).get_data(as_text=True)
    assert f'href="{DOCS}/items?status=submitted"' in page and "evil.example" not in page


def test_the_drawn_case_number_is_shown_read_only_on_its_form(app, client, people):
    _closed_cases(app, 8, people["head"])
    sign_in(client, "office")
    post(client, f"{DOCS}/draws/run/drawn_head_document", {"period": "2021-04"})
    with app.app_context():
        result = db.session.scalar(select(Draw))
        item_id, drawn = result.item_ids[0], result.chosen[0]
    sign_in(client, "civil.staff")
    page = client.get(f"{DOCS}/items/{item_id}/edit").get_data(as_text=True)
    case_input = re.search(r'<input[^>]*name="case_number"[^>]*>', page).group(0)
    assert drawn in case_input and "readonly" in case_input
    judge = re.search(r'<select[^>]*name="judge"[^>]*>', page).group(0)
    assert "readonly" not in judge  # only the drawn case is fixed; the rest is the department's to fill in
