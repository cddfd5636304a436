"""The case register and the import of cases and of hearings held (upload → background job → counts, or every bad
row)."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import RequestEntityTooLarge

from app import tasks
from app.blueprints.cases import bp
from app.blueprints.measures.register import Register
from app.campaign import current_campaign, today
from app.cases.record import case_record, find_case
from app.extensions import db
from app.importers import (
    COLUMNS,
    ProfileError,
    UnreadableFile,
    court_profiles,
    delete_profile,
    discard_upload,
    hearings,
    preview_upload,
    save_profile,
    store_upload,
)
from app.importers.cases import EXAMPLE_ROW, HEADERS
from app.importers.columns import ignored_headers, spellings
from app.models import Campaign, Case, CaseImport, Court, Department, ImportProfile, Task
from app.plans.access import measure_spec
from app.plans.schema import ItemKindSpec
from app.policy import case_scope, may_see_case, require, visible_department_ids
from app.registers.cases import may_name_case
from app.search import search_cases
from app.tasks.cases import import_cases
from app.web import in_court_or_404, int_arg, paginate, render
from app.xlsx import Column, Sheet, Title, workbook, xlsx_response, xlsx_stream_response

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
    # The cases the policy lets the user see (policy.case_scope), so that the case page agrees.
    scope = case_scope()
    department_id = int_arg("department")
    if department_id:
        scope = scope.in_department(department_id)
    search = request.args.get("q", "").strip()
    query = search_cases(scope, search)
    state = request.args.get("state", "")
    if state == "pending":
        query = query.where(Case.closed_on.is_(None))
    elif state == "closed":
        query = query.where(Case.closed_on.isnot(None))
    page = paginate(query.order_by(Case.filed_on.desc(), Case.id.desc()), count_cap=CASE_COUNT_CAP)
    return render("cases/index.html", "cases/_table.html", page=page, search=search, department_id=department_id,
                  state=state, departments=_departments())


@bp.get("/n/<path:number>")
@require("case.view")
def case(number: str) -> str | tuple[str, int]:
    """Everything about one case, found by its number in the user's court. An unknown number, and a case outside
    the user's reach (policy.may_see_case), get the same "not in the case data" page."""
    found = find_case(current_user.court_id, number)
    if found is None or not may_see_case(found):
        return render_template("cases/missing.html", number=number), 404
    campaign = current_campaign(current_user.court_id)
    return render("cases/case.html", record=case_record(campaign, found, current_user._get_current_object()),
                  campaign=campaign, day=today(), requests=_requests_from_here(campaign, found))


def _requests_from_here(campaign: Campaign | None, case: Case) -> list[tuple[str, ItemKindSpec]]:
    """The approval request kinds (they move time limits) the user may start for this pending case, by measure."""
    if campaign is None or case.closed_on is not None:
        return []
    user = current_user._get_current_object()
    found = []
    for measure in campaign.measures:
        spec = measure_spec(campaign, measure.code)
        if spec is None or f"{measure.code}.new_item_page" not in current_app.view_functions or \
                not any(k.on_approve == "extend_time_limit" for k in spec.item_kinds):
            continue
        found += [(measure.code, kind) for kind in Register(measure).kinds_i_hand_in()
                  if kind.on_approve == "extend_time_limit" and may_name_case(kind, case, user)]
    return found


@bp.get("/template.xlsx")
@require("case.import")
def template():
    return xlsx_response(_template(HEADERS, EXAMPLE_ROW, "案件", "cases"), "案件导入模板.xlsx")


@bp.get("/hearings-template.xlsx")
@require("case.import")
def hearings_template():
    return xlsx_response(_template(hearings.HEADERS, hearings.EXAMPLE_ROW, "开庭", "hearings"), "开庭记录导入模板.xlsx")


def _template(headers: tuple[str, ...], example: tuple[str, ...], title: str, kind: str) -> bytes:
    """The template, and a second sheet with the other spellings each column is accepted under."""
    others = spellings(kind)
    rows = [[h, "、".join(others.get(h, []))] for h in headers]
    rows.append([_("(left out)"), "、".join(ignored_headers(kind))])
    return workbook([Sheet(title, [Column(h) for h in headers], [list(example)]),
                     Sheet(_("Accepted headers"), [Column(_("Our column")), Column(_("Also accepted"))], rows)])


@bp.get("/import")
@require("case.import")
def import_form() -> str:
    return render("cases/import.html", "cases/_history.html", history=_history(), task=None, error=None,
                  mapping=None, profiles=court_profiles(current_user.court_id))


@bp.post("/import")
@require("case.import")
def start_import() -> tuple[str, int] | str:
    error = None
    task = None
    mapping = None
    case_import = None
    try:
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            error = _("Choose a .xlsx or .csv file to import.")
        else:
            kind = "hearings" if request.form.get("kind") == "hearings" else "cases"
            case_import = store_upload(upload.stream, upload.filename, current_user.department.court,
                                       current_user, kind=kind)
            try:
                top = preview_upload(case_import)  # the first rows only: the whole file is the job's
            except UnreadableFile:
                discard_upload(case_import)
                raise
            if top.needs_mapping:
                case_import.status = "mapping"  # the office says which column is which, then it is queued
                db.session.commit()
                mapping = top
            else:
                if top.profile is not None:
                    case_import.profile_id = top.profile.id
                task = _queue(case_import)
    except RequestEntityTooLarge:
        error = _("The file is larger than %(limit)d MB.", limit=current_app.config["IMPORT_MAX_BYTES"] >> 20)
    except (UnreadableFile, tasks.QueueUnavailable) as refused:
        error = str(refused)
    html = render("cases/import.html", "cases/_import_status.html", history=_history(), task=task, error=error,
                  mapping=mapping, case_import=case_import, ours=_ours(case_import),
                  profiles=court_profiles(current_user.court_id))
    return (html, 422) if error else html


