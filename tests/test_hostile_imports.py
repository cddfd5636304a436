"""Hostile imports (issue 18): a small .xlsx that would expand in memory is refused before it is parsed, by the
worker as by the upload page; an import job runs under a memory ceiling in its work horse; an import keeps a bounded
list of its bad rows and counts the rest."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, func, select

from app import tasks
from app.extensions import db
from app.importers import UnreadableFile, run_case_import, store_upload, upload_folder
from app.importers.cases import HEADERS
from app.importers.reading import open_sheet
from app.models import Case, CaseImport, Court, Task
from app.tasks.cases import import_cases
from tests.case_files import row, write_csv, write_workbook
from tests.helpers import csrf_token

ROOT = Path(__file__).resolve().parents[1]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# Runs the command as its child and prints the peak RSS (kB) of the largest process it waited for, the command's
# descendants included (a worker's work horse is reaped by the worker, whose own children count towards it).
MEASURE = ("import resource, subprocess, sys\n"
           "done = subprocess.run(sys.argv[1:])\n"
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
           "sys.exit(done.returncode)\n")


def hostile_xlsx(path: Path, sheet_data: str | bytes | list[bytes], dimension: str | None = None,
                 sheet: str = "案件", method: int = zipfile.ZIP_DEFLATED) -> Path:
    """A minimal workbook whose one sheet holds ``sheet_data`` (the rows' XML; a list of pieces is streamed into
    the archive, so a sheet of hundreds of megabytes is built without holding it)."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{rel}"><sheets>'
        f'<sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
    }
    head = (f'<?xml version="1.0"?><worksheet xmlns="{MAIN}">'
            + (f'<dimension ref="{dimension}"/>' if dimension else "") + "<sheetData>").encode()
    pieces = sheet_data if isinstance(sheet_data, list) else [
        sheet_data.encode() if isinstance(sheet_data, str) else sheet_data]
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(head)
            for piece in pieces:
                out.write(piece)
            out.write(b"</sheetData></worksheet>")
    return path


def cell(ref: str, text: str = "x") -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row() -> str:
    return '<row r="1">' + "".join(cell(f"{chr(65 + n)}1", h) for n, h in enumerate(HEADERS)) + "</row>"


def far_cell(path: Path) -> Path:
    """The probe's 1.9 KB file: the header and one cell at V2000000 (no dimension declared)."""
    return hostile_xlsx(path, header_row() + f'<row r="2000000">{cell("V2000000")}</row>')


def far_dimension(path: Path) -> Path:
    """A cell at XFD1048576, declared in the sheet's dimension."""
    return hostile_xlsx(path, header_row() + f'<row r="1048576">{cell("XFD1048576")}</row>',
                        dimension="A1:XFD1048576")


def zip_bomb(path: Path, megabytes: int = 100) -> Path:
    """A sheet of ``megabytes`` MB of identical rows, which deflate squeezes about 340 to 1 (300 KB)."""
    rows = b'<row r="2"><c r="A2"><v>1</v></c></row>' * ((1 << 20) // 38)
    return hostile_xlsx(path, [header_row().encode()] + [rows] * (megabytes * (1 << 20) // len(rows)))


def worker_env(database_url: str, redis_url: str, **settings: str) -> dict[str, str]:
    """The environment tests/services.start_worker gives a real worker."""
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "SECRET_KEY": "test-secret",
           "APP_CONFIG": "development", "PYTHONPATH": str(ROOT), **settings}
    env.pop("AS_OF_DATE", None)
    return env


def burst_worker(database_url: str, redis_url: str, **settings: str) -> int:
    """Run a real `rq worker --burst` (a work horse forked per job) until the queue is empty; the peak RSS in MB of
    the largest of its processes."""
    done = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "rq.cli", "worker", "--burst",
                           "--url", redis_url, "default"], env=worker_env(database_url, redis_url, **settings),
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]  # the worker itself came through
    return int(done.stdout.strip().splitlines()[-1]) // 1024


def queue_import(app, path: Path) -> tuple[int, str]:
    """Store the file as the upload page does and queue its import job, without the page's preview (which would
    refuse a hostile file in the web process before any job): the worker's own checks are under test."""
    with app.app_context():
        court = db.session.scalar(select(Court))
        with open(path, "rb") as stream:
            case_import = store_upload(stream, path.name, court, None)
        task = tasks.submit(import_cases, case_import.id, kind="case_import", description=path.name,
                            permission="case.import", court_id=court.id)
        case_import.task_id = task.id
        db.session.commit()
        return case_import.id, task.id


def settled(app, import_id: int, task_id: str) -> tuple[CaseImport, Task]:
    with app.app_context():
        case_import, task = db.session.get(CaseImport, import_id), db.session.get(Task, task_id)
        case_import.errors, case_import.error_groups  # noqa: B018 - deferred: loaded before the session goes
        db.session.expunge_all()
        return case_import, task


