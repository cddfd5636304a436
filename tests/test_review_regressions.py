"""Regressions for problems a review found: each test fails without its fix."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app import tasks
from app.extensions import db
from app.models import CaseImport, Judge, Role, Task, User
from tests.case_files import row, write_csv
from tests.helpers import PLAN_FILE, csrf_token, department_id, import_file, prepare, run_worker, sign_in, upload


def test_a_judge_is_linked_only_to_an_account_of_the_same_department(app, plan, tmp_path, make_user):
    user_id = make_user("civil.li", Role.JUDGE, department="civil")
    with app.app_context():
        db.session.get(User, user_id).display_name = "李四"
        db.session.commit()
    rows = [row(1, 案号="（2021）豫0823刑初1号", 承办部门="刑事审判庭", 承办人="李四", 审判程序="普通程序")]
    assert import_file(app, write_csv(tmp_path / "c.csv", rows)).ok
    with app.app_context():
        assert db.session.scalar(select(Judge).where(Judge.name == "李四")).user_id is None


def test_a_long_unknown_user_name_fails_sign_in_cleanly(client, plan):
    response = sign_in(client, "x" * 80, "whatever-password")
    assert response.status_code == 401


def test_redis_down_at_upload_leaves_no_pending_import(app, office_client, tmp_path):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    response = upload(office_client, write_csv(tmp_path / "c.csv", [row(1)]))
    assert response.status_code == 422
    assert "任务队列暂时无法连接" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CaseImport)) == 0


def test_a_failed_task_is_retried_once_at_a_time(app, office_client, tmp_path):
    from tests import jobs

    with app.app_context():
        tasks.get_queue().empty()
        user = db.session.scalar(select(User).where(User.username == "office"))
        task = tasks.submit(jobs.write_then_fail, user.id, kind="test", description="x", permission="case.import",
                            court_id=user.court_id, user=user)
    run_worker(app)
    token = csrf_token(office_client, "/")
    assert office_client.post(f"/tasks/{task.id}/retry", headers={"X-CSRFToken": token}).status_code == 302
    assert office_client.post(f"/tasks/{task.id}/retry", headers={"X-CSRFToken": token}).status_code == 409
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Task)) == 2


def test_a_plan_with_a_new_measure_code_keeps_the_pages_working(app, office_client, tmp_path):
    from app.plans import load_plan_file

    text = PLAN_FILE.read_text(encoding="utf-8").replace('code = "leaders_handle_cases"', 'code = "new_measure"')
    text = text.replace('definition_version = "wuzhi-2021.1"', 'definition_version = "wuzhi-2021.2"')
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    with app.app_context():
        load_plan_file(path)
    response = office_client.get("/")
    assert response.status_code == 200
    assert "院领导办案" in response.get_data(as_text=True)


def test_an_unlinked_judge_sees_no_department_figures(app, client, make_user, tmp_path):
    prepare(app, tmp_path)
    make_user("lone.judge", Role.JUDGE, department="civil")
    sign_in(client, "lone.judge")
    html = client.get("/?period=2021-05").get_data(as_text=True)
    assert not re.search(r">3</a> / <a", html)  # the civil division's 3 / 6 is not his
    assert client.get(f"/?period=2021-05&department={department_id(app, 'civil')}").status_code == 403


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
