"""Failure paths as features: Redis down, SQLite under concurrent writers, hostile input in forms and exports."""

from __future__ import annotations

import io
import threading
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import CaseImport, Notification, RegisterItem, Role, User
from tests.case_files import ROWS, row, write_csv
from tests.helpers import PLAN_FILE, attach, document, import_file, post, sign_in, upload


def _at_once(functions: list) -> list[BaseException]:
    """Run each function in a thread of its own, all at once; the errors they raised."""
    errors: list[BaseException] = []

    def run(function) -> None:
        try:
            function()
        except BaseException as error:  # reported to the test, which asserts there is none
            errors.append(error)

    threads = [threading.Thread(target=run, args=(function,)) for function in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.usefixtures("plan")
def test_with_redis_down_every_page_renders_and_jobs_say_so_then_resume(app, client, make_user):
    app.config["AS_OF_DATE"] = date(2021, 6, 10)
    make_user("office", Role.OFFICE, department="trial-management")
    sign_in(client, "office")
    working = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    pages = [rule.rule for rule in app.url_map.iter_rules()
             if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith("/static")]
    for url in pages:
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
    refused = post(client, "/recompute")
    assert refused.status_code == 503 and "任务队列" in refused.get_data(as_text=True)
    refused = post(client, "/reports/generate", {"kind": "monthly", "period": "2021-05"})
    assert refused.status_code == 503 and "任务队列" in refused.get_data(as_text=True)
    # Redis is back: the next action works, with no restart of anything.
    app.config["REDIS_URL"] = working
    assert post(client, "/recompute").status_code == 200


@pytest.mark.skipif("postgresql" in __import__("os").environ.get("TEST_DATABASE", ""),
                    reason="about SQLite's single writer")
@pytest.mark.usefixtures("plan")
def test_sqlite_under_concurrent_writers_never_says_locked(app, make_user):
    """Eight threads each writing twenty transactions at once: WAL and the busy timeout serialise them."""
    user_id = make_user("writer", Role.STAFF)

    def write(worker: int) -> None:
        with app.app_context():
            for n in range(20):
                db.session.add(Notification(user_id=user_id, message=f"{worker}-{n}", key=f"{worker}-{n}"))
                db.session.commit()

    assert _at_once([lambda worker=worker: write(worker) for worker in range(8)]) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 160


HOSTILE = ["<script>alert('x')</script>", "=cmd|' /C calc'!A0", "'; DROP TABLE cases; --", "a\x07b", "长" * 4000]


@pytest.mark.usefixtures("people")
def test_hostile_input_is_stored_shown_escaped_and_exported_neutralised(app, client):
    sign_in(client, "civil.staff")
    item_id = document(client)
    with app.app_context():
        version = db.session.get(RegisterItem, item_id).version
    response = post(client, f"{'/measures/document-review'}/items/{item_id}/edit", {
        "period": "2021-05", "case_number": "（2021）豫0823民初101号", "judge": "Civil.Judge", "version": version,
        "reasons": "\n".join(HOSTILE[:4]), "procedure": HOSTILE[1], "case_missing_reason": HOSTILE[0]})
    assert response.status_code == 302
    page = client.get(f"/measures/document-review/items/{item_id}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    with app.app_context():
        stored = db.session.get(RegisterItem, item_id).values
        assert stored["procedure"] == HOSTILE[1] and "DROP TABLE" in stored["reasons"]
        assert db.session.scalar(select(func.count()).select_from(User)) > 0  # nothing was dropped
    # Over-long text is refused with the field named, and nothing changes.
    with app.app_context():
        version = db.session.get(RegisterItem, item_id).version
    too_long = post(client, f"/measures/document-review/items/{item_id}/edit", {
        "period": "2021-05", "case_number": "（2021）豫0823民初101号", "judge": "Civil.Judge", "version": version,
        "reasons": HOSTILE[4] * 2, "case_missing_reason": "尚未导入"})
    assert too_long.status_code == 422
    # In the workbook for the intermediate court, text that a spreadsheet would run is plain text.
    assert attach(client, item_id).status_code == 302
    with app.app_context():
        version = db.session.get(RegisterItem, item_id).version
    submitted = post(client, f"/measures/document-review/items/{item_id}/move", {"action": "submit",
                                                                                 "version": version})
    assert submitted.status_code == 302
    sign_in(client, "office")
    workbook = load_workbook(io.BytesIO(client.get("/measures/document-review/summary.xlsx?period=2021-05").data))
    cells = [c for sheet in workbook.worksheets for row in sheet.values for c in row if isinstance(c, str)]
    assert any(c == "'" + HOSTILE[1] for c in cells)  # the formula is there, as text
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_two_recomputes_of_one_court_at_once_do_not_interleave(app, tmp_path):
    """Two workers recompute the same court at the same moment: each replaces the snapshots whole, so the
    result is one set of figures, not two half-sets or duplicates."""
    from app.indicators import recompute_court
    from app.models import Court, IndicatorValue

    with app.app_context():
        from app.plans import load_plan_file

        load_plan_file(PLAN_FILE)
    assert import_file(app, write_csv(tmp_path / "cases.csv", ROWS)).ok
    with app.app_context():
        court_id = db.session.scalar(select(Court.id))
        alone = recompute_court(court_id)

    def recompute() -> None:
        with app.app_context():
            recompute_court(court_id)

    assert _at_once([recompute, recompute]) == []
    with app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(IndicatorValue))
        distinct = db.session.scalar(select(func.count()).select_from(
            select(IndicatorValue.indicator_code, IndicatorValue.period_key, IndicatorValue.scope_kind,
                   IndicatorValue.scope_id).distinct().subquery()))
    assert stored == distinct == alone


def test_redis_down_at_upload_leaves_no_pending_import(app, office_client, tmp_path):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    response = upload(office_client, write_csv(tmp_path / "c.csv", [row(1)]))
    assert response.status_code == 422
    assert "任务队列暂时无法连接" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CaseImport)) == 0