def test_hostile_workbooks_are_refused_by_the_worker_in_seconds_and_little_memory(app, plan, tmp_path,
                                                                                 database_url, redis_url):
    """The probe's files: a cell at V2000000 (1.5 GB before), a cell at XFD1048576 by the declared dimension (512 GB
    asked, the process aborted), a 300 KB sheet expanding to 100 MB (1.9 GB for 42 s). Each is refused by a real
    worker's work horse in under 5 s while no process of the worker passes 300 MB; a good file queued behind them
    is imported by the same worker, under the same memory ceiling."""
    with app.app_context():
        tasks.get_queue().empty()
        uploads = set(upload_folder().iterdir())
    files = [far_cell(tmp_path / "far.xlsx"), far_dimension(tmp_path / "wide.xlsx"),
             zip_bomb(tmp_path / "bomb.xlsx")]
    assert all(path.stat().st_size < 400_000 for path in files)
    queued = [queue_import(app, path) for path in files]
    good = queue_import(app, write_csv(tmp_path / "good.csv", [row(1), row(2)]))

    peak_mb = burst_worker(database_url, redis_url)

    assert peak_mb < 300, f"a worker process reached {peak_mb} MB"
    reasons = []
    for (import_id, task_id), path in zip(queued, files, strict=True):
        case_import, task = settled(app, import_id, task_id)
        assert task.status == "finished", task.error
        assert (task.finished_at - task.started_at).total_seconds() < 5
        assert case_import.status == "rejected" and case_import.error_count == 1
        assert case_import.stored_path is None
        reason = case_import.errors[0]["reason"]
        assert path.name in reason and "工作表 案件" in reason, reason
        reasons.append(reason)
    assert "V2000000" in reasons[0] and "200 列" in reasons[0]
    assert "16384 列" in reasons[1]
    assert "压缩比" in reasons[2]
    case_import, task = settled(app, *good)
    assert (case_import.status, case_import.created) == ("done", 2), task.error
    with app.app_context():
        assert set(upload_folder().iterdir()) == uploads


def test_a_hostile_workbook_is_refused_at_upload_and_nothing_is_kept(app, office_client, tmp_path):
    """The upload page reads the file's top in the web process: the same checks refuse it there, in place."""
    with app.app_context():
        uploads = set(upload_folder().iterdir())
    token = csrf_token(office_client, "/cases/import")
    with open(far_cell(tmp_path / "far.xlsx"), "rb") as stream:
        response = office_client.post("/cases/import", data={"file": (stream, "far.xlsx")},
                                      headers={"HX-Request": "true", "X-CSRFToken": token},
                                      content_type="multipart/form-data")
    assert response.status_code == 422
    assert "far.xlsx，工作表 案件" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CaseImport)) == 0
        assert set(upload_folder().iterdir()) == uploads


def _lying_size(path: Path) -> Path:
    """A workbook whose archive directory states the sheet far smaller than it inflates to (zipfile would stop
    reading at the stated size; calamine's zip reader reads on)."""
    zip_bomb(path, megabytes=2)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    entry = data.find(b"PK\x01\x02")  # the central directory's entries
    while data[entry + 46:entry + 46 + len(name)] != name:
        entry = data.find(b"PK\x01\x02", entry + 4)
    stated = 10_000
    data[entry + 24:entry + 28] = stated.to_bytes(4, "little")
    extra = entry + 46 + len(name)
    if int.from_bytes(data[extra:extra + 2], "little") == 1:  # a zip64 field (force_zip64): the size comes first
        data[extra + 4:extra + 12] = stated.to_bytes(8, "little")
    path.write_bytes(bytes(data))
    assert zipfile.ZipFile(path).getinfo(name.decode()).file_size == stated
    return path


@pytest.mark.parametrize(("build", "reason"), [
    # A dimension that lies (A1:B2) does not hide a far cell, nor a grid of 200 columns by 1,048,576 rows that is
    # within both limits but would take 6.7 GB as calamine holds it.
    (lambda p: hostile_xlsx(p, header_row() + f'<row r="1048576">{cell("GR1048576")}</row>', dimension="A1:B2"),
     "1048576 行 × 200 列"),
    # Cells without r: calamine counts them along the row.
    (lambda p: hostile_xlsx(p, "<row>" + '<c t="inlineStr"><is><t>x</t></is></c>' * 201 + "</row>"), "GS1"),
    # Namespace prefixes, and an r hidden behind a ">" in another attribute.
    (lambda p: hostile_xlsx(p, f'<x:row xmlns:x="{MAIN}" r="1"><x:c r="IV1"><x:v>1</x:v></x:c></x:row>'), "IV1"),
    (lambda p: hostile_xlsx(p, '<row r="1"><c s=">" r="XFD1"><v>1</v></c></row>'), "XFD1"),
    (lambda p: hostile_xlsx(p, f'<row r="1">{cell("A1")}</row><row r="1048577">{cell("A1048577")}</row>'),
     "A1048577"),
    (lambda p: hostile_xlsx(p, header_row(), dimension="A1:V2000000"), "2000000 行"),
    (_lying_size, "超过了它声明的"),
])
def test_sheets_beyond_the_limits_are_refused_before_calamine_reads_them(app, plan, tmp_path, build, reason):
    path = build(tmp_path / "hostile.xlsx")
    with app.test_request_context(), pytest.raises(UnreadableFile) as refused:
        open_sheet(path, "hostile.xlsx")
    assert reason in str(refused.value)