def _history():
    return paginate(
        select(CaseImport).where(CaseImport.court_id == current_user.court_id)
        .options(selectinload(CaseImport.user), selectinload(CaseImport.profile)).order_by(CaseImport.id.desc())
    )


def _ours(case_import: CaseImport | None) -> tuple[str, ...]:
    return COLUMNS[case_import.kind] if case_import is not None else HEADERS


def _queue(case_import: CaseImport) -> Task:
    """Queue the import job; an upload that cannot be queued is forgotten (the user uploads again later)."""
    try:
        task = tasks.submit(import_cases, case_import.id, kind="case_import",
                            description=_("Import %(name)s", name=case_import.file_name),
                            permission="case.import", court_id=current_user.court_id, user=current_user)
    except tasks.QueueUnavailable:
        discard_upload(case_import)
        raise
    case_import.task_id = task.id
    db.session.commit()
    return task


@bp.get("/imports/<int:import_id>/mapping")
@require("case.import")
def mapping_form(import_id: int):
    case_import = _import_or_404(import_id)
    if case_import.status != "mapping":
        return redirect(url_for("cases.import_detail", import_id=import_id))
    return render("cases/mapping.html", "cases/_import_status.html", case_import=case_import,
                  mapping=preview_upload(case_import), ours=_ours(case_import), task=None, error=None)


@bp.post("/imports/<int:import_id>/mapping")
@require("case.import")
def save_mapping(import_id: int) -> tuple[str, int] | str:
    """Save the office's column mapping as a named profile and queue the import with it."""
    case_import = _import_or_404(import_id)
    if case_import.status != "mapping":
        return redirect(url_for("cases.import_detail", import_id=import_id))
    choices = {int(key.removeprefix("column-")): value for key, value in request.form.items()
               if key.startswith("column-") and key.removeprefix("column-").isdigit()}
    error = task = mapping = None
    try:
        save_profile(case_import, request.form.get("profile_name", ""), choices, current_user)
        case_import.status = "pending"
        db.session.commit()
        task = _queue(case_import)
    except ProfileError as refused:
        db.session.rollback()
        error = str(refused)
        mapping = preview_upload(case_import)
    except (UnreadableFile, tasks.QueueUnavailable) as refused:
        error = str(refused)
    html = render("cases/mapping.html", "cases/_import_status.html", case_import=case_import, mapping=mapping,
                  ours=_ours(case_import), task=task, error=error, profile_name=request.form.get("profile_name"))
    return (html, 422) if error else html


@bp.post("/profiles/<int:profile_id>/delete")
@require("case.import")
def remove_profile(profile_id: int) -> str:
    """Forget a saved column mapping; the next file with its headers asks again."""
    delete_profile(in_court_or_404(ImportProfile, profile_id), current_user)
    if request.headers.get("HX-Request"):
        return render("cases/_profiles.html", profiles=court_profiles(current_user.court_id))
    return redirect(url_for("cases.import_form"))


def _import_or_404(import_id: int) -> CaseImport:
    return in_court_or_404(CaseImport, import_id)


@bp.get("/imports/<int:import_id>")
@require("case.import")
def import_detail(import_id: int) -> str:
    case_import = _import_or_404(import_id)
    errors = case_import.errors or []  # the first IMPORT_MAX_ERRORS, loaded here only (a deferred column)
    per_page = current_app.config["PAGE_SIZE"] * 4
    page = max(1, int_arg("page", 1) or 1)
    shown = errors[(page - 1) * per_page: page * per_page]
    pages = max(1, -(-len(errors) // per_page))
    return render("cases/import_detail.html", "cases/_errors.html", case_import=case_import, errors=shown,
                  page=page, pages=pages, total=len(errors), unlisted=max(0, case_import.error_count - len(errors)),
                  groups=case_import.error_groups or [])


@bp.get("/imports/<int:import_id>/errors.xlsx")
@require("case.import")
def import_errors(import_id: int):
    case_import = _import_or_404(import_id)
    errors = case_import.errors or []
    rows = ([e["row"] or "", e["column"], e["value"], e["reason"]] for e in errors)
    columns = [Column(_("Row"), "integer"), Column(_("Column")), Column(_("Value")), Column(_("Reason"))]
    court = db.session.get(Court, case_import.court_id).name
    title = Title(court, _("Bad rows of %(file)s", file=case_import.file_name), cutoff=case_import.started_at)
    unlisted = case_import.error_count - len(errors)
    notes = [_("%(n)d more bad rows are not listed; the sheet %(sheet)s counts them by column and reason.", n=unlisted,
               sheet=_("Counts"))] if unlisted > 0 else []
    counts = Sheet(_("Counts"), [Column(_("Column")), Column(_("Reason")), Column(_("Rows"), "integer")],
                   ([g["column"], g["reason"], g["rows"]] for g in case_import.error_groups or []),
                   Title(court, _("Bad rows of %(file)s by column and reason", file=case_import.file_name),
                         cutoff=case_import.started_at))
    stem = case_import.file_name.rsplit(".", 1)[0]
    return xlsx_stream_response([Sheet(_("Bad rows"), columns, rows, title, notes), counts], f"{stem}-错误行.xlsx")



