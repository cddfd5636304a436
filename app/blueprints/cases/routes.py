"""The case register and the import of cases and of hearings held (upload → background job → counts, or every bad
row)."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from app import tasks
from app.blueprints.cases import bp
from app.extensions import db
from app.importers import UnreadableFile, discard_upload, hearings, store_upload
from app.importers.cases import EXAMPLE_ROW, HEADERS
from app.models import Case, CaseImport, Department
from app.policy import require, visible_department_ids
from app.search import search_cases
from app.tasks.cases import import_cases
from app.web import in_court_or_404, paginate, render
from app.xlsx import write_xlsx, xlsx_response

# Past this many matches the list says "more than" instead of counting a court's whole case table.
CASE_COUNT_CAP = 1000


def _departments() -> list[Department]:
    query = select(Department).where(Department.court_id == current_user.court_id).order_by(Department.position)
    visible = visible_department_ids()
    if visible is not None:
        query = query.where(Department.id.in_(visible))
    return list(db.session.scalars(query))


@bp.get("/")
@require("case.view")
def index() -> str:
    departments = visible_department_ids()
    department_id = request.args.get("department", type=int)
    if department_id:
        departments = {department_id} if departments is None else departments & {department_id}
    search = request.args.get("q", "").strip()
    query = search_cases(current_user.court_id, search, departments)
    state = request.args.get("state", "")
    if state == "pending":
        query = query.where(Case.closed_on.is_(None))
    elif state == "closed":
        query = query.where(Case.closed_on.isnot(None))
    page = paginate(query.order_by(Case.filed_on.desc(), Case.id.desc()), count_cap=CASE_COUNT_CAP)
    return render("cases/index.html", "cases/_table.html", page=page, search=search, department_id=department_id,
                  state=state, departments=_departments())


@bp.get("/template.xlsx")
@require("case.import")
def template():
    return xlsx_response(write_xlsx(list(HEADERS), [list(EXAMPLE_ROW)], "案件"), "案件导入模板.xlsx")


@bp.get("/hearings-template.xlsx")
@require("case.import")
def hearings_template():
    return xlsx_response(write_xlsx(list(hearings.HEADERS), [list(hearings.EXAMPLE_ROW)], "开庭"),
                         "开庭记录导入模板.xlsx")


@bp.get("/import")
@require("case.import")
def import_form() -> str:
    history = paginate(
        select(CaseImport).where(CaseImport.court_id == current_user.court_id).order_by(CaseImport.id.desc())
    )
    return render("cases/import.html", "cases/_history.html", history=history, task=None, error=None)


@bp.post("/import")
@require("case.import")
def start_import() -> tuple[str, int] | str:
    error = None
    task = None
    try:
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            error = _("Choose a .xlsx or .csv file to import.")
        else:
            kind = "hearings" if request.form.get("kind") == "hearings" else "cases"
            case_import = store_upload(upload.stream, upload.filename, current_user.department.court,
                                       current_user, kind=kind)
            try:
                task = tasks.submit(import_cases, case_import.id, kind="case_import",
                                    description=_("Import %(name)s", name=upload.filename),
                                    permission="case.import", court_id=current_user.court_id, user=current_user)
            except tasks.QueueUnavailable:
                discard_upload(case_import)  # it would wait for ever; the user uploads again later
                raise
            case_import.task_id = task.id
            db.session.commit()
    except RequestEntityTooLarge:
        error = _("The file is larger than %(limit)d MB.", limit=current_app.config["IMPORT_MAX_BYTES"] >> 20)
    except (UnreadableFile, tasks.QueueUnavailable) as refused:
        error = str(refused)
    history = paginate(
        select(CaseImport).where(CaseImport.court_id == current_user.court_id).order_by(CaseImport.id.desc())
    )
    html = render("cases/import.html", "cases/_import_status.html", history=history, task=task, error=error)
    return (html, 422) if error else html


def _import_or_404(import_id: int) -> CaseImport:
    return in_court_or_404(CaseImport, import_id)


@bp.get("/imports/<int:import_id>")
@require("case.import")
def import_detail(import_id: int) -> str:
    case_import = _import_or_404(import_id)
    errors = case_import.errors or []
    per_page = current_app.config["PAGE_SIZE"] * 4
    page = max(1, request.args.get("page", 1, type=int) or 1)
    shown = errors[(page - 1) * per_page: page * per_page]
    pages = max(1, -(-len(errors) // per_page))
    return render("cases/import_detail.html", "cases/_errors.html", case_import=case_import, errors=shown,
                  page=page, pages=pages, total=len(errors))


@bp.get("/imports/<int:import_id>/errors.xlsx")
@require("case.import")
def import_errors(import_id: int):
    case_import = _import_or_404(import_id)
    rows = [[e["row"] or "", e["column"], e["value"], e["reason"]] for e in case_import.errors or []]
    header = [_("Row"), _("Column"), _("Value"), _("Reason")]
    stem = case_import.file_name.rsplit(".", 1)[0]
    return xlsx_response(write_xlsx(header, rows, _("Bad rows")), f"{stem}-错误行.xlsx")