def test_the_size_of_a_sheet_is_held_to_the_setting(app, plan, tmp_path):
    rows = "".join(f'<row r="{n}">{cell(f"A{n}", str(n) * 20)}</row>' for n in range(2, 40_000))
    path = hostile_xlsx(tmp_path / "big.xlsx", header_row() + rows)
    with app.test_request_context():
        open_sheet(path, "big.xlsx")  # 6 MB of XML: within the default 200 MB
        app.config["IMPORT_SHEET_MAX_BYTES"] = 1 << 20
        with pytest.raises(UnreadableFile, match=r"big\.xlsx，工作表 案件 展开后为 6 MB，超过 1 MB 的限制"):
            open_sheet(path, "big.xlsx")


def test_ordinary_workbooks_pass_the_checks(app, plan, tmp_path):
    """Our own files (openpyxl, no dimension), a declared dimension, cells written without r, and a workbook saved
    in full (not write-only) mode are read as before."""
    ours = write_workbook(tmp_path / "ours.xlsx", [row(n) for n in range(1, 30)])
    declared = hostile_xlsx(tmp_path / "declared.xlsx", header_row(), dimension="A1:V1")
    implicit = hostile_xlsx(tmp_path / "implicit.xlsx", "<row>" + "".join(
        f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEADERS) + "</row>")
    from tests.case_files import write_export

    export = write_export(tmp_path / "export.xlsx", HEADERS, [list(row(1).values())], title="武陟县人民法院 案件")
    with app.test_request_context():
        for path in (ours, declared, implicit, export):
            assert open_sheet(path, path.name).header == list(HEADERS), path.name


# ---------------------------------------------------------------------- the memory ceiling


def test_an_import_past_the_memory_ceiling_fails_with_its_reason_and_the_worker_goes_on(app, plan, tmp_path,
                                                                                      database_url, redis_url,
                                                                                      office_client):
    """A real worker with a 400 MB ceiling: a CSV whose first line is 190 MB needs more, in its work horse. The import
    is marked failed with the reason, its file removed, the job failed with the same words; the worker lives on and
    imports the next file."""
    with app.app_context():
        tasks.get_queue().empty()
    heavy = tmp_path / "heavy.csv"
    with open(heavy, "wb") as out:
        for _ in range(190):
            out.write(b"x" * (1 << 20))
    failing = queue_import(app, heavy)
    heavy.unlink()  # the upload is a copy; pytest keeps old temporary folders
    good = queue_import(app, write_csv(tmp_path / "good.csv", [row(1)]))

    burst_worker(database_url, redis_url, IMPORT_MEMORY_MB="400")

    case_import, task = settled(app, *failing)
    assert case_import.status == "failed" and case_import.stored_path is None
    assert "heavy.csv 需要的内存超过了导入可用的上限（400 MB）" in case_import.details["failure"]
    assert task.status == "failed" and task.error == case_import.details["failure"]
    page = office_client.get(f"/cases/imports/{failing[0]}").get_data(as_text=True)
    assert "需要的内存超过了导入可用的上限" in page
    case_import, task = settled(app, *good)
    assert (case_import.status, case_import.created) == ("done", 1), task.error
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == 1


def test_the_ceiling_is_not_set_when_the_job_runs_in_the_callers_process(app, plan, tmp_path, monkeypatch):
    """SimpleWorker runs the job in its own process (here: pytest's): no ceiling there, it would outlive the job."""
    from rq import SimpleWorker

    import app.tasks.cases as job_module

    limits = []
    real = job_module.run_case_import

    def recording(case_import, progress=None, memory_limit=0):
        limits.append(memory_limit)
        return real(case_import, progress, memory_limit)

    monkeypatch.setattr(job_module, "run_case_import", recording)
    before = resource.getrlimit(resource.RLIMIT_AS)
    with app.app_context():
        tasks.get_queue().empty()
    import_id, _task_id = queue_import(app, write_csv(tmp_path / "good.csv", [row(1)]))
    with app.app_context():
        queue = tasks.get_queue()
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
        assert db.session.get(CaseImport, import_id).status == "done"
    assert limits == [0]
    assert resource.getrlimit(resource.RLIMIT_AS) == before


# ---------------------------------------------------------------------- bounded error lists


def junk_csv(path: Path, lines: int) -> Path:
    """The probe's file: a header, then lines of junk (each row has three bad fields)."""
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADERS) + "\n")
        for n in range(lines):
            out.write(f"junk{n},x,y\n")
    return path


def test_an_import_keeps_its_first_thousand_errors_and_counts_every_one(app, plan, office_client, tmp_path):
    path = junk_csv(tmp_path / "junk.csv", 3000)
    with app.app_context():
        court = db.session.scalar(select(Court))
        with open(path, "rb") as stream:
            case_import = store_upload(stream, path.name, court, None)
        outcome = run_case_import(case_import)
        import_id = case_import.id
    assert len(outcome.errors) == 9000 and len(list(outcome.errors)) == 1000
    with app.app_context():
        stored = db.session.get(CaseImport, import_id)
        assert stored.status == "rejected" and stored.error_count == 9000
        assert len(stored.errors) == 1000 and stored.errors[0]["row"] == 2
        groups = {(g["column"], g["rows"]) for g in stored.error_groups}
        assert groups == {("案号", 3000), ("承办部门", 3000), ("立案日期", 3000)}

    page = office_client.get(f"/cases/imports/{import_id}").get_data(as_text=True)
    assert "未导入任何数据：发现 9000 处错误" in page
    assert "另有 8000 条错误未列出" in page
    assert "列 立案日期：此列不能为空。 — 3000 行" in page
    history = office_client.get("/cases/import").get_data(as_text=True)
    assert "已拒绝：9000 处错误" in history

    response = office_client.get(f"/cases/imports/{import_id}/errors.xlsx")
    workbook = load_workbook(BytesIO(response.data), read_only=True)
    bad_rows = [r for r in workbook.worksheets[0].iter_rows(min_row=3, values_only=True) if r and isinstance(r[0], int)]
    assert len(bad_rows) == 1000
    notes = [r[0] for r in workbook.worksheets[0].iter_rows(values_only=True) if r and isinstance(r[0], str)]
    assert any("另有 8000 条错误未列出" in note for note in notes)
    counts = list(workbook.worksheets[1].iter_rows(min_row=3, values_only=True))
    assert ("立案日期", "此列不能为空。", 3000) in counts


def test_the_import_history_does_not_load_the_error_lists(app, plan, office_client, tmp_path):
    path = junk_csv(tmp_path / "junk.csv", 50)
    with app.app_context():
        with open(path, "rb") as stream:
            run_case_import(store_upload(stream, path.name, db.session.scalar(select(Court)), None))
        statements = []
        listen = lambda conn, cursor, statement, *rest: statements.append(statement)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            page = office_client.get("/cases/import").get_data(as_text=True)
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
    assert "已拒绝：150 处错误" in page
    # The rows fetched (a count's subquery names every column, the database reads none of them).
    fetched = [s for s in statements if s.startswith("SELECT case_imports.id")]
    assert fetched and not [s for s in fetched if "case_imports.errors" in s or "error_groups" in s]


# ---------------------------------------------------------------------- uploads left waiting for a mapping


def test_uploads_left_waiting_for_their_mapping_go_after_a_week(app, plan, tmp_path):
    import importlib
    from datetime import timedelta

    from rq import cron

    import app.tasks.schedule as schedule
    from app.models.base import utcnow
    from app.tasks.cases import clean_stale_uploads

    importlib.reload(schedule)
    registered = [e for e in cron._job_data_registry if e.get("name") == "stale-upload-cleanup"]
    assert registered and registered[-1]["cron"] == "15 2 * * *" and registered[-1]["queue_name"] == "periodic"
    ages = {"old.csv": ("mapping", 8), "recent.csv": ("mapping", 6), "queued.csv": ("pending", 30)}
    with app.app_context():
        for key in tasks.redis_connection().scan_iter("quality-year:stale-uploads:*"):
            tasks.redis_connection().delete(key)
        court = db.session.scalar(select(Court))
        paths = {}
        for name, (status, days) in ages.items():
            with open(write_csv(tmp_path / name, [row(1)]), "rb") as stream:
                case_import = store_upload(stream, name, court, None)
            case_import.status, case_import.started_at = status, utcnow() - timedelta(days=days)
            paths[name] = Path(case_import.stored_path)
        db.session.commit()
        assert clean_stale_uploads() == 1
        assert clean_stale_uploads() == 0  # a second scheduler the same night does nothing
        left = {i.file_name: i.status for i in db.session.scalars(select(CaseImport))}
    assert left == {"recent.csv": "mapping", "queued.csv": "pending"}
    assert not paths["old.csv"].exists() and paths["recent.csv"].exists() and paths["queued.csv"].exists()
